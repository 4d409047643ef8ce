package dev.kizashi.cli;

import dev.kizashi.connectors.kafka.EventProducer;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaTopics;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.wire.EventCodec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kizashi produce}: streams events into the events topic, keyed by customer. Every line of a
 * file is sent as its bytes (the job dead-letters what is not an event); blank lines are skipped
 * and counted. Ends with one summary line.
 */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description =
                "Stream events into the events topic (keyed by customerId, idempotent producer),"
                        + " from a JSON-lines file or the built-in generator, at a given rate."
                        + " Every line of the file is sent as it is, valid or not (the job"
                        + " dead-letters what is not an event); blank lines carry no event and are"
                        + " skipped. Ends with a summary: lines read, sent, skipped, failed.")
final class ProduceCommand implements Callable<Integer> {
    @Mixin KafkaConnectionOptions kafka;

    @Option(
            names = "--events-topic",
            defaultValue = KafkaSettings.DEFAULT_EVENTS_TOPIC,
            description = "Events topic, created if missing (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(names = "--events", paramLabel = "FILE", description = "A JSON-lines file to send.")
    Path events;

    @Option(names = "--generate", description = "Send the built-in generator's stream instead.")
    boolean generate;

    @Mixin GeneratorOptions generator;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            description =
                    "Events per second; 0 sends as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrap == null || (events == null) == !generate) {
            System.err.println(
                    "kizashi produce: give --kafka and one of --events FILE or --generate");
            return 2;
        }
        KafkaSettings settings = kafka.settings().eventsTopic(eventsTopic).build();
        EventProducer.Counts counts;
        String from;
        if (generate) {
            createTopic(settings);
            EventCodec codec = new EventCodec();
            try (EventProducer producer = new EventProducer(settings)) {
                counts =
                        producer.produce(
                                new SubscriptionGenerator(generator.toConfig())
                                        .lines(codec::encode),
                                rate);
            }
            from = "the generator";
        } else {
            // opened first: a file that cannot be read is reported before anything is sent
            try (InputStream in = Files.newInputStream(events)) {
                createTopic(settings);
                try (EventProducer producer = new EventProducer(settings)) {
                    counts = producer.produce(in, rate);
                }
            }
            from = events.toString();
        }
        System.out.println(summary(counts, from, settings.eventsTopic()));
        return counts.failed() == 0 ? 0 : 1;
    }

    /**
     * One line: what was read, sent (and how: without key, as raw bytes, cut), skipped and failed.
     */
    static String summary(EventProducer.Counts c, String from, String topic) {
        StringBuilder sb =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "kizashi produce: read %,d lines from %s: sent %,d to %s",
                                c.read(),
                                from,
                                c.sent(),
                                topic));
        List<String> notes = new ArrayList<>();
        if (c.notUtf8() > 0) {
            notes.add(String.format(Locale.ROOT, "%,d not UTF-8, sent as bytes", c.notUtf8()));
        }
        if (c.cut() > 0) {
            notes.add(
                    String.format(
                            Locale.ROOT,
                            "%,d longer than %,d bytes, sent cut (the job dead-letters them as"
                                    + " OVERSIZED)",
                            c.cut(),
                            EventProducer.MAX_LINE_BYTES));
        }
        if (c.unkeyed() > 0) {
            notes.add(
                    String.format(
                            Locale.ROOT, "%,d without key: no customerId to read", c.unkeyed()));
        }
        if (!notes.isEmpty()) {
            sb.append(" (")
                    .append(String.join("; ", notes))
                    .append("; the job dead-letters what is not an event)");
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        ", %,d blank skipped (no event in them), %,d failed, %,.0f records/s",
                        c.blank(),
                        c.failed(),
                        c.ratePerSecond()));
        if (c.firstError() != null) {
            sb.append("; first error: ").append(Kizashi.oneLine(c.firstError()));
        }
        return sb.toString();
    }

    /** Creates the events topic (2 partitions) if it does not exist; the job creates the others. */
    private static void createTopic(KafkaSettings settings) throws Exception {
        try (Admin admin = Admin.create(settings.clientProperties())) {
            List<NewTopic> events = List.of(new NewTopic(settings.eventsTopic(), 2, (short) 1));
            admin.createTopics(events).all().get(60, TimeUnit.SECONDS);
            KafkaTopics.awaitServed(admin, events);
            System.out.println("kizashi produce: created topic " + settings.eventsTopic());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}

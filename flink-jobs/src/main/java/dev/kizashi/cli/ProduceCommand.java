package dev.kizashi.cli;

import dev.kizashi.connectors.kafka.EventProducer;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaTopics;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.wire.EventCodec;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kizashi produce}: streams events into the events topic, keyed by customer. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description =
                "Stream events into the events topic (keyed by customerId, idempotent producer),"
                        + " from a JSON-lines file or the built-in generator, at a given rate.")
final class ProduceCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

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
        KafkaSettings settings = kafka.settings().build();
        try (Admin admin = Admin.create(settings.clientProperties())) {
            KafkaTopics.create(admin, settings, 2, (short) 1);
        }
        try (EventProducer producer = new EventProducer(settings)) {
            EventProducer.Counts counts;
            if (generate) {
                EventCodec codec = new EventCodec();
                Iterator<String> lines =
                        new SubscriptionGenerator(generator.toConfig()).lines(codec::encode);
                counts = producer.produce(lines, rate);
            } else {
                try (BufferedReader r = Files.newBufferedReader(events)) {
                    counts = producer.produce(r.lines().iterator(), rate);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "sent %,d events to %s (%,d failed) at %,.0f events/s%n",
                    counts.sent(),
                    settings.eventsTopic(),
                    counts.failed(),
                    counts.ratePerSecond());
            return counts.failed() == 0 ? 0 : 1;
        }
    }
}

package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kizashi.connectors.kafka.EventProducer;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaTopics;
import dev.kizashi.connectors.stack.LocalStack;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.wire.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees on the console of a live run (the launcher's {@code conf/log4j2.properties}
 * ) while the job runs with its four exactly-once Kafka sinks, checkpointing, and while it is
 * restored from a savepoint taken with events still flowing: no metric name collision warnings and
 * no ERROR line; the fenced re-commits of a restore show as one WARN line each, and every
 * transaction they name is indeed committed on the broker.
 */
class LiveLogITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Path LAUNCHER_CONFIG = Path.of("conf", "log4j2.properties");
    private static final Pattern CONSOLE_LINE =
            Pattern.compile("\\d\\d:\\d\\d:\\d\\d (TRACE|DEBUG|INFO|WARN|ERROR) .*");
    private static final Pattern FENCED =
            Pattern.compile(
                    "\\d\\d:\\d\\d:\\d\\d WARN  KafkaCommitter - transaction (\\S+) was already"
                            + " ended on the broker .*");

    @TempDir Path dir;

    private static KafkaSettings settings(String bootstrap, String run) {
        return KafkaSettings.builder(bootstrap)
                .eventsTopic(run + ".events")
                .alertsTopic(run + ".alerts")
                .scoresTopic(run + ".scores")
                .deadLettersTopic(run + ".dead-letters")
                .controlTopic(run + ".control")
                .outcomesTopic(run + ".outcomes")
                .groupId(run)
                .transactionalIdPrefix(run)
                .startingOffsets(KafkaSettings.StartingOffsets.EARLIEST)
                .build();
    }

    private static List<String> lines() {
        EventCodec codec = new EventCodec();
        List<String> out = new ArrayList<>();
        new SubscriptionGenerator(GeneratorConfig.of(1000, 120, 5).withBadLineRate(0.01))
                .lines(codec::encode)
                .forEachRemaining(out::add);
        return out;
    }

    private Configuration conf(String name) {
        Configuration c = new Configuration();
        c.setString("parallelism.default", "2");
        c.set(KizashiOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(300));
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve(name).toUri().toString());
        return c;
    }

    /** How many records {@code topic} holds for read_committed consumers now. */
    private static long committed(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts =
                    consumer.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long n = 0;
            var end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                n += consumer.poll(Duration.ofMillis(200)).count();
            }
            return n;
        }
    }

    private static boolean completedCheckpoint(Path jobCheckpoints) throws IOException {
        if (!Files.isDirectory(jobCheckpoints)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(jobCheckpoints)) {
            return dirs.anyMatch(
                    d ->
                            d.getFileName().toString().startsWith("chk-")
                                    && Files.exists(d.resolve("_metadata")));
        }
    }

    /** The launcher's logging, console on a buffer, while {@code body} runs; what it printed. */
    private static List<String> console(ThrowingRunnable body) throws Exception {
        LoggerContext context = LoggerContext.getContext(false);
        URI before = context.getConfigLocation();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the launcher's console appenders follow System.err
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            context.setConfigLocation(LAUNCHER_CONFIG.toAbsolutePath().toUri());
            body.run();
        } finally {
            context.setConfigLocation(before);
            System.setErr(originalErr);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        lines.forEach(l -> originalErr.println("[console] " + l)); // for a failure's log
        return lines;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aLiveRunAndItsRestoreFromASavepointPrintNoCollisionsAndNoErrors() throws Exception {
        String bootstrap = LocalStack.kafkaBootstrap();
        String run = "it-log-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings s = settings(bootstrap, run);
        try (Admin admin = Admin.create(s.clientProperties())) {
            KafkaTopics.create(admin, s, 2, (short) 1);
        }
        List<String> lines = lines();
        ChurnJobConfig config = ChurnJobConfig.defaults();

        List<String> printed =
                console(
                        () -> {
                            // events keep coming while the job is stopped and restored, so the
                            // savepoint holds open transactions of every busy sink
                            CompletableFuture<EventProducer.Counts> producing =
                                    CompletableFuture.supplyAsync(
                                            () -> {
                                                try (EventProducer p = new EventProducer(s)) {
                                                    return p.produce(lines.iterator(), 2000);
                                                }
                                            });
                            StreamExecutionEnvironment env1 =
                                    Environments.create(conf("cp1"), config);
                            LiveJob.create(s, config).build(env1);
                            JobClient first = env1.executeAsync("live-log-1");
                            await().atMost(Duration.ofMinutes(2))
                                    .until(
                                            () ->
                                                    committed(bootstrap, s.alertsTopic()) > 0
                                                            && committed(
                                                                            bootstrap,
                                                                            s.deadLettersTopic())
                                                                    > 0);
                            String savepoint =
                                    first.stopWithSavepoint(
                                                    false,
                                                    dir.resolve("savepoints").toUri().toString(),
                                                    SavepointFormatType.CANONICAL)
                                            .get();

                            Configuration c2 = conf("cp2");
                            c2.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
                            StreamExecutionEnvironment env2 = Environments.create(c2, config);
                            LiveJob.create(s, config).build(env2);
                            JobClient second = env2.executeAsync("live-log-2");
                            try {
                                // a completed checkpoint: every operator restored (the committers
                                // commit the savepoint's transactions first) and ran
                                Path checkpoints =
                                        dir.resolve("cp2").resolve(second.getJobID().toString());
                                await().atMost(Duration.ofMinutes(2))
                                        .until(
                                                () ->
                                                        producing.isDone()
                                                                && completedCheckpoint(
                                                                        checkpoints));
                            } finally {
                                second.cancel().get();
                            }
                            assertThat(producing.join().failed()).isZero();
                        });

        assertThat(printed)
                .as("metric name collisions on the console")
                .noneMatch(l -> l.contains("Name collision"));
        assertThat(printed)
                .as("ERROR lines on the console")
                .noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d ERROR .*"));
        assertThat(printed)
                .as("every console line is a log line of the launcher's pattern, one line each")
                .allMatch(l -> CONSOLE_LINE.matcher(l).matches());

        List<String> fenced = new ArrayList<>();
        for (String l : printed) {
            Matcher m = FENCED.matcher(l);
            if (m.matches()) {
                fenced.add(m.group(1));
            }
        }
        // The savepoint's transactions were committed when it completed, so the restored job's
        // commits of them are refused as fenced (Kafka 4, transaction.version 2).
        assertThat(fenced).as("fenced re-commits of the restore").isNotEmpty();
        try (Admin admin = Admin.create(s.clientProperties())) {
            Map<String, TransactionDescription> states =
                    admin.describeTransactions(fenced).all().get();
            assertThat(states.values())
                    .as("the transactions named as fenced are committed")
                    .allSatisfy(
                            d -> assertThat(d.state()).isEqualTo(TransactionState.COMPLETE_COMMIT));
        }
    }
}

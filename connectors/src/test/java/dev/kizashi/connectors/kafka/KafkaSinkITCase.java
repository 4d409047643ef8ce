package dev.kizashi.connectors.kafka;

import static dev.kizashi.connectors.kafka.KafkaTestSupport.bootstrap;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.createTopic;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.header;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.readAll;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kizashi.alert.Alert;
import dev.kizashi.model.ChurnPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KafkaSinks#alerts} (EXACTLY_ONCE) on a Flink MiniCluster against the real broker. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class KafkaSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A deterministic alert per index: the same index gives the same alert in every run. */
    static Alert alertFor(Long i) {
        String customer = "c-" + (i % 37);
        ChurnPattern pattern = ChurnPattern.values()[(int) (i % ChurnPattern.values().length)];
        return new Alert(
                "a-" + i,
                customer,
                pattern,
                pattern.defaultSeverity(),
                0.5,
                List.of(),
                List.of("e-" + i),
                "alert " + i,
                1_700_000_000_000L + i * 1000,
                1_700_000_000_000L + i * 1000 + 5,
                "GOLD",
                "ACTIVE",
                "call",
                i % 2 == 0 ? "email" : "line");
    }

    private static KafkaSettings settings(String alertsTopic) {
        return KafkaSettings.builder(bootstrap())
                .alertsTopic(alertsTopic)
                .transactionalIdPrefix(unique("it-tx"))
                .build();
    }

    private static String alertId(ConsumerRecord<String, String> r) {
        try {
            return JSON.readTree(r.value()).get("alertId").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ visibility

    /** Emits the alert of each index; after the last one, blocks until the test opens the gate. */
    static final class GateAfterLast extends ProcessFunction<Long, Alert> {
        static volatile CountDownLatch gate = new CountDownLatch(0);
        private final long last;

        GateAfterLast(long last) {
            this.last = last;
        }

        @Override
        public void processElement(Long i, Context ctx, Collector<Alert> out) throws Exception {
            out.collect(alertFor(i));
            if (i == last && !gate.await(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        }
    }

    @Test
    void readCommittedSeesEachAlertOnceWithKeyAndHeadersOnlyAfterTheCommit() throws Exception {
        String topic = unique("it-alerts");
        createTopic(topic, 2);
        int n = 200;
        GateAfterLast.gate = new CountDownLatch(1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        env.fromSequence(0, n - 1)
                .process(new GateAfterLast(n - 1))
                .sinkTo(KafkaSinks.alerts(settings(topic)));
        JobClient job = env.executeAsync("kafka-sink-visibility-it");
        try {
            // All records are in the log, but the transaction holding (at least) the last one
            // cannot commit while the task is blocked: read_uncommitted sees them all,
            // read_committed does not.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> readAll(topic, false).size() == n);
            int committedWhileOpen = readAll(topic, true).size();
            System.out.printf(
                    "[kafka-it] while a transaction is open: read_uncommitted %d, read_committed"
                            + " %d%n",
                    n, committedWhileOpen);
            assertThat(committedWhileOpen).isLessThan(n);
        } finally {
            GateAfterLast.gate.countDown();
        }
        job.getJobExecutionResult().get(90, TimeUnit.SECONDS);

        List<ConsumerRecord<String, String>> committed = readAll(topic, true);
        assertThat(committed).hasSize(n);
        assertThat(committed.stream().map(KafkaSinkITCase::alertId).collect(Collectors.toSet()))
                .hasSize(n);
        for (ConsumerRecord<String, String> r : committed) {
            JsonNode a = JSON.readTree(r.value());
            Alert expected = alertFor(Long.parseLong(a.get("alertId").asText().substring(2)));
            assertThat(r.key()).isEqualTo(expected.customerId());
            assertThat(a.get("customerId").asText()).isEqualTo(expected.customerId());
            assertThat(header(r, "pattern")).isEqualTo(expected.pattern().name());
            assertThat(header(r, "severity")).isEqualTo(expected.severity().name());
            assertThat(header(r, "channel")).isEqualTo(expected.channel());
        }
    }

    // ------------------------------------------------------------------ failure and restart

    private static final int N = 6000;
    private static final double RATE = 3000;

    /**
     * Passes records through; in a failing run, throws once, in the first subtask that has seen a
     * completed checkpoint and {@code failAfter} records.
     */
    static final class FailOnce extends RichMapFunction<Long, Long> implements CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicLong PROCESSED = new AtomicLong();
        static final AtomicLong PROCESSED_AT_FAILURE = new AtomicLong();

        private final long failAfter;
        private transient long seen;
        private transient volatile boolean checkpointed;

        FailOnce(long failAfter) {
            this.failAfter = failAfter;
        }

        static void reset() {
            FAILED.set(false);
            PROCESSED.set(0);
            PROCESSED_AT_FAILURE.set(0);
        }

        @Override
        public Long map(Long value) {
            long total = PROCESSED.incrementAndGet();
            seen++;
            if (failAfter >= 0
                    && checkpointed
                    && seen >= failAfter
                    && FAILED.compareAndSet(false, true)) {
                PROCESSED_AT_FAILURE.set(total);
                throw new IllegalStateException("planned failure after " + seen + " records");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    private static JobExecutionResult runGenerated(String topic, boolean fail) throws Exception {
        FailOnce.reset();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        DataGeneratorSource<Long> source =
                new DataGeneratorSource<>(
                        i -> i, N, RateLimiterStrategy.perSecond(RATE), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "generated")
                .map(new FailOnce(fail ? (long) (RATE / 2) : -1))
                .map(KafkaSinkITCase::alertFor)
                .sinkTo(KafkaSinks.alerts(settings(topic)));
        return env.execute("kafka-sink-exactly-once-it-" + (fail ? "failing" : "clean"));
    }

    @Test
    void afterAFailureAndRestartReadCommittedHoldsExactlyWhatAFailureFreeRunHolds()
            throws Exception {
        String cleanTopic = unique("it-alerts-clean");
        String failingTopic = unique("it-alerts-failing");
        createTopic(cleanTopic, 2);
        createTopic(failingTopic, 2);

        runGenerated(cleanTopic, false);
        assertThat(FailOnce.FAILED).isFalse();
        runGenerated(failingTopic, true);
        assertThat(FailOnce.FAILED).as("the planned failure happened").isTrue();
        // Restored from a checkpoint, not re-run from scratch: fewer records than a full re-run.
        assertThat(FailOnce.PROCESSED.get())
                .isGreaterThan(N)
                .isLessThan(N + FailOnce.PROCESSED_AT_FAILURE.get());

        List<String> clean = sortedIds(readAll(cleanTopic, true));
        List<String> failing = sortedIds(readAll(failingTopic, true));
        List<String> all =
                LongStream.range(0, N)
                        .mapToObj(i -> "a-" + i)
                        .sorted()
                        .collect(Collectors.toList());
        assertThat(clean).isEqualTo(all);
        assertThat(failing).isEqualTo(clean); // no gap, no duplicate
        int uncommitted = readAll(failingTopic, false).size();
        System.out.printf(
                "[kafka-it] failing run: processed %d records for %d (failure at %d);"
                        + " read_committed %d, read_uncommitted %d (aborted duplicates visible)%n",
                FailOnce.PROCESSED.get(),
                N,
                FailOnce.PROCESSED_AT_FAILURE.get(),
                failing.size(),
                uncommitted);
        assertThat(uncommitted).isGreaterThanOrEqualTo(failing.size());
    }

    private static List<String> sortedIds(List<ConsumerRecord<String, String>> records) {
        List<String> ids = new ArrayList<>();
        records.forEach(r -> ids.add(alertId(r)));
        ids.sort(null);
        return ids;
    }

    // ------------------------------------------------------------------ throughput

    @Test
    void throughput() throws Exception {
        String topic = unique("it-alerts-bulk");
        createTopic(topic, 2);
        int n = 100_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        env.fromSequence(0, n - 1)
                .map(KafkaSinkITCase::alertFor)
                .sinkTo(KafkaSinks.alerts(settings(topic)));
        JobExecutionResult r = env.execute("kafka-sink-throughput");
        assertThat(readAll(topic, true)).hasSize(n);
        System.out.printf(
                "[kafka-it] sink: %d alerts in %d ms net runtime = %.0f records/s (EXACTLY_ONCE,"
                        + " checkpoint 500 ms)%n",
                n, r.getNetRuntime(), n * 1000.0 / Math.max(1, r.getNetRuntime()));
    }
}

package dev.kizashi.connectors.kafka;

import static dev.kizashi.connectors.kafka.KafkaTestSupport.bootstrap;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.createTopic;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.connectors.SourceLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KafkaSources#events} against the real broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static KafkaSettings settings(String topic) {
        return KafkaSettings.builder(bootstrap())
                .eventsTopic(topic)
                .groupId(unique("it-source"))
                .startingOffsets(KafkaSettings.StartingOffsets.EARLIEST)
                .bounded(true)
                .build();
    }

    /** (offset, text) in the order they were produced, per origin. */
    private record Expected(long offset, String text) {}

    @Test
    void readsEveryRecordInPartitionOrderIncludingBrokenOnesAndFinishesWhenBounded()
            throws Exception {
        String topic = unique("it-events");
        createTopic(topic, 2);
        Map<String, List<Expected>> expected = new LinkedHashMap<>();
        byte[] invalidUtf8 = {'{', (byte) 0xC3, '(', (byte) 0xFF, '}'};
        try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.rawProducer(Map.of())) {
            for (int i = 0; i < 60; i++) {
                int partition = i % 2;
                byte[] value;
                String text;
                if (i == 20) {
                    value = invalidUtf8;
                    text = new String(invalidUtf8, StandardCharsets.UTF_8);
                } else if (i == 31) {
                    value = null; // tombstone
                    text = "";
                } else {
                    text = "{\"n\":" + i + ",\"s\":\"é\"}";
                    value = text.getBytes(StandardCharsets.UTF_8);
                }
                RecordMetadata m =
                        p.send(new ProducerRecord<>(topic, partition, null, value)).get();
                expected.computeIfAbsent(topic + "-" + partition, k -> new ArrayList<>())
                        .add(new Expected(m.offset(), text));
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<SourceLine> lines = new ArrayList<>();
        // executeAndCollect returns only once the bounded source has finished.
        try (var it =
                env.fromSource(
                                KafkaSources.events(settings(topic)),
                                WatermarkStrategy.noWatermarks(),
                                "kafka-events")
                        .executeAndCollect("kafka-source-it")) {
            it.forEachRemaining(lines::add);
        }

        Map<String, List<Expected>> actual = new LinkedHashMap<>();
        for (SourceLine l : lines) {
            actual.computeIfAbsent(l.origin(), k -> new ArrayList<>())
                    .add(new Expected(l.lineNo(), l.text()));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(lines).hasSize(60);
        SourceLine broken =
                lines.stream().filter(l -> l.text().contains("\uFFFD")).findFirst().orElseThrow();
        assertThat(broken.origin()).isEqualTo(topic + "-0");
        assertThat(lines.stream().filter(l -> l.text().isEmpty()).count()).isEqualTo(1);
    }

    @Test
    void throughput() throws Exception {
        String topic = unique("it-events-bulk");
        createTopic(topic, 2);
        int n = 200_000;
        try (KafkaProducer<byte[], byte[]> p =
                KafkaTestSupport.rawProducer(
                        Map.of(
                                ProducerConfig.LINGER_MS_CONFIG, "20",
                                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"))) {
            for (int i = 0; i < n; i++) {
                String line =
                        "{\"eventId\":\"e-"
                                + i
                                + "\",\"customerId\":\"c-"
                                + (i % 997)
                                + "\",\"type\":\"login\",\"ts\":"
                                + (1_700_000_000_000L + i)
                                + ",\"attrs\":{\"channel\":\"app\"}}";
                p.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        Count.SEEN.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        long t0 = System.nanoTime();
        env.fromSource(
                        KafkaSources.events(settings(topic)),
                        WatermarkStrategy.noWatermarks(),
                        "kafka-events")
                .map(new Count())
                .sinkTo(new DiscardingSink<>());
        JobExecutionResult r = env.execute("kafka-source-throughput");
        long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(Count.SEEN.sum()).isEqualTo(n);
        System.out.printf(
                "[kafka-it] source: %d records in %d ms net runtime (%d ms wall incl. submit) ="
                        + " %.0f records/s%n",
                n, r.getNetRuntime(), wallMs, n * 1000.0 / Math.max(1, r.getNetRuntime()));
    }

    /** Counts lines in the test JVM (the MiniCluster runs in it). */
    static final class Count implements MapFunction<SourceLine, Integer> {
        static final LongAdder SEEN = new LongAdder();

        @Override
        public Integer map(SourceLine l) {
            SEEN.increment();
            return l.text().length();
        }
    }
}

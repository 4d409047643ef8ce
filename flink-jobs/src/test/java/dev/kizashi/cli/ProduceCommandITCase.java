package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.connectors.stack.LocalStack;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kizashi produce --events FILE} against the real broker: every line that is not blank is
 * sent as its bytes (a line that is not UTF-8 too, keyed by the customer the job will read; a line
 * without customer id unkeyed), blank lines are skipped, and the summary line says so; exit code 0.
 */
class ProduceCommandITCase {
    @TempDir Path dir;

    private static String event(int i) {
        return "{\"eventId\":\"e-"
                + i
                + "\",\"customerId\":\"c-"
                + (i % 4)
                + "\",\"type\":\"login\",\"ts\":"
                + (1_700_000_000_000L + i)
                + "}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything on {@code topic}, keys and values as bytes. */
    private static List<ConsumerRecord<byte[], byte[]>> records(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts =
                    consumer.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            var end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void everyLineIsSentAsBytesBlankLinesAreSkippedAndTheSummarySaysSo() throws Exception {
        String bootstrap = LocalStack.kafkaBootstrap();
        String topic = "it-produce-" + UUID.randomUUID().toString().substring(0, 8);

        // 19 lines: 15 events (one ending in CRLF, the last without a newline), one line that
        // is not UTF-8, one that is not JSON, two blank ones
        String bad = "{\"eventId\":\"e-bad\",\"customerId\":\"c-X\",\"type\":\"login\"}";
        byte[] notUtf8 = utf8(bad);
        notUtf8[bad.indexOf('X')] = (byte) 0xFF; // a byte that is never UTF-8
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            file.write(utf8(event(i) + "\n"));
            expected.add(utf8(event(i)));
        }
        file.write(utf8("\n"));
        file.write(notUtf8);
        file.write('\n');
        expected.add(notUtf8);
        file.write(utf8(" \t \n"));
        file.write(utf8("not json\n"));
        expected.add(utf8("not json"));
        file.write(utf8(event(7) + "\r\n"));
        expected.add(utf8(event(7)));
        for (int i = 8; i < 15; i++) {
            file.write(utf8(event(i) + (i < 14 ? "\n" : "")));
            expected.add(utf8(event(i)));
        }
        Path events = dir.resolve("events.jsonl");
        Files.write(events, file.toByteArray());

        CliRun.Result r =
                CliRun.kizashi(
                        "produce",
                        "--kafka",
                        bootstrap,
                        "--events-topic",
                        topic,
                        "--events",
                        events.toString(),
                        "--rate",
                        "0");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("Exception");
        List<String> summary =
                r.out().lines().filter(l -> l.startsWith("kizashi produce: read")).toList();
        assertThat(summary).as(r.out()).hasSize(1);
        assertThat(summary.get(0))
                .startsWith(
                        "kizashi produce: read 19 lines from " + events + ": sent 17 to " + topic)
                .contains(
                        " (1 not UTF-8, sent as bytes; 1 without key: no customerId to read; the"
                                + " job dead-letters what is not an event)")
                .contains("2 blank skipped (no event in them), 0 failed");

        List<ConsumerRecord<byte[], byte[]>> records = records(bootstrap, topic);
        assertThat(records).hasSize(17);
        assertThat(records.stream().map(ConsumerRecord::value))
                .usingElementComparator(Arrays::compare)
                .containsExactlyInAnyOrderElementsOf(expected);
        for (ConsumerRecord<byte[], byte[]> rec : records) {
            String value = new String(rec.value(), StandardCharsets.UTF_8);
            if (value.equals("not json")) {
                assertThat(rec.key()).as(value).isNull();
            } else {
                // the customer the job reads: U+FFFD for the byte that is not UTF-8
                String customer = value.replaceAll(".*\"customerId\":\"([^\"]+)\".*", "$1");
                assertThat(rec.key()).as(value).isEqualTo(utf8(customer));
            }
        }
    }

    @Test
    void aFileThatIsNotThereIsOneLineAndNothingIsSent() {
        CliRun.Result r =
                CliRun.kizashi(
                        "produce",
                        "--kafka",
                        "127.0.0.1:1",
                        "--events",
                        dir.resolve("missing.jsonl").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err().lines().toList())
                .containsExactly("kizashi produce: no such file: " + dir.resolve("missing.jsonl"));
    }
}

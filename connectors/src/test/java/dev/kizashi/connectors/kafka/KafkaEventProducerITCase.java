package dev.kizashi.connectors.kafka;

import static dev.kizashi.connectors.kafka.KafkaTestSupport.bootstrap;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.createTopic;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.readAll;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link EventProducer} against the real broker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaEventProducerITCase {

    @Test
    void keepsItsRateAndKeysRecordsByCustomer() throws Exception {
        String topic = unique("it-produce");
        createTopic(topic, 3);
        KafkaSettings settings = KafkaSettings.builder(bootstrap()).eventsTopic(topic).build();
        int n = 1000;
        double rate = 500; // ~2 s
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(
                    "{\"eventId\":\"e-"
                            + i
                            + "\",\"customerId\":\"c-"
                            + (i % 23)
                            + "\",\"type\":\"login\",\"ts\":"
                            + (1_700_000_000_000L + i)
                            + ",\"attrs\":{\"seq\":"
                            + i
                            + "}}");
        }
        lines.add(200, "   "); // blank lines are skipped
        lines.add(500, "not json"); // sent unkeyed; the job dead-letters it

        EventProducer.Counts counts;
        try (EventProducer producer = new EventProducer(settings)) {
            counts = producer.produce(lines.iterator(), rate);
        }
        System.out.printf(
                "[kafka-it] producer: %d records in %d ms = %.1f records/s (target %.0f)%n",
                counts.sent(), counts.elapsed().toMillis(), counts.ratePerSecond(), rate);
        assertThat(counts.sent()).isEqualTo(n + 1);
        assertThat(counts.failed()).isZero();
        assertThat(counts.unkeyed()).isEqualTo(1);
        assertThat(counts.ratePerSecond()).isCloseTo(rate, within(rate * 0.2));
        assertThat(counts.elapsed().toMillis()).isBetween(1600L, 2400L);

        List<ConsumerRecord<String, String>> records = readAll(topic, true);
        assertThat(records).hasSize(n + 1);
        Map<String, Integer> partitionOf = new HashMap<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value().equals("not json")) {
                assertThat(r.key()).isNull();
                continue;
            }
            assertThat(r.key()).isEqualTo(CustomerIdKey.of(r.value()));
            // one customer, one partition, in the order produced
            assertThat(partitionOf.computeIfAbsent(r.key(), k -> r.partition()))
                    .isEqualTo(r.partition());
            int seq = Integer.parseInt(r.value().replaceAll(".*\"seq\":(\\d+).*", "$1"));
            assertThat(seq).isGreaterThan(lastSeq.getOrDefault(r.key(), -1));
            lastSeq.put(r.key(), seq);
        }
        assertThat(partitionOf).hasSize(23);
        assertThat(partitionOf.values()).hasSizeGreaterThan(1);
    }
}

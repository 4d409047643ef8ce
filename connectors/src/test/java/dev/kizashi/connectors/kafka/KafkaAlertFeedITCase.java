package dev.kizashi.connectors.kafka;

import static dev.kizashi.connectors.kafka.KafkaTestSupport.bootstrap;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.createTopic;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kizashi.wire.OutputJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link AlertFeed} against the real broker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaAlertFeedITCase {

    private static ProducerRecord<byte[], byte[]> record(String topic, int i) {
        var a = KafkaSinkITCase.alertFor((long) i);
        return new ProducerRecord<>(
                topic,
                a.customerId().getBytes(StandardCharsets.UTF_8),
                OutputJson.alert(a).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void printsOneLinePerCommittedAlertAndFollowsNewOnes() throws Exception {
        String topic = unique("it-feed");
        createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> p =
                KafkaTestSupport.rawProducer(
                        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, unique("it-feed-tx")))) {
            p.initTransactions();
            p.beginTransaction();
            p.send(record(topic, 99)); // aborted: a read_committed feed never shows it
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            for (int i = 0; i < 3; i++) {
                p.send(record(topic, i));
            }
            p.commitTransaction();

            List<String> lines = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            KafkaSettings settings = KafkaSettings.builder(bootstrap()).alertsTopic(topic).build();
            CompletableFuture<Long> printed;
            try (AlertFeed feed = new AlertFeed(settings, true)) {
                printed = CompletableFuture.supplyAsync(() -> feed.run(lines::add, stop::get));
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> lines.size() >= 3);
                    // a newly committed alert shows up while the feed runs
                    p.beginTransaction();
                    p.send(record(topic, 3));
                    p.commitTransaction();
                    await().atMost(Duration.ofSeconds(30)).until(() -> lines.size() >= 4);
                } finally {
                    stop.set(true); // the feed's consumer is closed only after run() returned
                    printed.get(30, TimeUnit.SECONDS);
                }
                assertThat(printed.get()).isEqualTo(4);
            }
            lines.forEach(l -> System.out.println("[kafka-it] feed: " + l));
            assertThat(lines).hasSize(4);
            for (int i = 0; i < 4; i++) {
                var a = KafkaSinkITCase.alertFor((long) i);
                assertThat(lines.get(i))
                        .contains(
                                "customer=" + a.customerId(),
                                a.pattern().name(),
                                a.severity().name(),
                                "channel=" + a.channel(),
                                a.detail());
            }
            assertThat(String.join("\n", lines)).doesNotContain("alert 99");
        }
    }
}

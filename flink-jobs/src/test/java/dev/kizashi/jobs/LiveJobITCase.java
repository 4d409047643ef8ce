package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.file.NumberedLineFormat;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.stack.LocalStack;
import dev.kizashi.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring against a real Kafka broker and Elasticsearch node: events produced to
 * Kafka come out as alerts on the notification topic (read_committed), the indexer job puts the
 * committed alerts and scores into Elasticsearch (and what Elasticsearch would refuse into the
 * dead-letter topic), and a churn job stopped mid-stream and restored from its savepoint produces
 * exactly the alerts of a run without interruption.
 */
class LiveJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final EventCodec CODEC = LiveTestSupport.CODEC;
    private static String bootstrap;
    private static String esUrl;

    @TempDir Path dir;

    @BeforeAll
    static void servers() {
        bootstrap = LocalStack.kafkaBootstrap();
        esUrl = LocalStack.elasticsearchUrl();
    }

    private static KafkaSettings settings(String run, boolean bounded) {
        return LiveTestSupport.settings(bootstrap, run, bounded);
    }

    private static List<String> generatedLines(int customers, int days, long seed) {
        return LiveTestSupport.generatedLines(customers, days, seed, 0.002);
    }

    private static void produce(KafkaSettings s, List<String> lines) {
        LiveTestSupport.produce(s, lines, 0);
    }

    private static void createTopics(KafkaSettings s) throws Exception {
        LiveTestSupport.createTopics(s);
    }

    private static Configuration conf(Path checkpoints) {
        Configuration c = new Configuration();
        c.setString("parallelism.default", "2");
        c.set(KizashiOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        return c;
    }

    /** Everything committed in {@code topic} now, read with isolation.level=read_committed. */
    private static List<ConsumerRecord<String, String>> readCommitted(String topic) {
        return LiveTestSupport.readCommitted(bootstrap, topic);
    }

    private static List<String> alertIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> json(r.value()).path("alertId").asText()).toList();
    }

    private static JsonNode json(String s) {
        return LiveTestSupport.json(s);
    }

    /** The reference: the same lines replayed from a file, with no Kafka and no interruption. */
    private Set<String> referenceAlertIds(List<String> lines, long upTo) throws Exception {
        Path file = dir.resolve("reference.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        CollectingSink<Alert> alerts = new CollectingSink<>();
        ChurnJobConfig config = ChurnJobConfig.defaults();
        new ChurnJob(
                        FileSource.forRecordStreamFormat(
                                        new NumberedLineFormat("reference", 64 * 1024),
                                        new org.apache.flink.core.fs.Path(file.toUri()))
                                .build(),
                        "file",
                        LineDecoders.json(64 * 1024),
                        ChurnJobSinks.builder().alerts("test", alerts).build(),
                        config)
                .withSourceParallelism(1)
                .execute(Environments.create(conf(dir.resolve("ref-cp")), config), "reference");
        return alerts.results().stream()
                .filter(a -> a.eventTime() < upTo)
                .map(Alert::alertId)
                .collect(Collectors.toSet());
    }

    private static long maxEventTime(List<String> lines) {
        long max = 0;
        for (String l : lines) {
            var r = CODEC.decode(l, "x");
            if (r.isOk()) {
                max = Math.max(max, r.event().ts());
            }
        }
        return max;
    }

    @Test
    void kafkaEventsBecomeAlertsOnTheTopicAndTheIndexerPutsThemIntoElasticsearch()
            throws Exception {
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings s = settings(run, true);
        createTopics(s);
        List<String> lines = generatedLines(250, 90, 21);
        lines.add(lines.size() / 2, "{\"eventId\":\"poison\",\"customerId\":"); // truncated JSON
        produce(s, lines);

        ChurnJobConfig config = ChurnJobConfig.defaults();
        Configuration conf = conf(dir.resolve("cp"));
        LiveJob.create(s, config).execute(Environments.create(conf, config), "live-it");

        List<ConsumerRecord<String, String>> alerts = readCommitted(s.alertsTopic());
        List<String> ids = alertIds(alerts);
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
        assertThat(alerts)
                .allSatisfy(
                        r -> {
                            assertThat(r.key())
                                    .isEqualTo(json(r.value()).path("customerId").asText());
                            assertThat(r.headers().lastHeader("pattern")).isNotNull();
                        });
        long upTo = maxEventTime(lines) - Duration.ofDays(1).toMillis();
        Set<String> kafkaIds =
                alerts.stream()
                        .map(r -> json(r.value()))
                        .filter(
                                a ->
                                        java.time.Instant.parse(a.path("eventTime").asText())
                                                        .toEpochMilli()
                                                < upTo)
                        .map(a -> a.path("alertId").asText())
                        .collect(Collectors.toSet());
        assertThat(kafkaIds).isEqualTo(referenceAlertIds(lines, upTo));
        Set<String> scoredCustomers =
                readCommitted(s.scoresTopic()).stream()
                        .map(ConsumerRecord::key)
                        .collect(Collectors.toSet());

        // records on the output topics that Elasticsearch would refuse: dead letters, not a crash
        try (KafkaProducer<String, String> p = plainProducer()) {
            p.send(new ProducerRecord<>(s.alertsTopic(), "x", "not json")).get();
            p.send(
                            new ProducerRecord<>(
                                    s.scoresTopic(),
                                    "c-x",
                                    "{\"customerId\":\"c-x\",\"asOf\":\"2026-01-01T00:00:00Z\","
                                            + "\"surprise\":1}"))
                    .get();
        }

        // the indexer, a job of its own, from the committed topics into Elasticsearch
        ElasticsearchClientSettings es = ElasticsearchClientSettings.of(esUrl);
        KizashiIndices indices = new KizashiIndices(run);
        IndexerJob.prepareElasticsearch(es, indices, 0);
        IndexerJob.create(s, es, indices, true).bounded(true).execute(IndexerJob.environment(conf));

        try (ElasticsearchClient client = es.createClient()) {
            assertThat(LiveTestSupport.documents(client, indices.alertsAlias(), "alertId").keySet())
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(
                            LiveTestSupport.documents(client, indices.scoresIndex(), "customerId")
                                    .keySet())
                    .as("one score document per customer")
                    .isEqualTo(scoredCustomers);
            assertThat(
                            LiveTestSupport.documents(client, indices.scoreHistoryPattern(), "asOf")
                                    .size())
                    .as("every score change in the history")
                    .isPositive();
            LiveTestSupport.deleteIndices(client, indices);
        }

        List<JsonNode> dead =
                readCommitted(s.deadLettersTopic()).stream().map(r -> json(r.value())).toList();
        assertThat(dead)
                .anySatisfy(
                        d -> {
                            assertThat(d.path("reason").asText()).isEqualTo("MALFORMED_JSON");
                            assertThat(d.path("original").asText()).contains("poison");
                        });
        assertThat(dead)
                .as("the indexer's dead letters")
                .anySatisfy(
                        d -> {
                            assertThat(d.path("source").asText()).startsWith(s.alertsTopic() + "-");
                            assertThat(d.path("reason").asText()).isEqualTo("MALFORMED_JSON");
                            assertThat(d.path("original").asText()).isEqualTo("not json");
                        })
                .anySatisfy(
                        d -> {
                            assertThat(d.path("source").asText()).startsWith(s.scoresTopic() + "-");
                            assertThat(d.path("reason").asText()).isEqualTo("INVALID_FIELD");
                            assertThat(d.path("message").asText()).contains("surprise");
                        });
    }

    private static KafkaProducer<String, String> plainProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    @Test
    void stoppedWithASavepointAndRestoredTheAlertsAreExactlyThoseOfAnUninterruptedRun()
            throws Exception {
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings s = settings(run, false);
        createTopics(s);
        List<String> lines = generatedLines(200, 90, 33);
        int half = lines.size() / 2;
        ChurnJobConfig config = ChurnJobConfig.defaults();

        produce(s, lines.subList(0, half));
        StreamExecutionEnvironment env1 = Environments.create(conf(dir.resolve("cp1")), config);
        LiveJob.create(s, config).build(env1);
        JobClient first = env1.executeAsync("live-it-1");
        await().atMost(Duration.ofMinutes(3))
                .until(() -> !readCommitted(s.alertsTopic()).isEmpty());
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();

        produce(s, lines.subList(half, lines.size()));
        long upTo = maxEventTime(lines) - Duration.ofDays(1).toMillis();
        Set<String> expected = referenceAlertIds(lines, upTo);
        Configuration c2 = conf(dir.resolve("cp2"));
        c2.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env2 = Environments.create(c2, config);
        LiveJob.create(s, config).build(env2);
        JobClient second = env2.executeAsync("live-it-2");
        try {
            await().atMost(Duration.ofMinutes(3))
                    .until(
                            () ->
                                    relevant(readCommitted(s.alertsTopic()), upTo)
                                            .containsAll(expected));
        } finally {
            second.cancel().get();
        }
        List<String> all = alertIds(readCommitted(s.alertsTopic()));
        assertThat(all).as("no alert twice across the restore").doesNotHaveDuplicates();
        assertThat(relevant(readCommitted(s.alertsTopic()), upTo)).isEqualTo(expected);
    }

    private static Set<String> relevant(List<ConsumerRecord<String, String>> alerts, long upTo) {
        Set<String> out = new HashSet<>();
        for (var r : alerts) {
            JsonNode a = json(r.value());
            if (java.time.Instant.parse(a.path("eventTime").asText()).toEpochMilli() < upTo) {
                out.add(a.path("alertId").asText());
            }
        }
        return out;
    }
}

package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.file.NumberedLineFormat;
import dev.kizashi.connectors.kafka.EventProducer;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaTopics;
import dev.kizashi.connectors.stack.LocalStack;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring against a real Kafka broker and Elasticsearch node: events produced to
 * Kafka come out as alerts on the notification topic (read_committed) and in Elasticsearch, and a
 * job stopped mid-stream and restored from its savepoint produces exactly the alerts of a run
 * without interruption.
 */
class LiveJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();
    private static String bootstrap;
    private static String esUrl;

    @TempDir Path dir;

    @BeforeAll
    static void servers() {
        bootstrap = LocalStack.kafkaBootstrap();
        esUrl = LocalStack.elasticsearchUrl();
    }

    private static KafkaSettings settings(String run, boolean bounded) {
        return KafkaSettings.builder(bootstrap)
                .eventsTopic(run + ".events")
                .alertsTopic(run + ".alerts")
                .scoresTopic(run + ".scores")
                .deadLettersTopic(run + ".dead-letters")
                .groupId(run)
                .transactionalIdPrefix(run)
                .startingOffsets(KafkaSettings.StartingOffsets.EARLIEST)
                .bounded(bounded)
                .build();
    }

    private static List<String> generatedLines(int customers, int days, long seed) {
        SubscriptionGenerator gen =
                new SubscriptionGenerator(
                        GeneratorConfig.of(customers, days, seed).withBadLineRate(0.002));
        List<String> lines = new ArrayList<>();
        for (Iterator<String> it = gen.lines(CODEC::encode); it.hasNext(); ) {
            lines.add(it.next());
        }
        return lines;
    }

    private static void produce(KafkaSettings s, List<String> lines) throws Exception {
        try (EventProducer producer = new EventProducer(s)) {
            EventProducer.Counts c = producer.produce(lines.iterator(), 0);
            assertThat(c.failed()).isZero();
        }
    }

    private static void createTopics(KafkaSettings s) throws Exception {
        try (Admin admin = Admin.create(s.clientProperties())) {
            KafkaTopics.create(admin, s, 2, (short) 1);
        }
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
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
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

    private static List<String> alertIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> json(r.value()).path("alertId").asText()).toList();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
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
    void kafkaEventsBecomeAlertsOnTheTopicAndInElasticsearch() throws Exception {
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings s = settings(run, true);
        createTopics(s);
        List<String> lines = generatedLines(250, 90, 21);
        lines.add(lines.size() / 2, "{\"eventId\":\"poison\",\"customerId\":"); // truncated JSON
        produce(s, lines);

        ElasticsearchClientSettings es = ElasticsearchClientSettings.of(esUrl);
        KizashiIndices indices = new KizashiIndices(run);
        LiveJob.prepareElasticsearch(es, indices, 0);
        ChurnJobConfig config = ChurnJobConfig.defaults();
        LiveJob.create(s, es, indices, false, config)
                .execute(Environments.create(conf(dir.resolve("cp")), config), "live-it");

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

        try (ElasticsearchClient client = es.createClient()) {
            client.indices().refresh(r -> r.index(run + "-*"));
            long inEs = client.count(c -> c.index(indices.alertsAlias())).count();
            assertThat(inEs).isEqualTo(ids.size());
            Set<String> scoredCustomers =
                    readCommitted(s.scoresTopic()).stream()
                            .map(ConsumerRecord::key)
                            .collect(Collectors.toSet());
            assertThat(client.count(c -> c.index(indices.scoresIndex())).count())
                    .as("one score document per customer")
                    .isEqualTo(scoredCustomers.size());
        }

        List<JsonNode> dead =
                readCommitted(s.deadLettersTopic()).stream().map(r -> json(r.value())).toList();
        assertThat(dead)
                .anySatisfy(
                        d -> {
                            assertThat(d.path("reason").asText()).isEqualTo("MALFORMED_JSON");
                            assertThat(d.path("original").asText()).contains("poison");
                        });
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
        LiveJob.create(s, null, null, false, config).build(env1);
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
        LiveJob.create(s, null, null, false, config).build(env2);
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

package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.file.NumberedLineFormat;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaSinks;
import dev.kizashi.connectors.kafka.KafkaSources;
import dev.kizashi.connectors.stack.LocalStack;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.OutputDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
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
 * Kafka come out as alerts on the notification topic (read_committed), those of held-out episodes
 * on the control topic only, episode outcomes on the outcomes topic and journey records on the
 * journeys topic; the indexer job puts the committed alerts (both kinds), outcomes and scores into
 * Elasticsearch (and what Elasticsearch would refuse into the dead-letter topic); and a churn job
 * wired as before the control group, stopped mid-stream, restores from its savepoint into today's
 * wiring and produces exactly the alerts of a run without interruption.
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

    /** What a replay of the same lines from a file, with no Kafka and no interruption, emits. */
    private record Reference(
            List<Alert> alerts, List<EpisodeOutcome> outcomes, List<JourneyRecord> journeys) {
        /** The alertIds before {@code upTo} of the held-out ({@code true}) or treated alerts. */
        Set<String> alertIds(long upTo, boolean holdout) {
            return alerts.stream()
                    .filter(a -> a.eventTime() < upTo && a.holdout() == holdout)
                    .map(Alert::alertId)
                    .collect(Collectors.toSet());
        }
    }

    private Reference reference(List<String> lines, Configuration jobConf) throws Exception {
        Path file = dir.resolve("reference.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        CollectingSink<Alert> alerts = new CollectingSink<>();
        CollectingSink<EpisodeOutcome> outcomes = new CollectingSink<>();
        CollectingSink<JourneyRecord> journeys = new CollectingSink<>();
        Configuration conf = new Configuration(jobConf);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("ref-cp").toUri().toString());
        ChurnJobConfig config = ChurnJobConfig.from(conf);
        new ChurnJob(
                        FileSource.forRecordStreamFormat(
                                        new NumberedLineFormat("reference", 64 * 1024),
                                        new org.apache.flink.core.fs.Path(file.toUri()))
                                .build(),
                        "file",
                        LineDecoders.json(64 * 1024),
                        ChurnJobSinks.builder()
                                .alerts("test", alerts)
                                .outcomes("test", outcomes)
                                .journeys("test", journeys)
                                .build(),
                        config)
                .withSourceParallelism(1)
                .execute(Environments.create(conf, config), "reference");
        return new Reference(alerts.results(), outcomes.results(), journeys.results());
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
    void treatedAlertsReachTheTopicHeldOutOnesOnlyTheControlTopicAndEverythingElasticsearch()
            throws Exception {
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings s = settings(run, true);
        createTopics(s);
        List<String> lines = generatedLines(250, 90, 21);
        lines.add(lines.size() / 2, "{\"eventId\":\"poison\",\"customerId\":"); // truncated JSON
        produce(s, lines);

        // half the episodes held out; outcomes two days after each episode's first alert
        Configuration conf = conf(dir.resolve("cp"));
        conf.set(KizashiOptions.CONTROL_SHARE, 0.5);
        conf.set(KizashiOptions.OUTCOME_HORIZON, Duration.ofDays(2));
        ChurnJobConfig config = ChurnJobConfig.from(conf);
        LiveJob.create(s, config).execute(Environments.create(conf, config), "live-it");

        long upTo = maxEventTime(lines) - Duration.ofDays(1).toMillis();
        Reference reference = reference(lines, conf);
        List<ConsumerRecord<String, String>> alerts = readCommitted(s.alertsTopic());
        List<ConsumerRecord<String, String>> control = readCommitted(s.controlTopic());
        List<String> ids = alertIds(alerts);
        List<String> heldOutIds = alertIds(control);
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
        assertThat(heldOutIds)
                .isNotEmpty()
                .doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(ids);
        for (List<ConsumerRecord<String, String>> topic : List.of(alerts, control)) {
            assertThat(topic)
                    .allSatisfy(
                            r -> {
                                assertThat(r.key())
                                        .isEqualTo(json(r.value()).path("customerId").asText());
                                assertThat(r.headers().lastHeader("pattern")).isNotNull();
                            });
        }
        assertThat(alerts)
                .as("no held-out alert on the notification topic")
                .allSatisfy(r -> assertThat(json(r.value()).path("holdout").asBoolean()).isFalse());
        assertThat(control)
                .allSatisfy(r -> assertThat(json(r.value()).path("holdout").asBoolean()).isTrue());
        assertThat(relevant(alerts, upTo)).isEqualTo(reference.alertIds(upTo, false));
        assertThat(relevant(control, upTo)).isEqualTo(reference.alertIds(upTo, true));

        // outcomes: one per episode, keyed by customer, as the replay's
        List<ConsumerRecord<String, String>> outcomes = readCommitted(s.outcomesTopic());
        List<String> outcomeIds =
                outcomes.stream().map(r -> json(r.value()).path("episodeId").asText()).toList();
        assertThat(outcomeIds).isNotEmpty().doesNotHaveDuplicates();
        assertThat(outcomes)
                .allSatisfy(
                        r -> {
                            JsonNode o = json(r.value());
                            assertThat(r.key()).isEqualTo(o.path("customerId").asText());
                            assertThat(o.path("horizonDays").asInt()).isEqualTo(2);
                            // an episode's outcome carries its hold-out decision
                            if (heldOutIds.contains(o.path("episodeId").asText())) {
                                assertThat(o.path("holdout").asBoolean()).isTrue();
                            }
                            if (ids.contains(o.path("episodeId").asText())) {
                                assertThat(o.path("holdout").asBoolean()).isFalse();
                            }
                        });
        assertThat(
                        outcomes.stream()
                                .map(r -> json(r.value()))
                                .filter(o -> instant(o, "outcomeAt") < upTo)
                                .map(o -> o.path("episodeId").asText())
                                .collect(Collectors.toSet()))
                .isEqualTo(
                        reference.outcomes().stream()
                                .filter(o -> o.outcomeTs() < upTo)
                                .map(EpisodeOutcome::episodeId)
                                .collect(Collectors.toSet()));
        assertThat(outcomes)
                .anySatisfy(r -> assertThat(json(r.value()).path("holdout").asBoolean()).isTrue())
                .anySatisfy(r -> assertThat(json(r.value()).path("holdout").asBoolean()).isFalse());
        // journeys: cancellations, deliveries and returns, keyed by customer, as the replay's
        List<ConsumerRecord<String, String>> journeys = readCommitted(s.journeysTopic());
        Map<String, JsonNode> journeyById = new HashMap<>();
        for (ConsumerRecord<String, String> r : journeys) {
            JourneyRecord j = OutputDocuments.journey(json(r.value()));
            assertThat(r.key()).isEqualTo(j.customerId());
            assertThat(new String(r.headers().lastHeader("kind").value(), StandardCharsets.UTF_8))
                    .isEqualTo(j.kind().name());
            assertThat(journeyById.put(j.documentId(), json(r.value()))).isNull();
        }
        assertThat(
                        journeyById.values().stream()
                                .filter(j -> instant(j, "eventTime") < upTo)
                                .map(j -> OutputDocuments.journey(j).documentId())
                                .collect(Collectors.toSet()))
                .isNotEmpty()
                .isEqualTo(
                        reference.journeys().stream()
                                .filter(j -> j.eventTime() < upTo)
                                .map(JourneyRecord::documentId)
                                .collect(Collectors.toSet()));
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
            p.send(new ProducerRecord<>(s.outcomesTopic(), "c-x", "{\"episodeId\":\"e-x\"}")).get();
            p.send(
                            new ProducerRecord<>(
                                    s.journeysTopic(),
                                    "c-x",
                                    "{\"kind\":\"UPGRADE\",\"customerId\":\"c-x\","
                                            + "\"eventTime\":\"2026-01-01T00:00:00Z\"}"))
                    .get();
        }

        // the indexer, a job of its own, from the committed topics into Elasticsearch
        ElasticsearchClientSettings es = ElasticsearchClientSettings.of(esUrl);
        KizashiIndices indices = new KizashiIndices(run);
        IndexerJob.prepareElasticsearch(es, indices, 0);
        IndexerJob.create(s, es, indices, true).bounded(true).execute(IndexerJob.environment(conf));

        try (ElasticsearchClient client = es.createClient()) {
            Map<String, ObjectNode> alertDocs =
                    LiveTestSupport.documents(client, indices.alertsAlias(), "alertId");
            Set<String> all = new HashSet<>(ids);
            all.addAll(heldOutIds);
            assertThat(alertDocs.keySet()).as("the treated and the held-out alerts").isEqualTo(all);
            assertThat(
                            alertDocs.entrySet().stream()
                                    .filter(e -> e.getValue().path("holdout").asBoolean())
                                    .map(Map.Entry::getKey)
                                    .collect(Collectors.toSet()))
                    .as("flagged holdout: true, exactly the control topic's")
                    .isEqualTo(new HashSet<>(heldOutIds));
            Map<String, ObjectNode> outcomeDocs =
                    LiveTestSupport.documents(client, indices.outcomesIndex(), "episodeId");
            assertThat(outcomeDocs.keySet())
                    .as("one outcome document per episode, id = episodeId")
                    .containsExactlyInAnyOrderElementsOf(outcomeIds);
            for (ConsumerRecord<String, String> r : outcomes) {
                JsonNode o = json(r.value());
                assertThat(outcomeDocs.get(o.path("episodeId").asText())).isEqualTo(o);
            }
            Map<String, ObjectNode> journeyDocs =
                    LiveTestSupport.documents(
                            client,
                            indices.journeysAlias(),
                            "eventTime",
                            "customerId",
                            "kind",
                            "k");
            assertThat(journeyDocs)
                    .as("one journey document per record, with the journeys sink's id")
                    .isEqualTo(journeyById);
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
                        })
                .anySatisfy(
                        d -> {
                            assertThat(d.path("source").asText())
                                    .startsWith(s.outcomesTopic() + "-");
                            assertThat(d.path("reason").asText()).isEqualTo("MISSING_FIELD");
                            assertThat(d.path("message").asText()).contains("outcomeAt");
                        })
                .anySatisfy(
                        d -> {
                            assertThat(d.path("source").asText())
                                    .startsWith(s.journeysTopic() + "-");
                            assertThat(d.path("reason").asText()).isEqualTo("INVALID_FIELD");
                            assertThat(d.path("message").asText()).contains("kind");
                        });
    }

    private static long instant(JsonNode doc, String field) {
        return java.time.Instant.parse(doc.path(field).asText()).toEpochMilli();
    }

    private static KafkaProducer<String, String> plainProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /**
     * The churn job as wired before the control group: every alert to the notification topic, no
     * control or outcomes sink.
     */
    private static ChurnJob wiredBeforeTheControlGroup(KafkaSettings s, ChurnJobConfig config) {
        ChurnJobSinks sinks =
                ChurnJobSinks.builder()
                        .alerts("kafka", KafkaSinks.alerts(s))
                        .scores("kafka", KafkaSinks.scores(s))
                        .deadLetters("kafka", KafkaSinks.deadLetters(s))
                        .lateEvents("kafka", KafkaSinks.lateEvents(s))
                        .build();
        return new ChurnJob(
                KafkaSources.events(s),
                "kafka " + s.eventsTopic(),
                LineDecoders.json(config.maxLineChars()),
                sinks,
                config);
    }

    /**
     * A savepoint of the job as wired before the control group restores into today's wiring without
     * {@code --allow-non-restored-state} (the notification sink kept the alert sink's uid and with
     * it the Kafka transactions), and the alerts are exactly those of a run without interruption.
     * No episode is held out here, so both wirings send every alert.
     */
    @Test
    void aSavepointOfTheWiringBeforeTheControlGroupRestoresAndTheAlertsAreThoseOfOneRun()
            throws Exception {
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings s = settings(run, false);
        createTopics(s);
        List<String> lines = generatedLines(200, 90, 33);
        int half = lines.size() / 2;
        Configuration jobConf = new Configuration();
        jobConf.set(KizashiOptions.CONTROL_SHARE, 0.0);

        produce(s, lines.subList(0, half));
        Configuration c1 = conf(dir.resolve("cp1"));
        c1.addAll(jobConf);
        ChurnJobConfig config = ChurnJobConfig.from(c1);
        StreamExecutionEnvironment env1 = Environments.create(c1, config);
        wiredBeforeTheControlGroup(s, config).build(env1);
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
        Reference reference = reference(lines, jobConf);
        assertThat(reference.alertIds(Long.MAX_VALUE, true)).as("none held out").isEmpty();
        Set<String> expected = reference.alertIds(upTo, false);
        Configuration c2 = conf(dir.resolve("cp2"));
        c2.addAll(jobConf);
        c2.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        assertThat(c2.get(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE)).isFalse();
        StreamExecutionEnvironment env2 = Environments.create(c2, config);
        LiveJob.create(s, config).build(env2);
        JobClient second = env2.executeAsync("live-it-2");
        try {
            await().atMost(Duration.ofMinutes(3))
                    .until(
                            () ->
                                    stillRunning(second)
                                            && relevant(readCommitted(s.alertsTopic()), upTo)
                                                    .containsAll(expected));
        } finally {
            if (!second.getJobStatus().get().isGloballyTerminalState()) {
                second.cancel().get();
            }
        }
        List<String> all = alertIds(readCommitted(s.alertsTopic()));
        assertThat(all).as("no alert twice across the restore").doesNotHaveDuplicates();
        assertThat(relevant(readCommitted(s.alertsTopic()), upTo)).isEqualTo(expected);
    }

    /**
     * True while {@code job} runs; fails at once with its cause when it ended (a failed restore).
     */
    private static boolean stillRunning(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get();
            } catch (ExecutionException e) {
                throw new AssertionError("the restored job ended " + status, e);
            }
            throw new AssertionError("the restored job ended " + status);
        }
        return true;
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

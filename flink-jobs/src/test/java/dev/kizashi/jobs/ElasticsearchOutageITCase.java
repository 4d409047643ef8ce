package dev.kizashi.jobs;

import static dev.kizashi.jobs.LiveTestSupport.documents;
import static dev.kizashi.jobs.LiveTestSupport.json;
import static dev.kizashi.jobs.LiveTestSupport.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.stack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call-center feed does not depend on the analytics store: the churn job and the indexer run
 * side by side as in a live run (checkpoints every second), Elasticsearch is stopped for 60 s while
 * events keep arriving, and
 *
 * <ol>
 *   <li>alerts keep reaching a {@code read_committed} consumer of the alerts topic during the
 *       outage, each within {@link #MAX_COMMIT_LATENCY} of its detection (a checkpoint interval
 *       plus a margin for a loaded two-core machine). With the Elasticsearch sinks inside the churn
 *       job, as before {@link IndexerJob}, this test saw no alert at all during the outage: the
 *       blocked sinks held every checkpoint and backpressured the detector;
 *   <li>once Elasticsearch is back, the alerts index converges to exactly the alertIds on the
 *       alerts and control topics, the outcomes index to the outcomes topic's episodes and the
 *       scores index to one document per customer, the topic's newest.
 * </ol>
 */
class ElasticsearchOutageITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    static final Duration OUTAGE = Duration.ofSeconds(60);

    /** Events go on arriving for this long of the outage, at an even pace. */
    static final Duration PRODUCING = Duration.ofSeconds(45);

    /**
     * Detection to visibility on the topic: a checkpoint interval plus a margin that a checkpoint
     * on a loaded two-core machine stays far below (measured: at most 1.2 s, 0.6 s on average), and
     * far below the outage that alerts used to wait for.
     */
    static final Duration MAX_COMMIT_LATENCY = CHECKPOINT_INTERVAL.plusSeconds(14);

    private static String bootstrap;
    private static String esUrl;

    @TempDir Path dir;

    @BeforeAll
    static void servers() {
        bootstrap = LocalStack.kafkaBootstrap();
        esUrl = LocalStack.elasticsearchUrl();
    }

    @AfterAll
    static void elasticsearchBack() {
        // whatever happened, the node is up again for the clean-up and the next test
        LocalStack.startElasticsearch();
    }

    private static Configuration conf(Path checkpoints) {
        Configuration c = new Configuration();
        c.setString("parallelism.default", "2");
        c.set(KizashiOptions.CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL);
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        return c;
    }

    @Test
    void alertsKeepReachingTheTopicDuringAnElasticsearchOutageAndTheIndicesCatchUp()
            throws Exception {
        String run = "it-es-outage-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings kafka = LiveTestSupport.settings(bootstrap, run, false);
        LiveTestSupport.createTopics(kafka);
        ElasticsearchClientSettings es = ElasticsearchClientSettings.of(esUrl);
        KizashiIndices indices = new KizashiIndices(run);
        IndexerJob.prepareElasticsearch(es, indices, 0);
        List<String> lines = LiveTestSupport.generatedLines(300, 120, 57, 0);
        int split = lines.size() * 3 / 10;
        Configuration conf = conf(dir.resolve("checkpoints"));
        ChurnJobConfig config = ChurnJobConfig.from(conf);

        try (AlertWatch watch = new AlertWatch(bootstrap, kafka.alertsTopic());
                ElasticsearchClient client = es.createClient()) {
            StreamExecutionEnvironment churnEnv = Environments.create(conf, config);
            LiveJob.create(kafka, config).build(churnEnv);
            JobClient churn = churnEnv.executeAsync("churn job (es outage it)");
            JobClient indexer =
                    IndexerJob.submit(IndexerJob.environment(conf), kafka, es, indices, false);
            try {
                // before the outage: alerts on the topic and in Elasticsearch
                LiveTestSupport.produce(kafka, lines.subList(0, split), 0);
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () ->
                                        !watch.seen().isEmpty()
                                                && !documents(
                                                                client,
                                                                indices.alertsPattern(),
                                                                "alertId")
                                                        .isEmpty());

                LocalStack.stopElasticsearch();
                long down = System.currentTimeMillis();
                List<String> rest = lines.subList(split, lines.size());
                double rate = rest.size() / (double) PRODUCING.toSeconds();
                CompletableFuture<Void> producing =
                        CompletableFuture.runAsync(
                                () -> LiveTestSupport.produce(kafka, rest, rate));
                // the outage itself; meanwhile both jobs keep running
                await().pollDelay(Duration.ofMillis(Math.max(0, down + OUTAGE.toMillis() - now())))
                        .atMost(OUTAGE.plusSeconds(60))
                        .until(
                                () ->
                                        producing.isDone()
                                                && status(churn) == JobStatus.RUNNING
                                                && status(indexer) == JobStatus.RUNNING);
                producing.get();
                long up = System.currentTimeMillis(); // Elasticsearch was down until here
                LocalStack.startElasticsearch();
                long ready = System.currentTimeMillis();

                // after the outage: Elasticsearch holds exactly what the topics hold
                await().atMost(Duration.ofMinutes(4))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertIndicesMatchTopics(client, kafka, indices));
                long caughtUp = System.currentTimeMillis();

                Set<String> onTopic = alertIds(readCommitted(bootstrap, kafka.alertsTopic()));
                await().atMost(Duration.ofMinutes(1)).until(() -> watch.ids().containsAll(onTopic));
                report(watch.seen(), down, up, ready, caughtUp, onTopic.size());
            } finally {
                churn.cancel().get(1, TimeUnit.MINUTES);
                indexer.cancel().get(1, TimeUnit.MINUTES);
                LocalStack.startElasticsearch();
                LiveTestSupport.deleteIndices(client, indices);
            }
        }
    }

    /** What the consumer saw during the outage [down, up], asserted and printed. */
    private static void report(
            List<AlertWatch.Seen> seen, long down, long up, long ready, long caughtUp, int total) {
        List<AlertWatch.Seen> committedDuring =
                seen.stream().filter(a -> a.arrivedAt() >= down && a.arrivedAt() <= up).toList();
        List<AlertWatch.Seen> raisedDuring =
                seen.stream().filter(a -> a.detectedAt() >= down && a.detectedAt() <= up).toList();
        long maxLatency =
                raisedDuring.stream()
                        .mapToLong(a -> a.arrivedAt() - a.detectedAt())
                        .max()
                        .orElse(-1);
        double meanLatency =
                raisedDuring.stream()
                        .mapToLong(a -> a.arrivedAt() - a.detectedAt())
                        .average()
                        .orElse(-1);
        // the largest silence on the consumer while events were arriving (first 45 s of the outage)
        List<Long> arrivals =
                new ArrayList<>(
                        seen.stream()
                                .map(AlertWatch.Seen::arrivedAt)
                                .filter(t -> t >= down && t <= down + PRODUCING.toMillis())
                                .toList());
        arrivals.add(down);
        arrivals.add(down + PRODUCING.toMillis());
        Collections.sort(arrivals);
        long maxGap = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            maxGap = Math.max(maxGap, arrivals.get(i) - arrivals.get(i - 1));
        }
        System.out.printf(
                "ElasticsearchOutageITCase: Elasticsearch down %d ms (+%d ms to start again);"
                        + " %d alerts committed during the outage, %d raised during it, detection"
                        + " to read_committed visibility max %d ms, mean %.0f ms; largest gap"
                        + " between alerts on the topic while events arrived %d ms; Elasticsearch"
                        + " caught up %d ms after it was ready (%d alerts in all)%n",
                up - down,
                ready - up,
                committedDuring.size(),
                raisedDuring.size(),
                maxLatency,
                meanLatency,
                maxGap,
                caughtUp - ready,
                total);
        assertThat(raisedDuring).as("alerts raised during the outage").isNotEmpty();
        assertThat(committedDuring).as("alerts committed during the outage").isNotEmpty();
        assertThat(raisedDuring)
                .as(
                        "every alert raised during the outage is on the topic within %s",
                        MAX_COMMIT_LATENCY)
                .allSatisfy(
                        a ->
                                assertThat(a.arrivedAt() - a.detectedAt())
                                        .as(a.alertId())
                                        .isLessThan(MAX_COMMIT_LATENCY.toMillis()));
    }

    /**
     * The alerts indices hold exactly the alertIds of the alerts and control topics, each as it
     * stands on its topic; the outcomes index each outcome on the topic under its episodeId; the
     * scores index one document per customer on the topic, the one with the newest asOf.
     */
    private static void assertIndicesMatchTopics(
            ElasticsearchClient client, KafkaSettings kafka, KizashiIndices indices)
            throws Exception {
        Map<String, List<JsonNode>> alertsOnTopic = committedById(kafka.alertsTopic(), "alertId");
        committedById(kafka.controlTopic(), "alertId").forEach(alertsOnTopic::put);
        Map<String, ObjectNode> alertsInEs = documents(client, indices.alertsAlias(), "alertId");
        assertThat(alertsInEs.keySet()).isEqualTo(alertsOnTopic.keySet());
        alertsInEs.forEach((id, doc) -> assertThat(alertsOnTopic.get(id)).as(id).contains(doc));

        Map<String, List<JsonNode>> outcomesOnTopic =
                committedById(kafka.outcomesTopic(), "episodeId");
        Map<String, ObjectNode> outcomesInEs =
                documents(client, indices.outcomesIndex(), "episodeId");
        assertThat(outcomesInEs.keySet()).isEqualTo(outcomesOnTopic.keySet());
        outcomesInEs.forEach((id, doc) -> assertThat(outcomesOnTopic.get(id)).as(id).contains(doc));

        Map<String, List<JsonNode>> newestScores = new HashMap<>();
        Map<String, Long> newestAsOf = new HashMap<>();
        for (ConsumerRecord<String, String> r : readCommitted(bootstrap, kafka.scoresTopic())) {
            JsonNode s = json(r.value());
            String customer = s.path("customerId").asText();
            long asOf = Instant.parse(s.path("asOf").asText()).toEpochMilli();
            long best = newestAsOf.getOrDefault(customer, Long.MIN_VALUE);
            if (asOf > best) {
                newestAsOf.put(customer, asOf);
                newestScores.put(customer, new ArrayList<>(List.of(s)));
            } else if (asOf == best) {
                newestScores.get(customer).add(s);
            }
        }
        Map<String, ObjectNode> scoresInEs = documents(client, indices.scoresIndex(), "customerId");
        assertThat(scoresInEs.keySet()).isEqualTo(newestScores.keySet());
        scoresInEs.forEach(
                (customer, doc) ->
                        assertThat(newestScores.get(customer)).as(customer).contains(doc));
    }

    /** The committed documents of {@code topic} by the value of {@code idField}. */
    private static Map<String, List<JsonNode>> committedById(String topic, String idField) {
        Map<String, List<JsonNode>> out = new HashMap<>();
        for (ConsumerRecord<String, String> r : readCommitted(bootstrap, topic)) {
            JsonNode d = json(r.value());
            out.computeIfAbsent(d.path(idField).asText(), k -> new ArrayList<>()).add(d);
        }
        return out;
    }

    private static Set<String> alertIds(List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .map(r -> json(r.value()).path("alertId").asText())
                .collect(Collectors.toSet());
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static JobStatus status(JobClient job) throws Exception {
        return job.getJobStatus().get(10, TimeUnit.SECONDS);
    }

    /**
     * A read_committed consumer of the alerts topic in a thread of its own, noting when each alert
     * became visible (wall clock, as the job's {@code detectedAt}).
     */
    static final class AlertWatch implements AutoCloseable {
        record Seen(String alertId, long detectedAt, long arrivedAt) {}

        private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean stop;
        private volatile Throwable error;

        AlertWatch(String bootstrap, String topic) {
            thread =
                    new Thread(
                            () -> {
                                try (KafkaConsumer<String, String> c =
                                        new KafkaConsumer<>(
                                                LiveTestSupport.consumerProperties(bootstrap))) {
                                    List<TopicPartition> parts =
                                            c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                                                    .map(
                                                            i ->
                                                                    new TopicPartition(
                                                                            topic, i.partition()))
                                                    .toList();
                                    c.assign(parts);
                                    c.seekToBeginning(parts);
                                    while (!stop) {
                                        var records = c.poll(Duration.ofMillis(100));
                                        long at = System.currentTimeMillis();
                                        for (ConsumerRecord<String, String> r : records) {
                                            JsonNode a = json(r.value());
                                            seen.add(
                                                    new Seen(
                                                            a.path("alertId").asText(),
                                                            Instant.parse(
                                                                            a.path("detectedAt")
                                                                                    .asText())
                                                                    .toEpochMilli(),
                                                            at));
                                        }
                                    }
                                } catch (Throwable t) {
                                    error = t;
                                }
                            },
                            "alert-watch");
            thread.setDaemon(true);
            thread.start();
        }

        List<Seen> seen() {
            assertThat(error).as("alert watch failed").isNull();
            synchronized (seen) {
                return new ArrayList<>(seen);
            }
        }

        Set<String> ids() {
            return seen().stream().map(Seen::alertId).collect(Collectors.toSet());
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}

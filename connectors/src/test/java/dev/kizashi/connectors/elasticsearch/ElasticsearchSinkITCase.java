package dev.kizashi.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.connectors.stack.LocalStack;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.OutputJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink in Flink jobs on a MiniCluster, against the real Elasticsearch node. */
class ElasticsearchSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final KizashiIndices INDICES =
            new KizashiIndices(EsTestData.uniquePrefix("sink"));
    private static ElasticsearchClientSettings settings;
    private static ElasticsearchClient client;

    @BeforeAll
    static void setUp() {
        settings = ElasticsearchClientSettings.of(LocalStack.elasticsearchUrl());
        client = settings.createClient();
        ElasticsearchSetup.install(settings, 0, INDICES);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        EsTestData.cleanUp(client, INDICES);
        client.close();
    }

    static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        return env;
    }

    @Test
    void writesAlertsScoresAndHistoryIdempotently() throws Exception {
        // 400 distinct alerts, 100 of them twice (a replay)
        List<Alert> alerts = new ArrayList<>(EsTestData.alerts(400));
        alerts.addAll(EsTestData.alerts(100));
        // 60 customers x 5 updates, in asOf order
        List<ScoreUpdate> scores = EsTestData.scores(60, 5);

        for (int run = 1; run <= 2; run++) {
            StreamExecutionEnvironment env = env();
            env.fromData(alerts)
                    .sinkTo(INDICES.alertsSink(settings).bulkFlushMaxActions(50).build())
                    .name("alerts");
            var scoreStream = env.fromData(scores);
            scoreStream
                    .sinkTo(INDICES.scoresSink(settings).bulkFlushMaxActions(40).build())
                    .name("scores");
            scoreStream
                    .sinkTo(INDICES.scoreHistorySink(settings).bulkFlushMaxActions(40).build())
                    .name("score-history");
            env.execute("es-sink-run-" + run);

            assertThat(EsTestData.count(client, INDICES.alertsAlias()))
                    .as("alerts after run %d", run)
                    .isEqualTo(400);
            assertThat(EsTestData.count(client, INDICES.scoresIndex())).isEqualTo(60);
            assertThat(EsTestData.count(client, INDICES.scoreHistoryAlias())).isEqualTo(300);
        }
        // alerts went into both monthly indices behind the alias
        assertThat(EsTestData.count(client, INDICES.alertsIndex(EsTestData.T0))).isPositive();
        assertThat(
                        EsTestData.count(
                                client, INDICES.alertsIndex(EsTestData.T0 + 399 * EsTestData.HOUR)))
                .isPositive();

        // the stored alert is exactly OutputJson's document
        Alert a = alerts.get(123);
        var got =
                client.get(
                        g -> g.index(INDICES.alertsIndex(a.eventTime())).id(a.alertId()),
                        ObjectNode.class);
        assertThat(got.found()).isTrue();
        assertThat((JsonNode) got.source()).isEqualTo(OutputJson.alertNode(a));

        // one score per customer, the newest asOf won
        var hits =
                client.search(s -> s.index(INDICES.scoresIndex()).size(100), ObjectNode.class)
                        .hits()
                        .hits();
        assertThat(hits).hasSize(60);
        String newest = Instant.ofEpochMilli(EsTestData.T0 + 4 * EsTestData.HOUR).toString();
        for (Hit<ObjectNode> h : hits) {
            assertThat(h.source().get("asOf").asText()).as(h.id()).isEqualTo(newest);
            assertThat(h.source().get("score").asDouble()).isEqualTo(0.04);
            assertThat(h.id()).isEqualTo(h.source().get("customerId").asText());
        }
    }

    @Test
    void anOlderScoreNeverOverwritesANewerOne() throws Exception {
        // newest first: with external_gte versions the older updates are ignored (409)
        List<ScoreUpdate> reversed = new ArrayList<>(EsTestData.scores(5, 3));
        java.util.Collections.reverse(reversed);
        KizashiIndices idx = new KizashiIndices(INDICES.prefix() + "-rev");
        try {
            ElasticsearchSetup.install(settings, 0, idx);
            StreamExecutionEnvironment env = env();
            env.setParallelism(1);
            env.fromData(reversed).sinkTo(idx.scoresSink(settings).build());
            env.execute("es-sink-reversed");
            client.indices().refresh(r -> r.index(idx.scoresIndex()));
            var hits =
                    client.search(s -> s.index(idx.scoresIndex()).size(10), ObjectNode.class)
                            .hits()
                            .hits();
            assertThat(hits).hasSize(5);
            assertThat(hits.stream().map(h -> h.source().get("orderDays").asInt()).distinct())
                    .containsExactly(2);
        } finally {
            EsTestData.cleanUp(client, idx);
        }
    }

    @Test
    void aMappingErrorFailsTheJobNamingIndexIdAndReason() {
        List<Alert> alerts = EsTestData.alerts(30);
        Alert poisoned = alerts.get(17);
        String poisonedId = poisoned.alertId();
        StreamExecutionEnvironment env = env();
        env.fromData(alerts)
                .sinkTo(
                        ElasticsearchSink.<Alert>builder()
                                .settings(settings)
                                .indexFunction(a -> INDICES.alertsIndex(a.eventTime()))
                                .idFunction(Alert::alertId)
                                .documentFunction(
                                        a -> {
                                            ObjectNode n = OutputJson.alertNode(a);
                                            if (a.alertId().equals(poisonedId)) {
                                                n.put("score", "very high");
                                            }
                                            return n;
                                        })
                                .build());
        assertThatThrownBy(() -> env.execute("es-sink-mapping-error"))
                .satisfies(
                        e -> {
                            String all =
                                    ExceptionUtils.findThrowable(
                                                    e, ElasticsearchSinkException.class)
                                            .map(Throwable::getMessage)
                                            .orElseThrow(() -> new AssertionError(e));
                            assertThat(all)
                                    .contains("id=" + poisoned.alertId())
                                    .contains(INDICES.alertsIndex(poisoned.eventTime()))
                                    .contains("HTTP 400")
                                    .contains("failed to parse field [score]");
                        });
    }

    @Test
    void writesJourneysIdempotentlyBehindTheirAlias() throws Exception {
        List<JourneyRecord> journeys = new ArrayList<>(EsTestData.journeys());
        journeys.addAll(EsTestData.journeys()); // a replay writes the same ids again
        StreamExecutionEnvironment env = env();
        env.fromData(journeys, TypeInformation.of(JourneyRecord.class))
                .sinkTo(INDICES.journeysSink(settings).build())
                .name("journeys");
        env.execute("es-sink-journeys");
        assertThat(EsTestData.count(client, INDICES.journeysAlias())).isEqualTo(3);
        // the strict template took every kind's document as OutputJson wrote it
        for (JourneyRecord r : EsTestData.journeys()) {
            var got =
                    client.get(
                            g -> g.index(INDICES.journeysIndex(r.eventTime())).id(r.documentId()),
                            ObjectNode.class);
            assertThat(got.found()).as(r.documentId()).isTrue();
            assertThat((JsonNode) got.source()).isEqualTo(OutputJson.journeyNode(r));
        }
    }

    @Test
    void throughputIntoTheSingleNode() throws Exception {
        int n = 10_000;
        KizashiIndices idx = new KizashiIndices(INDICES.prefix() + "-tp");
        try {
            ElasticsearchSetup.install(settings, 0, idx);
            StreamExecutionEnvironment env = env();
            env.fromSequence(0, n - 1)
                    .map(i -> EsTestData.alert(i.intValue()))
                    .returns(TypeInformation.of(Alert.class))
                    .sinkTo(idx.alertsSink(settings).build());
            long start = System.nanoTime();
            env.execute("es-sink-throughput");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(EsTestData.count(client, idx.alertsAlias())).isEqualTo(n);
            System.out.printf(
                    "ElasticsearchSinkITCase: %d alerts in %.1f s = %.0f documents/s%n",
                    n, seconds, n / seconds);
        } finally {
            EsTestData.cleanUp(client, idx);
        }
    }
}

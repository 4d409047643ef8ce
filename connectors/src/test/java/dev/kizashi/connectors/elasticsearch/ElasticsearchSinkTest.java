package dev.kizashi.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.NdJsonpSerializable;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.connectors.Secret;
import dev.kizashi.wire.OutputJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast checks without a server: backoff, bulk sizes, credential masking, templates vs output. */
class ElasticsearchSinkTest {

    @TempDir Path dir;

    @Test
    void backoffDoublesFromInitialUpToTheCap() {
        BackoffPolicy b = BackoffPolicy.DEFAULT;
        List<Long> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 12; attempt++) {
            delays.add(b.delayMillis(attempt));
        }
        assertThat(delays)
                .containsExactly(
                        100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L,
                        30000L);
        assertThat(b.delayMillis(1_000_000)).isEqualTo(30_000L);
        assertThat(new BackoffPolicy(250, 1000, 5000).delayMillis(3)).isEqualTo(1000L);
        assertThat(new BackoffPolicy(250, 1000, 5000).delayMillis(1)).isEqualTo(500L);
        assertThatThrownBy(() -> new BackoffPolicy(0, 10, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffPolicy(100, 10, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryableErrors() {
        assertThat(ElasticsearchSinkWriter.isRetryableStatus(429)).isTrue();
        assertThat(ElasticsearchSinkWriter.isRetryableStatus(503)).isTrue();
        assertThat(ElasticsearchSinkWriter.isRetryableStatus(500)).isTrue();
        assertThat(ElasticsearchSinkWriter.isRetryableStatus(400)).isFalse();
        assertThat(ElasticsearchSinkWriter.isRetryableStatus(404)).isFalse();
        assertThat(ElasticsearchSinkWriter.isRetryableStatus(409)).isFalse();
        Throwable refused = new CompletionException(new ConnectException("Connection refused"));
        assertThat(ElasticsearchSinkWriter.isRetryable(ElasticsearchSinkWriter.unwrap(refused)))
                .isTrue();
    }

    @Test
    void bulkSizeAccountingMatchesTheSerialisedBulkBody() throws IOException {
        ObjectNode doc = OutputJson.alertNode(EsTestData.alert(7));
        byte[] json = ElasticsearchSink.JsonBytes.of(doc);
        BulkAction plain = new BulkAction("kizashi-alerts-2026.10", "id-7", -1, json);
        BulkAction versioned = new BulkAction("kizashi-scores", "c0007", 1792454400000L, json);

        // the estimate must be close to what the client actually sends
        assertThat(plain.sizeInBytes())
                .isBetween(serialisedSize(plain) - 8, serialisedSize(plain) + 8);
        assertThat(versioned.sizeInBytes())
                .isBetween(serialisedSize(versioned) - 8, serialisedSize(versioned) + 8);

        // non-ASCII ids count in UTF-8 bytes
        BulkAction ja = new BulkAction("i", "顧客", -1, new byte[] {'{', '}'});
        assertThat(ja.sizeInBytes()).isEqualTo(BulkAction.ACTION_LINE_OVERHEAD + 1 + 6 + 2);
    }

    @Test
    void bufferIsFullByCountOrBytes() {
        byte[] doc = new byte[100];
        BulkBuffer byCount = new BulkBuffer(3, 1_000_000);
        for (int i = 0; i < 2; i++) {
            byCount.add(new BulkAction("idx", "id" + i, -1, doc));
            assertThat(byCount.isFull()).isFalse();
        }
        byCount.add(new BulkAction("idx", "id2", -1, doc));
        assertThat(byCount.isFull()).isTrue();
        assertThat(byCount.size()).isEqualTo(3);
        long one = new BulkAction("idx", "id0", -1, doc).sizeInBytes();
        assertThat(byCount.sizeInBytes()).isEqualTo(3 * one);
        assertThat(byCount.drain()).hasSize(3);
        assertThat(byCount.isEmpty()).isTrue();
        assertThat(byCount.sizeInBytes()).isZero();

        BulkBuffer byBytes = new BulkBuffer(1000, 2 * one + 1);
        byBytes.add(new BulkAction("idx", "id0", -1, doc));
        byBytes.add(new BulkAction("idx", "id1", -1, doc));
        assertThat(byBytes.isFull()).isFalse();
        byBytes.add(new BulkAction("idx", "id2", -1, doc));
        assertThat(byBytes.isFull()).isTrue();
    }

    @Test
    void credentialsAreMaskedEverywhere() throws Exception {
        Path pwFile = dir.resolve("es-password");
        Files.writeString(pwFile, "s3cr3t-from-file\n");
        ElasticsearchClientSettings fromFile =
                ElasticsearchClientSettings.builder()
                        .hosts("https://es.example:9200")
                        .credentialsFromEnvironment(
                                Map.of(
                                        ElasticsearchClientSettings.ENV_USERNAME,
                                        "kizashi",
                                        ElasticsearchClientSettings.ENV_PASSWORD_FILE,
                                        pwFile.toString()))
                        .build();
        assertThat(fromFile.hasBasicAuth()).isTrue();
        assertThat(fromFile.username()).isEqualTo("kizashi");
        assertThat(fromFile.toString())
                .doesNotContain("s3cr3t")
                .contains("password=" + Secret.MASK)
                .contains("kizashi");

        ElasticsearchClientSettings apiKey =
                ElasticsearchClientSettings.builder()
                        .hosts("https://es.example:9200")
                        .credentialsFromEnvironment(
                                Map.of(
                                        ElasticsearchClientSettings.ENV_API_KEY,
                                        "QUJDOnNlY3JldGtleQ==",
                                        ElasticsearchClientSettings.ENV_PASSWORD,
                                        "ignored-pw"))
                        .build();
        assertThat(apiKey.hasApiKey()).isTrue();
        assertThat(apiKey.hasBasicAuth()).isFalse();
        assertThat(apiKey.toString())
                .doesNotContain("QUJDOnNlY3JldGtleQ")
                .doesNotContain("ignored-pw")
                .contains("apiKey=" + Secret.MASK + "(env:KIZASHI_ES_API_KEY)");

        ElasticsearchSink<Object> sink =
                ElasticsearchSink.builder()
                        .settings(apiKey)
                        .index("x")
                        .idFunction(Object::toString)
                        .jsonBytesFunction(o -> new byte[0])
                        .build();
        assertThat(sink.toString()).doesNotContain("QUJDOnNlY3JldGtleQ");

        // the sink travels to the task managers by Java serialisation
        ElasticsearchSink<Object> copy = InstantiationUtil.clone(sink, getClass().getClassLoader());
        assertThat(copy.settings.hasApiKey()).isTrue();

        assertThat(Secret.of("abc").toString()).doesNotContain("abc");
        ElasticsearchClientSettings none =
                ElasticsearchClientSettings.builder()
                        .hosts("http://127.0.0.1:9200")
                        .credentialsFromEnvironment(Map.of())
                        .build();
        assertThat(none.hasBasicAuth() || none.hasApiKey()).isFalse();
        assertThatThrownBy(() -> ElasticsearchClientSettings.of("http://elastic:pw@h:9200"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> Secret.fromEnv("KIZASHI_TEST_SURELY_UNSET", Map.of()))
                .hasMessageContaining("KIZASHI_TEST_SURELY_UNSET");
    }

    @Test
    void templatesMapEveryOutputFieldWithTheRightType() {
        KizashiIndices idx = KizashiIndices.standard();
        ObjectNode alerts = ElasticsearchSetup.template(ElasticsearchSetup.Template.ALERTS, 0, idx);
        ObjectNode scores = ElasticsearchSetup.template(ElasticsearchSetup.Template.SCORES, 0, idx);
        ObjectNode history =
                ElasticsearchSetup.template(ElasticsearchSetup.Template.SCORE_HISTORY, 0, idx);
        ObjectNode outcomes =
                ElasticsearchSetup.template(ElasticsearchSetup.Template.OUTCOMES, 0, idx);

        Map<String, String> alertFields = leafTypes(alerts.at("/template/mappings"));
        Map<String, String> scoreFields = leafTypes(scores.at("/template/mappings"));
        Map<String, String> outcomeFields = leafTypes(outcomes.at("/template/mappings"));
        assertThat(leafTypes(history.at("/template/mappings"))).isEqualTo(scoreFields);

        // every field the job writes is mapped, and nothing else
        assertThat(alertFields.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        leafPaths(OutputJson.alertNode(EsTestData.alert(3))));
        assertThat(scoreFields.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        leafPaths(OutputJson.scoreNode(EsTestData.score(3, 5))));
        assertThat(outcomeFields.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        leafPaths(OutputJson.outcomeNode(EsTestData.outcome(3))));
        assertThat(alertFields)
                .containsEntry("alertId", "keyword")
                .containsEntry("pattern", "keyword")
                .containsEntry("severity", "keyword")
                .containsEntry("channel", "keyword")
                .containsEntry("action", "keyword")
                .containsEntry("segment", "keyword")
                .containsEntry("ltvTier", "keyword")
                .containsEntry("eventTime", "date")
                .containsEntry("detectedAt", "date")
                .containsEntry("score", "float")
                .containsEntry("reasons.code", "keyword")
                .containsEntry("reasons.en", "text")
                .containsEntry("reasons.ja", "text");
        assertThat(scoreFields)
                .containsEntry("customerId", "keyword")
                .containsEntry("asOf", "date")
                .containsEntry("lastOrder", "date")
                .containsEntry("orderDays", "integer")
                .containsEntry("expectedGapDays", "double")
                .containsEntry("totalSpend", "double")
                .containsEntry("subscribed", "boolean");
        assertThat(alertFields).containsEntry("holdout", "boolean");
        Map<String, String> outcomeTypes = new java.util.TreeMap<>();
        for (String k :
                List.of(
                        "episodeId",
                        "customerId",
                        "pattern",
                        "severity",
                        "channel",
                        "action",
                        "scoreBand",
                        "segment",
                        "ltvTier",
                        "outcome",
                        "cancelReason",
                        "firstActionChannel",
                        "firstAction",
                        "offer",
                        "campaign",
                        "modelVersion")) {
            outcomeTypes.put(k, "keyword");
        }
        for (String k : List.of("holdout", "kept")) {
            outcomeTypes.put(k, "boolean");
        }
        for (String k : List.of("openedAt", "outcomeAt", "churnedAt")) {
            outcomeTypes.put(k, "date");
        }
        outcomeTypes.put("score", "float");
        for (String k : List.of("horizonDays", "orders", "actions", "reached", "accepted")) {
            outcomeTypes.put(k, "integer");
        }
        outcomeTypes.put("revenue", "double");
        outcomeTypes.put("actionCost", "double");
        assertThat(outcomeFields).isEqualTo(outcomeTypes);
        for (ObjectNode t : List.of(alerts, scores, history, outcomes)) {
            assertThat(t.at("/template/mappings/dynamic").asText()).isEqualTo("strict");
        }
        assertThat(outcomes.get("index_patterns").get(0).asText()).isEqualTo(idx.outcomesIndex());
        assertThat(alerts.at("/template/settings/number_of_shards").asInt()).isEqualTo(1);

        // prefix and replicas are substituted
        ObjectNode test =
                ElasticsearchSetup.template(
                        ElasticsearchSetup.Template.ALERTS, 2, new KizashiIndices("t1"));
        assertThat(test.get("index_patterns").get(0).asText()).isEqualTo("t1-alerts-*");
        assertThat(test.at("/template/aliases").has("t1-alerts")).isTrue();
        assertThat(test.at("/template/settings/number_of_replicas").asInt()).isEqualTo(2);
    }

    @Test
    void theJourneysTemplateMapsEveryJourneyField() {
        ObjectNode t =
                ElasticsearchSetup.template(
                        ElasticsearchSetup.Template.JOURNEYS, 0, KizashiIndices.standard());
        Map<String, String> fields = leafTypes(t.at("/template/mappings"));
        java.util.Set<String> written = new java.util.TreeSet<>();
        EsTestData.journeys().forEach(r -> written.addAll(leafPaths(OutputJson.journeyNode(r))));
        assertThat(fields.keySet()).containsExactlyInAnyOrderElementsOf(written);
        assertThat(fields)
                .containsEntry("kind", "keyword")
                .containsEntry("eventTime", "date")
                .containsEntry("path", "keyword")
                .containsEntry("path3", "keyword")
                .containsEntry("cancelReason", "keyword")
                .containsEntry("planId", "keyword")
                .containsEntry("cohort", "keyword")
                .containsEntry("k", "integer")
                .containsEntry("afterReactivation", "boolean")
                .containsEntry("lastFeedbackScore", "integer");
        assertThat(t.at("/template/mappings/dynamic").asText()).isEqualTo("strict");
        ObjectNode test =
                ElasticsearchSetup.template(
                        ElasticsearchSetup.Template.JOURNEYS, 1, new KizashiIndices("t1"));
        assertThat(test.get("index_patterns").get(0).asText()).isEqualTo("t1-journeys-*");
        assertThat(test.at("/template/aliases").has("t1-journeys")).isTrue();
        KizashiIndices idx = KizashiIndices.standard();
        assertThat(idx.journeysIndex(EsTestData.T0)).isEqualTo("kizashi-journeys-2026.10");
        assertThat(EsTestData.journeys())
                .extracting(dev.kizashi.pdca.JourneyRecord::documentId)
                .containsExactly(
                        "c0001:CANCELLATION:" + EsTestData.T0,
                        "c0002:DELIVERY:5",
                        "c0002:REACTIVATION:" + EsTestData.T0);
    }

    @Test
    void indexNamesAreMonthlyInUtc() {
        KizashiIndices idx = KizashiIndices.standard();
        assertThat(idx.alertsIndex(EsTestData.T0)).isEqualTo("kizashi-alerts-2026.10");
        assertThat(idx.alertsIndex(1_793_577_599_999L)).isEqualTo("kizashi-alerts-2026.11");
        assertThat(idx.scoreHistoryIndex(EsTestData.T0)).isEqualTo("kizashi-score-history-2026.10");
        assertThat(idx.scoresIndex()).isEqualTo("kizashi-scores");
        assertThat(idx.outcomesIndex()).isEqualTo("kizashi-outcomes");
        assertThat(KizashiIndices.scoreHistoryId(EsTestData.score(1, 2)))
                .isEqualTo("c0001:" + (EsTestData.T0 + 2 * EsTestData.HOUR));
        assertThatThrownBy(() -> new KizashiIndices("Bad Prefix"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Bytes of the action + document lines the client writes for this action. */
    private static long serialisedSize(BulkAction a) throws IOException {
        JsonpMapper mapper = new JacksonJsonpMapper();
        BulkOperation op =
                BulkOperation.of(
                        o ->
                                o.index(
                                        i -> {
                                            i.index(a.index())
                                                    .id(a.id())
                                                    .document(
                                                            BinaryData.of(
                                                                    a.source(),
                                                                    ContentType.APPLICATION_JSON));
                                            if (a.version() >= 0) {
                                                i.version(a.version())
                                                        .versionType(VersionType.ExternalGte);
                                            }
                                            return i;
                                        }));
        BulkRequest req = BulkRequest.of(b -> b.operations(op));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeNdJson(req, mapper, out);
        return out.size();
    }

    /** As the client's transport does: nested nd-json serialisables expand into their lines. */
    private static void writeNdJson(
            NdJsonpSerializable value, JsonpMapper mapper, ByteArrayOutputStream out)
            throws IOException {
        for (Iterator<?> it = value._serializables(); it.hasNext(); ) {
            Object line = it.next();
            if (line instanceof NdJsonpSerializable nd && line != value) {
                writeNdJson(nd, mapper, out);
            } else if (line instanceof BinaryData bd) {
                bd.writeTo(out);
                out.write('\n');
            } else {
                var gen = mapper.jsonProvider().createGenerator(out);
                mapper.serialize(line, gen);
                gen.close();
                out.write('\n');
            }
        }
    }

    private static Map<String, String> leafTypes(JsonNode mappings) {
        Map<String, String> out = new java.util.TreeMap<>();
        collect("", mappings.get("properties"), out);
        return out;
    }

    private static void collect(String path, JsonNode properties, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                collect(p, def.get("properties"), out);
            } else {
                out.put(p, def.get("type").asText());
            }
        }
    }

    private static List<String> leafPaths(JsonNode doc) {
        List<String> out = new ArrayList<>();
        leafPaths("", doc, out);
        return out.stream().distinct().toList();
    }

    private static void leafPaths(String path, JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.fields()
                    .forEachRemaining(
                            e ->
                                    leafPaths(
                                            path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                                            e.getValue(),
                                            out));
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                out.add(path);
            }
            n.forEach(x -> leafPaths(path, x, out));
        } else {
            out.add(path);
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

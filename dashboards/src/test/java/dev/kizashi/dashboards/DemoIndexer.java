package dev.kizashi.dashboards;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.connectors.elasticsearch.ElasticsearchSetup;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.dashboards.report.ReportInput;
import dev.kizashi.dashboards.report.ReportSources;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes an embedded run's output (alerts.jsonl, scores.jsonl, labels.csv) into Elasticsearch the
 * way the job's sinks do (ElasticsearchSetup.install, alerts into monthly indices by eventTime with
 * id alertId, scores one document per customer with external version asOf, every score update into
 * the history), optionally adding the pending score fields computed from the same run.
 */
public final class DemoIndexer {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DemoIndexer() {}

    /** Counts of what was written. */
    public record Written(int alerts, int scores, int history) {}

    public static Written index(
            ElasticsearchClient client, KizashiIndices indices, Path dir, boolean withPendingFields)
            throws IOException {
        ElasticsearchSetup.install(client, 0, indices);
        if (withPendingFields) {
            // the templates as they will be once the job writes the pending fields
            ObjectNode props = MAPPER.createObjectNode();
            Templates.pendingFields()
                    .getOrDefault("kizashi-scores", Map.of())
                    .forEach((f, def) -> props.set(f, def.get("mapping")));
            for (ElasticsearchSetup.Template t :
                    List.of(
                            ElasticsearchSetup.Template.SCORES,
                            ElasticsearchSetup.Template.SCORE_HISTORY)) {
                ObjectNode body = ElasticsearchSetup.template(t, 0, indices);
                ((ObjectNode) body.at("/template/mappings/properties")).setAll(props);
                client.indices()
                        .putIndexTemplate(
                                r ->
                                        r.name(t.templateName(indices))
                                                .withJson(new StringReader(body.toString())));
            }
            String mapping = MAPPER.createObjectNode().set("properties", props).toString();
            client.indices()
                    .putMapping(
                            r ->
                                    r.index(indices.scoresIndex())
                                            .withJson(new StringReader(mapping)));
        }
        List<JsonNode> alerts = readLines(dir.resolve(ReportSources.ALERTS_FILE));
        List<JsonNode> scores = readLines(dir.resolve(ReportSources.SCORES_FILE));
        Map<String, ReportInput.Outcome> labels =
                Files.isRegularFile(dir.resolve(ReportSources.LABELS_FILE))
                        ? ReportSources.readLabels(dir.resolve(ReportSources.LABELS_FILE))
                        : Map.of();
        Map<String, List<JsonNode>> alertsByCustomer = new HashMap<>();
        alerts.forEach(
                a ->
                        alertsByCustomer
                                .computeIfAbsent(
                                        a.path("customerId").asText(), k -> new ArrayList<>())
                                .add(a));
        Map<String, Instant> firstSeen = new HashMap<>();
        for (JsonNode s : scores) {
            firstSeen.merge(
                    s.path("customerId").asText(),
                    Instant.parse(s.path("asOf").asText()),
                    (x, y) -> x.isBefore(y) ? x : y);
        }

        List<BulkOperation> ops = new ArrayList<>();
        for (JsonNode a : alerts) {
            long t = Instant.parse(a.path("eventTime").asText()).toEpochMilli();
            ops.add(
                    BulkOperation.of(
                            o ->
                                    o.index(
                                            i ->
                                                    i.index(indices.alertsIndex(t))
                                                            .id(a.path("alertId").asText())
                                                            .document(a))));
        }
        int history = 0;
        for (JsonNode s0 : scores) {
            ObjectNode s = (ObjectNode) s0.deepCopy();
            String id = s.path("customerId").asText();
            Instant asOf = Instant.parse(s.path("asOf").asText());
            if (withPendingFields) {
                enrich(
                        s,
                        asOf,
                        firstSeen.get(id),
                        alertsByCustomer.getOrDefault(id, List.of()),
                        labels.get(id));
            }
            // the latest-score document: the job is expected to refresh it when an alert fires, so
            // it knows every pattern alerted so far (not only those before its own asOf)
            ObjectNode latest = (ObjectNode) s0.deepCopy();
            if (withPendingFields) {
                enrich(
                        latest,
                        Instant.MAX,
                        firstSeen.get(id),
                        alertsByCustomer.getOrDefault(id, List.of()),
                        labels.get(id));
            }
            long v = asOf.toEpochMilli();
            ops.add(
                    BulkOperation.of(
                            o ->
                                    o.index(
                                            i ->
                                                    i.index(indices.scoreHistoryIndex(v))
                                                            .id(id + ":" + v)
                                                            .document(s))));
            history++;
            ops.add(
                    BulkOperation.of(
                            o ->
                                    o.index(
                                            i ->
                                                    i.index(indices.scoresIndex())
                                                            .id(id)
                                                            .version(v)
                                                            .versionType(VersionType.External)
                                                            .document(latest))));
        }
        for (int from = 0; from < ops.size(); from += 2000) {
            List<BulkOperation> page = ops.subList(from, Math.min(ops.size(), from + 2000));
            BulkResponse r = client.bulk(b -> b.operations(page));
            if (r.errors()) {
                for (var item : r.items()) {
                    // an older score losing to a newer one on the latest-score index is expected
                    if (item.error() != null
                            && !"version_conflict_engine_exception".equals(item.error().type())) {
                        throw new IOException(
                                "bulk failed: "
                                        + item.error().type()
                                        + " "
                                        + item.error().reason());
                    }
                }
            }
        }
        client.indices().refresh(r -> r.index(indices.allIndicesPattern()));
        return new Written(alerts.size(), firstSeen.size(), history);
    }

    /** The pending fields for a score document, from the same run's alerts and ground truth. */
    static void enrich(
            ObjectNode s,
            Instant asOf,
            Instant firstSeen,
            List<JsonNode> alerts,
            ReportInput.Outcome outcome) {
        s.put("firstSeen", firstSeen.toString());
        TreeSet<String> patterns = new TreeSet<>();
        JsonNode latest = null;
        for (JsonNode a : alerts) {
            Instant t = Instant.parse(a.path("eventTime").asText());
            if (!t.isAfter(asOf)) {
                patterns.add(a.path("pattern").asText());
                if (latest == null
                        || Instant.parse(latest.path("eventTime").asText()).isBefore(t)) {
                    latest = a;
                }
            }
        }
        ArrayNode arr = s.putArray("alertedPatterns");
        patterns.forEach(arr::add);
        if (latest != null && latest.hasNonNull("segment")) {
            s.put("segment", latest.get("segment").asText());
        }
        if (latest != null && latest.hasNonNull("ltvTier")) {
            s.put("ltvTier", latest.get("ltvTier").asText());
        }
        if (outcome != null) {
            // the ground truth at the end of the run stands in for the job's own churned flag
            s.put("churned", outcome.churned());
        }
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(MAPPER.readTree(line));
            }
        }
        return out;
    }
}

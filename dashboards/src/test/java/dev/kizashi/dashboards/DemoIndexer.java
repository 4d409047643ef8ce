package dev.kizashi.dashboards;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kizashi.connectors.elasticsearch.ElasticsearchSetup;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.dashboards.report.AnalysisSources;
import dev.kizashi.dashboards.report.OutcomeSources;
import dev.kizashi.dashboards.report.ReportSources;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.OutputDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes an embedded run's output (alerts, scores, outcomes and journeys .jsonl) into Elasticsearch
 * the way the job's sinks do (ElasticsearchSetup.install, alerts into monthly indices by eventTime
 * with id alertId, scores one document per customer with external version asOf, every score update
 * into the history, journeys into monthly indices with KizashiIndices.journeysSink's id).
 */
public final class DemoIndexer {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DemoIndexer() {}

    /** Counts of what was written. */
    public record Written(int alerts, int scores, int history, int journeys) {}

    public static Written index(ElasticsearchClient client, KizashiIndices indices, Path dir)
            throws IOException {
        ElasticsearchSetup.install(client, 0, indices);
        List<JsonNode> alerts = readLines(dir.resolve(ReportSources.ALERTS_FILE));
        List<JsonNode> scores = readLines(dir.resolve(ReportSources.SCORES_FILE));

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
        Path outcomesFile = dir.resolve(OutcomeSources.OUTCOMES_FILE);
        if (Files.exists(outcomesFile)) {
            outcomeOps(indices, outcomesFile, ops);
        }
        int history = 0;
        Set<String> customers = new HashSet<>();
        for (JsonNode s : scores) {
            String id = s.path("customerId").asText();
            customers.add(id);
            Instant asOf = Instant.parse(s.path("asOf").asText());
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
                                                            .document(s))));
        }
        Path journeys = dir.resolve(AnalysisSources.JOURNEYS_FILE);
        int journeyCount = Files.isRegularFile(journeys) ? journeyOps(indices, journeys, ops) : 0;
        bulk(client, ops);
        client.indices().refresh(r -> r.index(indices.allIndicesPattern()));
        return new Written(alerts.size(), customers.size(), history, journeyCount);
    }

    /** Only the journey documents of a file (e.g. of another run), as the journeys sink writes. */
    public static int indexJourneys(ElasticsearchClient client, KizashiIndices indices, Path file)
            throws IOException {
        List<BulkOperation> ops = new ArrayList<>();
        int n = journeyOps(indices, file, ops);
        bulk(client, ops);
        client.indices().refresh(r -> r.index(indices.allIndicesPattern()));
        return n;
    }

    /** Only the outcome documents of a file (e.g. of another run), as the outcomes sink writes. */
    public static int indexOutcomes(ElasticsearchClient client, KizashiIndices indices, Path file)
            throws IOException {
        List<BulkOperation> ops = new ArrayList<>();
        int n = outcomeOps(indices, file, ops);
        bulk(client, ops);
        client.indices().refresh(r -> r.index(indices.allIndicesPattern()));
        return n;
    }

    private static int outcomeOps(KizashiIndices indices, Path file, List<BulkOperation> ops)
            throws IOException {
        List<JsonNode> docs = readLines(file);
        for (JsonNode e : docs) {
            ops.add(
                    BulkOperation.of(
                            o ->
                                    o.index(
                                            i ->
                                                    i.index(indices.outcomesIndex())
                                                            .id(e.path("episodeId").asText())
                                                            .document(e))));
        }
        return docs.size();
    }

    private static int journeyOps(KizashiIndices indices, Path file, List<BulkOperation> ops)
            throws IOException {
        List<JsonNode> docs = readLines(file);
        for (JsonNode j : docs) {
            JourneyRecord r = OutputDocuments.journey(j);
            ops.add(
                    BulkOperation.of(
                            o ->
                                    o.index(
                                            i ->
                                                    i.index(indices.journeysIndex(r.eventTime()))
                                                            .id(r.documentId())
                                                            .document(j))));
        }
        return docs.size();
    }

    private static void bulk(ElasticsearchClient client, List<BulkOperation> ops)
            throws IOException {
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

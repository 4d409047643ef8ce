package dev.kizashi.dashboards.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.NamedValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputDocuments.AlertDoc;
import dev.kizashi.wire.OutputDocuments.ScoreDoc;
import dev.kizashi.wire.OutputJson.F;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Reads a {@link ReportInput} from an embedded run's output directory or from Elasticsearch. */
public final class ReportSources {
    public static final String ALERTS_FILE = "alerts.jsonl";
    public static final String SCORES_FILE = "scores.jsonl";
    public static final String LABELS_FILE = "labels.csv";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PAGE = 5000;

    private ReportSources() {}

    /**
     * From {@code alerts.jsonl}, {@code scores.jsonl} and (when present) the generator's {@code
     * labels.csv} in {@code dir}; the analyses from {@code journeys.jsonl} and {@code
     * outcomes.jsonl} when present ({@link AnalysisSources}).
     */
    public static ReportInput fromDirectory(Path dir) throws IOException {
        Path alertsFile = dir.resolve(ALERTS_FILE);
        Path scoresFile = dir.resolve(SCORES_FILE);
        if (!Files.isRegularFile(alertsFile) && !Files.isRegularFile(scoresFile)) {
            throw new IOException(
                    dir.toAbsolutePath()
                            + " has neither "
                            + ALERTS_FILE
                            + " nor "
                            + SCORES_FILE
                            + " (the output directory of `kizashi demo` or `kizashi run`)");
        }
        List<AlertDoc> alerts =
                Files.isRegularFile(alertsFile)
                        ? OutputDocuments.readAlerts(alertsFile)
                        : List.of();
        LatestScores scores = new LatestScores();
        if (Files.isRegularFile(scoresFile)) {
            forEachLine(scoresFile, scores::add);
        }
        Path labels = dir.resolve(LABELS_FILE);
        Map<String, ReportInput.Outcome> outcomes = new HashMap<>();
        String outcomeSource = null;
        if (Files.isRegularFile(labels)) {
            outcomes = readLabels(labels);
            outcomeSource = "labels.csv (the generator's ground truth)";
        } else if (scores.haveChurned()) {
            outcomes = scores.outcomes();
            outcomeSource = "the score documents' churned field";
        }
        return new ReportInput(
                        "embedded run output " + dir.toAbsolutePath(),
                        alerts,
                        scores.latest,
                        scores.firstSeen,
                        outcomes,
                        outcomeSource)
                .withAnalyses(AnalysisSources.fromDirectory(dir));
    }

    /**
     * From Elasticsearch: every alert behind {@code <prefix>-alerts}, every document of {@code
     * <prefix>-scores}, first-seen times from the score history when the scores lack {@code
     * firstSeen}, and outcomes from the scores' {@code churned} field or from a labels file.
     */
    public static ReportInput fromElasticsearch(
            ElasticsearchClientSettings settings, String prefix, Path labelsFile)
            throws IOException {
        try (ElasticsearchClient client = settings.createClient()) {
            String alertsIndex = prefix + "-alerts";
            String scoresIndex = prefix + "-scores";
            List<AlertDoc> alerts = new ArrayList<>();
            scan(client, alertsIndex, F.ALERT_ID, a -> alerts.add(OutputDocuments.alert(a)));
            LatestScores scores = new LatestScores();
            scan(client, scoresIndex, F.CUSTOMER_ID, scores::add);
            if (scores.latest.values().stream().allMatch(s -> s.firstSeenTs() == 0)) {
                scores.firstSeen.putAll(firstScoreTimes(client, prefix + "-score-history"));
            }
            Map<String, ReportInput.Outcome> outcomes = new HashMap<>();
            String outcomeSource = null;
            if (labelsFile != null) {
                outcomes = readLabels(labelsFile);
                outcomeSource = labelsFile.getFileName() + " (labels file)";
            } else if (scores.haveChurned()) {
                outcomes = scores.outcomes();
                outcomeSource = "the score documents' churned field";
            }
            return new ReportInput(
                            "Elasticsearch " + settings.hosts() + " (" + prefix + "-*)",
                            alerts,
                            scores.latest,
                            scores.firstSeen,
                            outcomes,
                            outcomeSource)
                    .withAnalyses(AnalysisSources.fromElasticsearch(client, prefix));
        }
    }

    /** The newest score document per customer, and first-seen times, as the documents stream by. */
    private static final class LatestScores {
        final Map<String, ScoreDoc> latest = new TreeMap<>();
        final Map<String, Instant> firstSeen = new HashMap<>();

        /**
         * Customers whose newest document has a churned field: only they have an outcome (the typed
         * document reads an absent field as false; score documents before the field had none).
         */
        private final Set<String> churnedKnown = new HashSet<>();

        void add(JsonNode doc) {
            ScoreDoc s = OutputDocuments.score(doc);
            if (s.asOf() == 0) {
                throw new IllegalArgumentException("a score document without " + F.AS_OF);
            }
            String id = s.customerId() == null ? "" : s.customerId();
            ScoreDoc prev = latest.get(id);
            if (prev == null || prev.asOf() < s.asOf()) {
                latest.put(id, s);
                if (doc.has(F.CHURNED)) {
                    churnedKnown.add(id);
                } else {
                    churnedKnown.remove(id);
                }
            }
            Instant first = Instant.ofEpochMilli(s.firstSeenTs() != 0 ? s.firstSeenTs() : s.asOf());
            firstSeen.merge(id, first, (a, b) -> a.isBefore(b) ? a : b);
        }

        boolean haveChurned() {
            return !churnedKnown.isEmpty();
        }

        Map<String, ReportInput.Outcome> outcomes() {
            Map<String, ReportInput.Outcome> out = new HashMap<>();
            for (String id : churnedKnown) {
                out.put(id, new ReportInput.Outcome(latest.get(id).churned(), null));
            }
            return out;
        }
    }

    /** {@code labels.csv}: {@code customerId,churned,churnTime,kind,precursors}. */
    public static Map<String, ReportInput.Outcome> readLabels(Path file) throws IOException {
        Map<String, ReportInput.Outcome> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("customerId,churned,churnTime")) {
                throw new IOException(file + ": not a labels file (header " + header + ")");
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                boolean churned = Boolean.parseBoolean(f[1].strip());
                Instant t = f.length > 2 && !f[2].isBlank() ? Instant.parse(f[2].strip()) : null;
                out.put(f[0].strip(), new ReportInput.Outcome(churned, t));
            }
        }
        return out;
    }

    /** Each document of a JSON-lines file, streamed (score files run to gigabytes). */
    private static void forEachLine(Path file, Consumer<JsonNode> each) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    each.accept(MAPPER.readTree(line));
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Every document of an index or alias, paged with search_after on a unique keyword. */
    static void scan(
            ElasticsearchClient client, String index, String sortField, Consumer<JsonNode> each)
            throws IOException {
        scan(client, index, List.of(sortField), each);
    }

    /**
     * Every document of an index or alias, paged with search_after on fields whose values together
     * are unique.
     */
    static void scan(
            ElasticsearchClient client,
            String index,
            List<String> sortFields,
            Consumer<JsonNode> each)
            throws IOException {
        List<FieldValue> after = null;
        while (true) {
            final List<FieldValue> from = after;
            SearchResponse<ObjectNode> resp =
                    client.search(
                            s -> {
                                s.index(index)
                                        .size(PAGE)
                                        .ignoreUnavailable(true)
                                        .allowNoIndices(true);
                                for (String field : sortFields) {
                                    s.sort(o -> o.field(f -> f.field(field).order(SortOrder.Asc)));
                                }
                                if (from != null) {
                                    s.searchAfter(from);
                                }
                                return s;
                            },
                            ObjectNode.class);
            List<Hit<ObjectNode>> hits = resp.hits().hits();
            for (Hit<ObjectNode> h : hits) {
                each.accept(h.source());
            }
            if (hits.size() < PAGE) {
                return;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /** Each customer's earliest score update, from the history indices (composite aggregation). */
    private static Map<String, Instant> firstScoreTimes(ElasticsearchClient client, String alias)
            throws IOException {
        Map<String, Instant> out = new HashMap<>();
        Map<String, FieldValue> after = null;
        while (true) {
            CompositeAggregation.Builder composite = new CompositeAggregation.Builder();
            composite
                    .size(PAGE)
                    .sources(
                            NamedValue.of(
                                    "id",
                                    CompositeAggregationSource.of(
                                            cs -> cs.terms(t -> t.field(F.CUSTOMER_ID)))));
            if (after != null) {
                composite.after(after);
            }
            Aggregation agg =
                    Aggregation.of(
                            a ->
                                    a.composite(composite.build())
                                            .aggregations(
                                                    "first", m -> m.min(x -> x.field(F.AS_OF))));
            SearchResponse<Void> resp =
                    client.search(
                            s ->
                                    s.index(alias)
                                            .size(0)
                                            .ignoreUnavailable(true)
                                            .allowNoIndices(true)
                                            .aggregations("c", agg),
                            Void.class);
            if (resp.aggregations() == null || !resp.aggregations().containsKey("c")) {
                return out;
            }
            CompositeAggregate comp = resp.aggregations().get("c").composite();
            for (CompositeBucket b : comp.buckets().array()) {
                double v = b.aggregations().get("first").min().value();
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    out.put(b.key().get("id").stringValue(), Instant.ofEpochMilli((long) v));
                }
            }
            if (comp.buckets().array().size() < PAGE || comp.afterKey() == null) {
                return out;
            }
            after = comp.afterKey();
        }
    }
}

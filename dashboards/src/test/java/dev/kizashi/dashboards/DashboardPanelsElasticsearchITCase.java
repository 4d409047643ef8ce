package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.stack.LocalStack;
import dev.kizashi.dashboards.report.AnalysisSources;
import dev.kizashi.dashboards.report.OutcomeSources;
import dev.kizashi.dashboards.report.ReportInput;
import dev.kizashi.dashboards.report.ReportModel;
import dev.kizashi.dashboards.report.ReportSources;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.Severity;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyKind;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.OutputDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every panel of the dashboard, translated to the search Kibana sends, runs against a real
 * Elasticsearch node over data a real embedded run wrote (dashboards/src/test/resources/demo),
 * indexed into the shipped templates, and returns non-empty results of the expected shape.
 */
class DashboardPanelsElasticsearchITCase {
    private static final KizashiIndices INDICES = new KizashiIndices("kizashi-dash-it");
    private static final Instant FROM = Instant.parse("2025-12-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

    private static String url;
    private static ElasticsearchClientSettings settings;
    private static Map<String, PanelRunner.Result> results = new HashMap<>();
    private static List<PanelRunner.Result> all;

    @BeforeAll
    static void loadData() throws Exception {
        url = LocalStack.elasticsearchUrl();
        settings = ElasticsearchClientSettings.builder().hosts(url).build();
        try (ElasticsearchClient client = settings.createClient()) {
            client.indices()
                    .delete(
                            d ->
                                    d.index(INDICES.allIndicesPattern())
                                            .allowNoIndices(true)
                                            .ignoreUnavailable(true));
            DemoIndexer.Written w =
                    DemoIndexer.index(client, INDICES, ReportChromiumITCase.demoDir());
            // the subscription demo has no returning customer: an order log's journeys do
            int retail =
                    DemoIndexer.indexJourneys(
                            client, INDICES, ReportChromiumITCase.retailJourneys());
            // nobody acted in the demo (--no-response): a closed loop's outcomes carry actions
            int loop = DemoIndexer.indexOutcomes(client, INDICES, loopOutcomes());
            System.out.println(
                    "indexed "
                            + w
                            + ", "
                            + retail
                            + " journeys of an order log and "
                            + loop
                            + " outcomes of a closed loop");
        }
        all =
                PanelRunner.runAll(
                        url, INDICES.prefix(), SavedObjects.read(SavedObjects.locate()), FROM, TO);
        for (PanelRunner.Result r : all) {
            results.put(r.layer().visualizationId(), r);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (ElasticsearchClient client = settings.createClient()) {
            client.indices()
                    .delete(
                            d ->
                                    d.index(INDICES.allIndicesPattern())
                                            .allowNoIndices(true)
                                            .ignoreUnavailable(true));
            client.indices().deleteIndexTemplate(d -> d.name(INDICES.prefix() + "-*"));
        }
    }

    /**
     * The run's files without the generator's labels: the report then takes outcomes from the score
     * documents' own churned field, as the Kibana panels do.
     */
    private static Path demoDirWithoutLabels() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/demo-without-labels"));
        for (String f : List.of(ReportSources.ALERTS_FILE, ReportSources.SCORES_FILE)) {
            Files.copy(
                    ReportChromiumITCase.demoDir().resolve(f),
                    dir.resolve(f),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    @Test
    void everyPanelReturnsNonEmptyResultsOfTheExpectedShape() throws Exception {
        assertThat(all).hasSize(SavedObjects.read(SavedObjects.locate()).ofType("lens").size());
        // the demo's customers have no LTV tier (the job writes ltvTier null): that column may be
        // empty
        java.util.Set<String> absentFields = new java.util.HashSet<>();
        if (ReportSources.fromDirectory(ReportChromiumITCase.demoDir()).alerts().stream()
                .noneMatch(a -> a.ltvTier() != null)) {
            absentFields.add("ltvTier");
        }
        List<String> problems = new ArrayList<>();
        for (PanelRunner.Result r : all) {
            List<String> p = PanelRunner.shapeProblems(r, absentFields);
            System.out.printf(
                    "%-34s %-28s hits=%-5d %s%n",
                    r.layer().visualizationId(),
                    r.index(),
                    r.response().at("/hits/total/value").asLong(),
                    p.isEmpty() ? "ok" : p);
            problems.addAll(p);
        }
        assertThat(problems).isEmpty();
    }

    private static JsonNode buckets(String lens, String column) {
        return results.get(lens).response().at("/aggregations/" + column + "/buckets");
    }

    @Test
    void alertsOverTimeAreWeeklyBucketsSplitByKnownPatterns() {
        JsonNode patterns = buckets("kizashi-lens-alerts-over-time", "c-pattern");
        List<String> names = Arrays.stream(ChurnPattern.values()).map(Enum::name).toList();
        long total = 0;
        for (JsonNode p : patterns) {
            assertThat(names).contains(p.path("key").asText());
            JsonNode weeks = p.at("/c-time/buckets");
            assertThat(weeks.size()).isGreaterThan(3);
            for (JsonNode w : weeks) {
                total += w.path("doc_count").asLong();
                assertThat(w.path("key_as_string").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
            }
        }
        assertThat(total)
                .isEqualTo(
                        results.get("kizashi-lens-alerts-over-time")
                                .response()
                                .at("/hits/total/value")
                                .asLong());
    }

    @Test
    void severityAndChannelUseTheRoutingVocabulary() {
        List<String> sev = Arrays.stream(Severity.values()).map(Enum::name).toList();
        for (JsonNode s : buckets("kizashi-lens-severity-channel", "c-sev")) {
            assertThat(sev).contains(s.path("key").asText());
            for (JsonNode c : s.at("/c-channel/buckets")) {
                assertThat(c.path("key").asText()).isIn("call_center", "line", "email", "push");
                assertThat(c.at("/c-cust/value").asLong())
                        .isBetween(1L, c.path("doc_count").asLong());
            }
        }
    }

    @Test
    void topAtRiskIsSortedByScoreAndLeavesCancelledCustomersOut() {
        JsonNode rows = buckets("kizashi-lens-top-at-risk", "c-cust");
        assertThat(rows.size()).isBetween(10, 50);
        double prev = Double.MAX_VALUE;
        for (JsonNode r : rows) {
            double score = r.at("/c-score/value").asDouble();
            assertThat(score).isLessThanOrEqualTo(prev);
            prev = score;
            JsonNode reasons = r.at("/c-reasons/hits/hits/0/fields/reasons.code");
            if (reasons.isArray()) {
                reasons.forEach(c -> assertThat(c.asText()).isNotEqualTo(ReportModel.CANCELLED));
            }
            assertThat(r.at("/c-last/value_as_string").asText()).startsWith("2026-");
        }
    }

    @Test
    void scoreHistogramCoversZeroToOne() {
        long customers = 0;
        for (JsonNode b : buckets("kizashi-lens-score-distribution", "c-hist")) {
            assertThat(b.path("key").asDouble()).isBetween(0.0, 1.0);
            customers += b.path("doc_count").asLong();
        }
        assertThat(customers).isEqualTo(150);
    }

    @Test
    void segmentBandHasTheFourBands() {
        for (JsonNode seg : buckets("kizashi-lens-segment-band", "c-seg")) {
            assertThat(seg.at("/c-band/buckets").size()).isEqualTo(4);
        }
        assertThat(
                        buckets("kizashi-lens-segment-band", "c-seg")
                                .get(0)
                                .at("/c-band/buckets/0/key")
                                .asText())
                .isEqualTo(ReportModel.BAND_NAMES[0]);
    }

    @Test
    void retentionAndPrecisionAgreeWithTheReportFromFiles() throws Exception {
        ReportInput files = ReportSources.fromDirectory(demoDirWithoutLabels());
        ObjectNode model = ReportModel.compute(files, Instant.now());
        // retention: per cohort month, churned / customers as the report computes them
        Map<String, long[]> fromReport = new HashMap<>();
        model.at("/retention/rows")
                .forEach(
                        r ->
                                fromReport.put(
                                        r.path("cohort").asText(),
                                        new long[] {
                                            r.path("customers").asLong(), r.path("churned").asLong()
                                        }));
        JsonNode cohorts = buckets("kizashi-lens-retention-cohort", "c-cohort");
        int nonEmpty = 0;
        for (JsonNode c : cohorts) {
            if (c.path("doc_count").asLong() == 0) {
                continue;
            }
            nonEmpty++;
            String month = c.path("key_as_string").asText().substring(0, 7);
            assertThat(fromReport).containsKey(month);
            assertThat(c.path("doc_count").asLong()).as(month).isEqualTo(fromReport.get(month)[0]);
            assertThat(c.at("/c-churnX0/doc_count").asLong())
                    .as(month)
                    .isEqualTo(fromReport.get(month)[1]);
        }
        assertThat(nonEmpty).isEqualTo(fromReport.size());
        // precision: per pattern, alerted customers and churned among them
        Map<String, long[]> precision = new HashMap<>();
        model.at("/precision/rows")
                .forEach(
                        r ->
                                precision.put(
                                        r.path("pattern").asText(),
                                        new long[] {
                                            r.path("alerted").asLong(), r.path("churned").asLong()
                                        }));
        JsonNode patterns = buckets("kizashi-lens-pattern-precision", "c-pattern");
        assertThat(patterns.size()).isEqualTo(precision.size());
        for (JsonNode p : patterns) {
            long[] want = precision.get(p.path("key").asText());
            assertThat(p.path("doc_count").asLong()).as(p.path("key").asText()).isEqualTo(want[0]);
            assertThat(p.at("/c-churned/doc_count").asLong())
                    .as(p.path("key").asText())
                    .isEqualTo(want[1]);
        }
    }

    private static Path loopOutcomes() throws Exception {
        return ReportChromiumITCase.demoDir()
                .resolveSibling("loop")
                .resolve(OutcomeSources.OUTCOMES_FILE);
    }

    /** The outcomes indexed: the demo's and the closed loop's, as the files hold them. */
    private static List<EpisodeOutcome> outcomeFiles() throws Exception {
        List<EpisodeOutcome> all =
                new ArrayList<>(OutcomeSources.fromPath(ReportChromiumITCase.demoDir()));
        all.addAll(OutcomeSources.fromPath(loopOutcomes()));
        // one document per episode id: two runs sharing an episode would overwrite each other
        assertThat(all.stream().map(EpisodeOutcome::episodeId)).doesNotHaveDuplicates();
        return all;
    }

    private static long count(List<EpisodeOutcome> outcomes, Predicate<EpisodeOutcome> which) {
        return outcomes.stream().filter(which).count();
    }

    @Test
    void outcomePanelsCountWhatTheOutcomeFilesHold() throws Exception {
        List<EpisodeOutcome> files = outcomeFiles();
        assertThat(count(files, EpisodeOutcome::holdout)).isPositive();
        // kept rate treated vs control per pattern: each arm's episodes and kept ones
        JsonNode patterns = buckets("kizashi-lens-o-kept-by-pattern", "c-pattern");
        long episodes = 0;
        for (JsonNode p : patterns) {
            String pattern = p.path("key").asText();
            List<EpisodeOutcome> of =
                    files.stream().filter(o -> o.pattern().equals(pattern)).toList();
            assertThat(p.at("/c-treated/doc_count").asLong())
                    .as(pattern)
                    .isEqualTo(count(of, o -> !o.holdout()));
            assertThat(p.at("/c-control/doc_count").asLong())
                    .as(pattern)
                    .isEqualTo(count(of, EpisodeOutcome::holdout));
            assertThat(p.at("/c-tkeptX0/doc_count").asLong())
                    .as(pattern)
                    .isEqualTo(count(of, o -> !o.holdout() && o.outcome().kept()));
            assertThat(p.at("/c-upliftX2/doc_count").asLong())
                    .as(pattern)
                    .isEqualTo(count(of, o -> o.holdout() && o.outcome().kept()));
            episodes += p.path("doc_count").asLong();
        }
        assertThat(episodes).isEqualTo(files.size());
        // kept rate over time: both arms, every episode in its month of the first alert
        JsonNode arms = buckets("kizashi-lens-o-kept-over-time", "c-holdout");
        assertThat(arms).hasSize(2);
        for (JsonNode arm : arms) {
            boolean heldOut = arm.path("key_as_string").asText().equals("true");
            long n = 0, kept = 0;
            for (JsonNode month : arm.at("/c-month/buckets")) {
                n += month.path("doc_count").asLong();
                kept += month.at("/c-keptX0/doc_count").asLong();
            }
            assertThat(n).isEqualTo(count(files, o -> o.holdout() == heldOut));
            assertThat(kept)
                    .isEqualTo(count(files, o -> o.holdout() == heldOut && o.outcome().kept()));
        }
        // 反応率 by channel: episodes acted on, reached and accepted, by the first action's channel
        JsonNode channels = buckets("kizashi-lens-o-reach-by-channel", "c-channel");
        assertThat(channels.size()).isPositive();
        for (JsonNode c : channels) {
            String channel = c.path("key").asText();
            assertThat(channel).isIn("call_center", "line", "email", "push", "dm");
            List<EpisodeOutcome> acted =
                    files.stream()
                            .filter(o -> !o.holdout() && o.actions() > 0)
                            .filter(o -> channel.equals(o.firstActionChannel()))
                            .toList();
            assertThat(c.at("/c-acted/doc_count").asLong()).as(channel).isEqualTo(acted.size());
            assertThat(c.at("/c-reachedX0/doc_count").asLong())
                    .as(channel)
                    .isEqualTo(count(acted, o -> o.reached() > 0));
            assertThat(c.at("/c-acceptedX0/doc_count").asLong())
                    .as(channel)
                    .isEqualTo(count(acted, o -> o.accepted() > 0));
            assertThat(c.at("/c-cost/value").asDouble())
                    .as(channel)
                    .isCloseTo(
                            acted.stream().mapToDouble(EpisodeOutcome::actionCost).sum(),
                            org.assertj.core.data.Offset.offset(0.01));
        }
    }

    /** The journeys indexed: the demo's and the order log's, as the files hold them. */
    private static List<JourneyRecord> journeyFiles() throws Exception {
        List<JourneyRecord> all =
                new ArrayList<>(
                        OutputDocuments.readJourneys(
                                ReportChromiumITCase.demoDir()
                                        .resolve(AnalysisSources.JOURNEYS_FILE)));
        all.addAll(OutputDocuments.readJourneys(ReportChromiumITCase.retailJourneys()));
        return all;
    }

    private static long countOf(List<JourneyRecord> journeys, JourneyKind kind) {
        return journeys.stream().filter(r -> r.kind() == kind).count();
    }

    /** doc_count summed over the innermost buckets of a two-level bucket response. */
    private static long total(String lens, String outer, String inner) {
        long n = 0;
        for (JsonNode o : buckets(lens, outer)) {
            for (JsonNode i : o.at("/" + inner + "/buckets")) {
                n += i.path("doc_count").asLong();
            }
        }
        return n;
    }

    @Test
    void journeyPanelsCountWhatTheJourneyFilesHold() throws Exception {
        List<JourneyRecord> files = journeyFiles();
        // 解約理由: every cancellation, by a reason of the contract, per month
        for (JsonNode r : buckets("kizashi-lens-j-cancel-reasons", "c-reason")) {
            assertThat(r.path("key").asText())
                    .isIn("price", "quality", "usage", "support", "other");
        }
        assertThat(total("kizashi-lens-j-cancel-reasons", "c-reason", "c-month"))
                .isEqualTo(countOf(files, JourneyKind.CANCELLATION));
        assertThat(total("kizashi-lens-j-cancel-plan", "c-plan", "c-reason"))
                .isEqualTo(countOf(files, JourneyKind.CANCELLATION));
        // ルート分析: each route's cancellations and renewals as in the files
        JsonNode routes = buckets("kizashi-lens-j-routes", "c-path");
        assertThat(routes.size()).isPositive();
        for (JsonNode route : routes) {
            String path3 = route.path("key").asText();
            long cancels =
                    files.stream()
                            .filter(r -> r.kind() == JourneyKind.CANCELLATION)
                            .filter(r -> path3.equals(r.lastSteps(3)))
                            .count();
            long renewals =
                    files.stream()
                            .filter(r -> r.kind() == JourneyKind.DELIVERY && r.path() != null)
                            .filter(r -> path3.equals(r.lastSteps(3)))
                            .count();
            assertThat(route.at("/c-cancel/doc_count").asLong()).as(path3).isEqualTo(cancels);
            assertThat(route.at("/c-renew/doc_count").asLong()).as(path3).isEqualTo(renewals);
        }
        // 回数別継続: deliveries 1..12 in order, never more customers at k+1 than at k
        JsonNode ks = buckets("kizashi-lens-j-delivery-k", "c-k");
        long previous = Long.MAX_VALUE;
        int k = 0;
        for (JsonNode b : ks) {
            assertThat(b.path("key").asInt()).isEqualTo(++k);
            assertThat(b.path("doc_count").asLong()).isLessThanOrEqualTo(previous);
            previous = b.path("doc_count").asLong();
        }
        assertThat(k).isBetween(2, 12);
        for (JsonNode c : buckets("kizashi-lens-j-delivery-cohort", "c-cohort")) {
            assertThat(c.path("key").asText()).matches("\\d{4}-\\d{2}");
        }
        // 休眠復帰: every reactivation, split by what came before it
        assertThat(total("kizashi-lens-j-reactivations", "c-after", "c-month"))
                .isEqualTo(countOf(files, JourneyKind.REACTIVATION))
                .isPositive();
    }

    @Test
    void reportFromElasticsearchMatchesTheReportFromFiles() throws Exception {
        ObjectNode fromFiles =
                ReportModel.compute(
                        ReportSources.fromDirectory(demoDirWithoutLabels()), Instant.EPOCH);
        ObjectNode fromEs =
                ReportModel.compute(
                        ReportSources.fromElasticsearch(settings, INDICES.prefix(), null),
                        Instant.EPOCH);
        // without labels neither source knows when a customer churned: the precision table has no
        // lead and cannot split off the alerts after the churn, and says so (churnTimesKnown)
        assertThat(fromEs.at("/precision/churnTimesKnown")).isEqualTo(BooleanNode.FALSE);
        assertThat(fromEs.at("/precision/rows").findValues("medianLeadDays")).isEmpty();
        // the call list leaves out whoever churned in their own score document, from either source
        assertThat(fromEs.path("topAtRisk")).isNotEmpty();
        ReportInput es = ReportSources.fromElasticsearch(settings, INDICES.prefix(), null);
        fromEs.path("topAtRisk")
                .forEach(
                        r ->
                                assertThat(
                                                ReportModel.canStillBeSaved(
                                                        es.latestScores()
                                                                .get(
                                                                        r.path("customerId")
                                                                                .asText())))
                                        .as(r.path("customerId").asText())
                                        .isTrue());
        ReportAssertions.assertSameKpisAndCharts(
                fromEs, fromFiles, ReportAssertions.KPIS, ReportAssertions.CHARTS);
        // the analysis sections read the same journeys from the index as from the files
        ReportAssertions.assertSameJourneys(es.analyses().journeys(), journeyFiles());
        // the KPI panel counts the same customers at risk
        JsonNode kpi = results.get("kizashi-lens-kpis").response().path("aggregations");
        assertThat(kpi.at("/c-atrisk/doc_count").asLong())
                .isEqualTo(fromFiles.at("/kpis/atRisk").asLong());
    }
}

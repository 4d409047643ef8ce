package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.dashboards.report.AnalysisSources;
import dev.kizashi.dashboards.report.HtmlPages;
import dev.kizashi.dashboards.report.HtmlReport;
import dev.kizashi.dashboards.report.ReportInput;
import dev.kizashi.dashboards.report.ReportModel;
import dev.kizashi.dashboards.report.ReportSections;
import dev.kizashi.dashboards.report.ReportSources;
import dev.kizashi.eval.EffectTable;
import dev.kizashi.pdca.JourneyKind;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputDocuments.AlertDoc;
import dev.kizashi.wire.OutputJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The report of a real embedded run renders every chart with data in headless Chromium, and the
 * generic renderers draw sections a model carries (sankey, lines, table) from their data alone.
 */
class ReportChromiumITCase {

    static Path demoDir() throws Exception {
        return Path.of(
                        ReportChromiumITCase.class
                                .getClassLoader()
                                .getResource("demo/alerts.jsonl")
                                .toURI())
                .getParent();
    }

    /** The journeys of an order log whose customers pause and come back (see its README). */
    static Path retailJourneys() throws Exception {
        return Path.of(
                ReportChromiumITCase.class
                        .getClassLoader()
                        .getResource("retail/" + AnalysisSources.JOURNEYS_FILE)
                        .toURI());
    }

    @Test
    void reportRendersEveryChartWithData() throws Exception {
        Path work = Files.createDirectories(Path.of("target/report-it"));
        Path html = work.resolve("report.html");
        ReportInput input = ReportSources.fromDirectory(demoDir());
        ObjectNode model = HtmlReport.write(input, html);
        String page = Files.readString(html);
        // self-contained: no external scripts, styles, images or fonts
        assertThat(ReportPage.externalReferences(page)).isEmpty();
        assertThat(model.at("/kpis/alerts").asInt()).isPositive();

        Chromium.require();
        String dom = Chromium.dumpDom(html, work);
        ReportPage.assertChartsRendered(dom, ReportPage.DEMO_ANALYSES, ReportPage.DEMO_NO_RETURNS);
        assertAnalysesDrawTheirData(ReportPage.charts(dom), input);
        assertThat(dom).contains("no reactivation in this data");
        // the call list: at most 25 of the customers at risk who have not churned
        long callable =
                input.latestScores().values().stream()
                        .filter(ReportModel::canStillBeSaved)
                        .filter(s -> s.score() >= ReportModel.AT_RISK)
                        .count();
        assertThat(callable).isPositive();
        assertThat(ReportPage.renderedCharts(dom).get("topAtRisk"))
                .isEqualTo((int) Math.min(25, callable));
        // the precision table explains the lead and the alerts after the churn (labels.csv)
        assertThat(dom)
                .contains("alerts after the churn (not counted)")
                .contains("Lead: days from");
        Path png = Chromium.screenshot(html, work.resolve("report.png"), work, 1400, 9000);
        assertThat(Files.size(png)).isGreaterThan(50_000);
        System.out.println("report screenshot: " + png.toAbsolutePath());
    }

    /** Each analysis section drew as many points as its data holds. */
    private static void assertAnalysesDrawTheirData(
            Map<String, ReportPage.Chart> charts, ReportInput input) {
        List<JourneyRecord> j = input.analyses().journeys();
        long cancellations = j.stream().filter(r -> r.kind() == JourneyKind.CANCELLATION).count();
        Set<String> months = new TreeSet<>();
        Set<String> reasons = new TreeSet<>();
        Set<String> routes = new TreeSet<>();
        j.stream()
                .filter(r -> r.kind() == JourneyKind.CANCELLATION)
                .forEach(
                        r -> {
                            months.add(OutputJson.iso(r.eventTime()).substring(0, 7));
                            reasons.add(String.valueOf(r.cancelReason()));
                            routes.add(String.valueOf(r.lastSteps(3)));
                        });
        assertThat(cancellations).isPositive();
        // months with a cancellation are the columns drawn; the VOC table has a row a reason, all
        // and the renewals' baseline; the path table a row a route (at most 15)
        assertThat(charts.get("cancelReasons").points()).isEqualTo(months.size());
        assertThat(charts.get("cancelVoc").points()).isEqualTo(reasons.size() + 2);
        assertThat(charts.get("routeTable").points()).isEqualTo(Math.min(15, routes.size()));
        assertThat(charts.get("routeSankey").points()).isPositive();
        assertThat(charts.get("deliveryContinuation").points()).isPositive();
        long cohorts =
                j.stream()
                        .filter(r -> r.kind() == JourneyKind.DELIVERY)
                        .map(JourneyRecord::cohort)
                        .distinct()
                        .count();
        assertThat(charts.get("deliveryCohorts").points()).isEqualTo((int) cohorts);
        // one row a cell of the effect table
        assertThat(charts.get("effect").points())
                .isEqualTo(
                        EffectTable.of(
                                        input.analyses().outcomes(),
                                        0.95,
                                        EffectTable.DEFAULT_MIN_ARM)
                                .size());
    }

    @Test
    void reactivationsOfAnOrderLogAreDrawnAndMissingSourcesSaySo() throws Exception {
        Path work = Files.createDirectories(Path.of("target/report-it"));
        Path html = work.resolve("report-retail.html");
        List<JourneyRecord> retail = OutputDocuments.readJourneys(retailJourneys());
        ReportInput input =
                ReportSources.fromDirectory(demoDir())
                        .withAnalyses(
                                new ReportInput.Analyses(
                                        retail, "retail journeys", null, "no outcomes.jsonl here"));
        ObjectNode model = HtmlReport.model(input, Instant.now());
        HtmlPages.write(html, HtmlReport.render(model));

        Chromium.require();
        String dom = Chromium.dumpDom(html, work);
        // an order log: no subscription, so no cancellation, delivery or effect to draw
        ReportPage.assertChartsRendered(
                dom,
                List.of("reactivations", "reactivationFollowUp"),
                List.of(
                        "cancelReasons",
                        "cancelReasonsByPlan",
                        "cancelVoc",
                        "routeSankey",
                        "routeTable",
                        "deliveryContinuation",
                        "deliveryCohorts",
                        "effect"));
        Map<String, ReportPage.Chart> charts = ReportPage.charts(dom);
        Set<String> months = new TreeSet<>();
        retail.forEach(r -> months.add(OutputJson.iso(r.eventTime()).substring(0, 7)));
        assertThat(charts.get("reactivations").points()).isEqualTo(months.size());
        assertThat(charts.get("reactivationFollowUp").points()).isEqualTo(months.size());
        assertThat(dom)
                .contains("no cancellation in this data")
                .contains("no subscription delivery in this data")
                .contains("no episode outcomes: no outcomes.jsonl here");
        Chromium.screenshot(html, work.resolve("report-retail.png"), work, 1400, 6000);
    }

    @Test
    void sectionsOfTheModelAreDrawnByKindFromTheirData() throws Exception {
        Path work = Files.createDirectories(Path.of("target/report-it"));
        Path html = work.resolve("report-sections.html");
        ReportInput input = ReportSources.fromDirectory(demoDir());
        ObjectNode model = ReportModel.compute(input, Instant.now());
        // where the alerts went: pattern -> severity -> channel
        Map<String, Long> flows = new TreeMap<>();
        for (AlertDoc a : input.alerts()) {
            String channel = a.channel() == null ? "none" : a.channel();
            flows.merge(a.pattern() + "\t" + a.severity(), 1L, Long::sum);
            flows.merge(a.severity() + "\t" + channel, 1L, Long::sum);
        }
        List<ReportSections.Link> links = new ArrayList<>();
        flows.forEach(
                (k, v) ->
                        links.add(new ReportSections.Link(k.split("\t")[0], k.split("\t")[1], v)));
        ReportSections.add(
                model,
                "alertFlows",
                "アラートの流れ Alert flows",
                "pattern → severity → channel",
                true,
                ReportSections.sankey(links));
        // the cohorts' rates as lines on a percent axis
        List<String> cohorts = new ArrayList<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        rates.put("継続率 continuation", new ArrayList<>());
        rates.put("解約率 churn", new ArrayList<>());
        for (JsonNode r : model.at("/retention/rows")) {
            cohorts.add(r.path("cohort").asText());
            rates.get("継続率 continuation").add(r.path("continuationRate").asDouble());
            rates.get("解約率 churn").add(r.path("churnRate").asDouble());
        }
        ReportSections.add(
                model,
                "cohortLines",
                "コホート別の率 Rates by cohort",
                null,
                false,
                ReportSections.lines(cohorts, rates, true).put("valueName", "rate"));
        // a table with a marked row
        List<List<?>> rows = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (JsonNode r : model.path("topAtRisk")) {
            if (rows.size() < 5) {
                rows.add(List.of(r.path("customerId").asText(), r.path("score").asDouble()));
                marks.add(rows.size() == 1 ? "first call" : null);
            }
        }
        ReportSections.add(
                model,
                "callTable",
                "表 Table",
                null,
                false,
                ReportSections.table(List.of("customer", "score"), rows, marks));
        HtmlPages.write(html, HtmlReport.render(model));

        Chromium.require();
        String dom = Chromium.dumpDom(html, work);
        ReportPage.assertAllChartsRendered(dom, "alertFlows", "cohortLines", "callTable");
        Map<String, ReportPage.Chart> charts = ReportPage.charts(dom);
        assertThat(charts.get("alertFlows").points()).isEqualTo(links.size());
        assertThat(charts.get("cohortLines").points()).isEqualTo(2 * cohorts.size());
        assertThat(charts.get("callTable").points()).isEqualTo(rows.size());
        assertThat(dom).contains("first call").contains("アラートの流れ Alert flows");
        Path png = Chromium.screenshot(html, work.resolve("report-sections.png"), work, 1400, 4400);
        System.out.println("report sections screenshot: " + png.toAbsolutePath());
    }
}

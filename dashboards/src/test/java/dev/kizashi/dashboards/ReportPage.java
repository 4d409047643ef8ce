package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.dashboards.report.AnalysisSections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Assertions on a report page's DOM as Chromium rendered it. */
public final class ReportPage {
    public static final String[] CHARTS = {
        "kpis",
        "alertsOverTime",
        "severityChannel",
        "scoreHistogram",
        "segmentBand",
        "retention",
        "precision",
        "topAtRisk"
    };

    /**
     * The analysis sections of a report on the subscription demo: all drawn but the returns (its
     * customers never come back; those cards say so).
     */
    public static final List<String> DEMO_ANALYSES =
            AnalysisSections.IDS.stream().filter(id -> !id.startsWith("reactivation")).toList();

    public static final List<String> DEMO_NO_RETURNS =
            List.of("reactivations", "reactivationFollowUp");

    /** The opening tag of a chart element, whatever the order of its attributes. */
    private static final Pattern CHART_TAG =
            Pattern.compile("<\\w+\\s[^>]*data-chart=\"\\w+\"[^>]*>");

    private static final Pattern ATTRIBUTE = Pattern.compile("\\s([\\w-]+)=\"([^\"]*)\"");

    /**
     * What would load something from outside the file: a src or href to another address, a
     * stylesheet link, a CSS import, a CSS url() that is not a fragment of the page itself (SVG
     * gradients, as ECharts draws them, are url(#id)).
     */
    private static final Pattern EXTERNAL =
            Pattern.compile(
                    "(?i:(src|href)\\s*=\\s*[\"']?(https?:)?//|<link|@import)"
                            + "|(?<![\\w$.])url\\(\\s*[\"']?(?!#)");

    private ReportPage() {}

    /**
     * The external references of a page (each with a little context): none for one offline file.
     */
    public static List<String> externalReferences(String page) {
        return EXTERNAL.matcher(page)
                .results()
                .map(
                        r ->
                                page.substring(
                                        Math.max(0, r.start() - 40),
                                        Math.min(page.length(), r.end() + 40)))
                .toList();
    }

    /** What the page's script wrote on one chart element. */
    public record Chart(String id, String rendered, int points, int drawn) {}

    /** Every chart element of the page, by id, in page order. */
    public static Map<String, Chart> charts(String dom) {
        Map<String, Chart> out = new LinkedHashMap<>();
        Matcher tag = CHART_TAG.matcher(dom);
        while (tag.find()) {
            Map<String, String> a = new LinkedHashMap<>();
            Matcher m = ATTRIBUTE.matcher(tag.group());
            while (m.find()) {
                a.put(m.group(1), m.group(2));
            }
            String id = a.get("id");
            out.put(
                    id,
                    new Chart(
                            id,
                            a.getOrDefault("data-rendered", ""),
                            Integer.parseInt(a.getOrDefault("data-points", "0")),
                            Integer.parseInt(a.getOrDefault("data-drawn", "0"))));
        }
        return out;
    }

    /** chart id -> number of data points drawn, for the charts that drew data. */
    public static Map<String, Integer> renderedCharts(String dom) {
        Map<String, Integer> out = new LinkedHashMap<>();
        charts(dom).values().stream()
                .filter(c -> "true".equals(c.rendered()))
                .forEach(c -> out.put(c.id(), c.points()));
        return out;
    }

    /**
     * Every chart of the report, and the given further sections, drew data with no script errors:
     * each says data-rendered="true" with data points, and painted at least as many shapes as it
     * has data points (ECharts: filled bars, cells, nodes, links or symbols in its SVG; tables:
     * body rows), so an empty frame does not pass.
     */
    public static void assertAllChartsRendered(String dom, String... sections) {
        assertChartsRendered(dom, List.of(sections), List.of());
    }

    /**
     * As {@link #assertAllChartsRendered}, where the sections {@code unavailable} say why they have
     * no chart (data-rendered="unavailable", e.g. a missing file) and every other one drew data.
     */
    public static void assertChartsRendered(
            String dom, List<String> sections, List<String> unavailable) {
        assertThat(dom).contains("data-render-status=\"ok\"");
        Set<String> expected = new LinkedHashSet<>(List.of(CHARTS));
        expected.addAll(sections);
        assertThat(dom).contains("data-charts-rendered=\"" + expected.size() + "\"");
        Map<String, Chart> charts = new LinkedHashMap<>(charts(dom));
        Set<String> all = new LinkedHashSet<>(expected);
        all.addAll(unavailable);
        assertThat(charts.keySet()).containsExactlyInAnyOrderElementsOf(all);
        for (String id : unavailable) {
            assertThat(charts.remove(id).rendered())
                    .as(id + " unavailable")
                    .isEqualTo("unavailable");
        }
        charts.values()
                .forEach(
                        c -> {
                            assertThat(c.rendered()).as(c.id() + " rendered").isEqualTo("true");
                            assertThat(c.points()).as(c.id() + " data points").isPositive();
                            assertThat(c.drawn())
                                    .as(c.id() + " shapes drawn")
                                    .isGreaterThanOrEqualTo(c.points());
                        });
        // ECharts drew with its SVG renderer, inside the page (no canvas, no external image)
        assertThat(dom).contains("<svg").contains("_echarts_instance_");
    }
}

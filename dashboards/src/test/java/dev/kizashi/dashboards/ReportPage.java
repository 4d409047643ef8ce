package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
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
    private static final Pattern CHART =
            Pattern.compile(
                    "id=\"(\\w+)\" data-chart=\"\\w+\"[^>]*?data-rendered=\"(\\w+)\" data-points=\"(\\d+)\"");

    private ReportPage() {}

    /** chart id -> number of data points drawn. */
    public static Map<String, Integer> renderedCharts(String dom) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = CHART.matcher(dom);
        while (m.find()) {
            if ("true".equals(m.group(2))) {
                out.put(m.group(1), Integer.parseInt(m.group(3)));
            }
        }
        return out;
    }

    /** Every chart drew data, with no script errors. */
    public static void assertAllChartsRendered(String dom) {
        assertThat(dom).contains("data-render-status=\"ok\"");
        assertThat(dom).contains("data-charts-rendered=\"" + CHARTS.length + "\"");
        Map<String, Integer> charts = renderedCharts(dom);
        assertThat(charts.keySet()).containsExactlyInAnyOrder(CHARTS);
        charts.forEach((k, v) -> assertThat(v).as(k + " data points").isPositive());
        assertThat(dom).contains("<svg").contains("<rect");
    }
}

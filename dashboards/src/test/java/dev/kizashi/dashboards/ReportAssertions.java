package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Compares two report models, e.g. one computed from Elasticsearch and one from the files. */
public final class ReportAssertions {
    /** KPIs both report sources compute alike. */
    public static final List<String> KPIS =
            List.of("customers", "alerts", "alertedCustomers", "atRisk", "churnRate", "precision");

    /** Charts both report sources compute alike. */
    public static final List<String> CHARTS =
            List.of(
                    "alertsOverTime",
                    "severityChannel",
                    "scoreHistogram",
                    "retention",
                    "precision",
                    "topAtRisk");

    private ReportAssertions() {}

    public static void assertSameKpisAndCharts(
            JsonNode fromEs, JsonNode fromFiles, List<String> kpis, List<String> charts) {
        for (String k : kpis) {
            assertThat(fromEs.at("/kpis/" + k)).as(k).isEqualTo(fromFiles.at("/kpis/" + k));
        }
        for (String chart : charts) {
            assertThat(fromEs.get(chart)).as(chart).isEqualTo(fromFiles.get(chart));
        }
    }
}

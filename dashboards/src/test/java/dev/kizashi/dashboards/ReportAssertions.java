package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kizashi.pdca.JourneyRecord;
import java.util.Comparator;
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

    /** The same journey records, whatever the order they were read in. */
    public static void assertSameJourneys(
            List<JourneyRecord> actual, List<JourneyRecord> expected) {
        assertThat(actual).isNotNull();
        Comparator<JourneyRecord> byId = Comparator.comparing(JourneyRecord::documentId);
        assertThat(actual.stream().sorted(byId).toList())
                .containsExactlyElementsOf(expected.stream().sorted(byId).toList());
    }

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

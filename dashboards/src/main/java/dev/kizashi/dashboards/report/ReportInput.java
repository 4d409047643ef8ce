package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the report is computed from, whatever the source (an embedded run's files or Elasticsearch).
 *
 * @param source a line for the page saying where the data came from
 * @param alerts alert documents (OutputJson.alertNode); episode closing records (kind RESOLVED,
 *     CHURNED) on the same stream are left out
 * @param latestScores the newest score document per customer (OutputJson.scoreNode)
 * @param firstSeen when each customer was first seen (a score document's {@code firstSeen} field
 *     when the job writes it, else the customer's earliest score update)
 * @param outcomes churn outcome per customer, or empty when unknown
 * @param outcomeSource where the outcomes came from (for the page), or null when there are none
 */
public record ReportInput(
        String source,
        List<JsonNode> alerts,
        Map<String, JsonNode> latestScores,
        Map<String, Instant> firstSeen,
        Map<String, Outcome> outcomes,
        String outcomeSource) {

    public ReportInput {
        alerts = alerts.stream().filter(ReportInput::isAlert).toList();
    }

    /** An ALERT or ESCALATION document (documents without a kind predate episodes). */
    static boolean isAlert(JsonNode a) {
        String kind = a.path("kind").asText("ALERT");
        return kind.equals("ALERT") || kind.equals("ESCALATION");
    }

    /**
     * Whether a customer churned, and when (null if unknown or not churned).
     *
     * @param churned cancelled or went silent
     * @param churnTime when, or null
     */
    public record Outcome(boolean churned, Instant churnTime) {}
}

package dev.kizashi.dashboards.report;

import dev.kizashi.wire.OutputDocuments.AlertDoc;
import dev.kizashi.wire.OutputDocuments.ScoreDoc;
import dev.kizashi.wire.OutputJson;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the report is computed from, whatever the source (an embedded run's files or Elasticsearch).
 *
 * @param source a line for the page saying where the data came from
 * @param alerts alert documents (OutputJson.alertNode); episode closing records (kind RESOLVED,
 *     CHURNED) on the same stream are left out ({@link AlertDoc#isAlert}: a document without a kind
 *     predates episodes and counts as an alert)
 * @param latestScores the newest score document per customer (OutputJson.scoreNode)
 * @param firstSeen when each customer was first seen (a score document's {@code firstSeen} field
 *     when the job writes it, else the customer's earliest score update)
 * @param outcomes churn outcome per customer, or empty when unknown
 * @param outcomeSource where the outcomes came from (for the page), or null when there are none
 * @param closedEpisodes the {@code episodeId}s of the episodes a closing record (RESOLVED or
 *     CHURNED) closed: an alert of any other episode is still open
 */
public record ReportInput(
        String source,
        List<AlertDoc> alerts,
        Map<String, ScoreDoc> latestScores,
        Map<String, Instant> firstSeen,
        Map<String, Outcome> outcomes,
        String outcomeSource,
        Set<String> closedEpisodes) {

    /**
     * From every record of the alert stream: the alerts to act on are kept, the closing records
     * give the closed episodes.
     */
    public ReportInput(
            String source,
            List<AlertDoc> alerts,
            Map<String, ScoreDoc> latestScores,
            Map<String, Instant> firstSeen,
            Map<String, Outcome> outcomes,
            String outcomeSource) {
        this(
                source,
                alerts,
                latestScores,
                firstSeen,
                outcomes,
                outcomeSource,
                closedEpisodes(alerts));
    }

    public ReportInput {
        alerts = alerts.stream().filter(AlertDoc::isAlert).toList();
        closedEpisodes = Set.copyOf(closedEpisodes);
        for (AlertDoc a : alerts) {
            if (a.eventTime() == 0) {
                throw new IllegalArgumentException(
                        "alert " + a.alertId() + " has no " + OutputJson.F.EVENT_TIME);
            }
        }
    }

    private static Set<String> closedEpisodes(List<AlertDoc> records) {
        Set<String> closed = new HashSet<>();
        for (AlertDoc r : records) {
            if (!r.isAlert() && r.episodeId() != null) {
                closed.add(r.episodeId());
            }
        }
        return closed;
    }

    /**
     * Whether a customer churned, and when (null if unknown or not churned).
     *
     * @param churned cancelled or went silent
     * @param churnTime when, or null
     */
    public record Outcome(boolean churned, Instant churnTime) {}
}

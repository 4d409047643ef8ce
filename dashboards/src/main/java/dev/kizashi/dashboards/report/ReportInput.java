package dev.kizashi.dashboards.report;

import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
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
 * @param analyses the journey records and episode outcomes of the analysis sections ({@link
 *     Analyses#NONE} when the source has none)
 */
public record ReportInput(
        String source,
        List<AlertDoc> alerts,
        Map<String, ScoreDoc> latestScores,
        Map<String, Instant> firstSeen,
        Map<String, Outcome> outcomes,
        String outcomeSource,
        Set<String> closedEpisodes,
        Analyses analyses) {

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
                closedEpisodes(alerts),
                Analyses.NONE);
    }

    /** The same input with the analyses' records. */
    public ReportInput withAnalyses(Analyses a) {
        return new ReportInput(
                source,
                alerts,
                latestScores,
                firstSeen,
                outcomes,
                outcomeSource,
                closedEpisodes,
                a);
    }

    public ReportInput {
        analyses = analyses == null ? Analyses.NONE : analyses;
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

    /**
     * What the analysis sections are drawn from; a list is null when its source is missing, and the
     * note then says what was looked for.
     *
     * @param journeys journey records (journeys.jsonl or the journeys index), or null
     * @param journeysNote where they came from, or why there are none
     * @param outcomes episode outcomes (outcomes.jsonl or the outcomes index), or null
     * @param outcomesNote where they came from, or why there are none
     */
    public record Analyses(
            List<JourneyRecord> journeys,
            String journeysNote,
            List<EpisodeOutcome> outcomes,
            String outcomesNote) {
        public static final Analyses NONE =
                new Analyses(
                        null,
                        "no journey records were read",
                        null,
                        "no episode outcomes were read");
    }
}

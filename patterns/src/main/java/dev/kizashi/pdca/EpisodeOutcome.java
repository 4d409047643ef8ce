package dev.kizashi.pdca;

/**
 * The outcome record of one episode, at its horizon after the first alert: the document of the
 * outcomes index and topic ({@code OutputJson.outcome}). Times in epoch ms, 0 when absent.
 *
 * @param episodeId the episode (the alertId of its first alert); the document id
 * @param holdout whether the episode was in the control group
 * @param horizonDays the horizon the outcome was taken at
 */
public record EpisodeOutcome(
        String episodeId,
        String customerId,
        String pattern,
        String severity,
        String channel,
        String action,
        double score,
        String segment,
        String ltvTier,
        boolean holdout,
        String modelVersion,
        long openedTs,
        long outcomeTs,
        int horizonDays,
        Outcome outcome,
        long churnedTs,
        String cancelReason,
        int orders,
        double revenue,
        int actions,
        int reached,
        int accepted,
        double actionCost,
        String firstActionChannel,
        String firstAction,
        String offer,
        String campaign) {

    /** The score band of the first alert, as the dashboards cut it: "0.0-0.2" ... "0.8-1.0". */
    public String scoreBand() {
        int b = Math.min(4, Math.max(0, (int) Math.floor(score * 5)));
        return String.format(java.util.Locale.ROOT, "%.1f-%.1f", b / 5.0, (b + 1) / 5.0);
    }
}

package dev.kizashi.pdca;

/**
 * One episode whose outcome is not due yet: what its first alert said, and what happened since. A
 * Flink POJO (public fields, no-arg constructor) without Flink imports; only {@link OutcomeTracker}
 * changes it.
 *
 * <p>Keep the class name, package and field names: savepoints hold it inside {@link OutcomeBook}
 * through Flink's POJO serializer, which records them. Add fields only (POJO schema evolution).
 */
public class EpisodeWatch {
    public String episodeId;
    public long openedTs;
    public long dueTs;
    public String pattern;
    public String severity;
    public String channel;
    public String action;
    public double score;
    public String segment;
    public String ltvTier;
    public boolean holdout;
    public String modelVersion;

    public int orders;
    public double revenue;

    /** Event time of the first cancellation in the window, 0: none. */
    public long churnedTs;

    public String cancelReason;

    /** Ordered or subscribed again after the cancellation, inside the window. */
    public boolean reactivated;

    public int actions;
    public int reached;
    public int accepted;
    public double actionCost;
    public String firstActionChannel;
    public String firstAction;
    public String offer;
    public String campaign;
}

package dev.kizashi.pdca;

/**
 * A customer's episodes awaiting their outcome, oldest first; at most {@link
 * OutcomeTracker#MAX_WATCHES}. A Flink POJO (see {@link EpisodeWatch} for what not to rename).
 */
public class OutcomeBook {
    public EpisodeWatch[] watches = new EpisodeWatch[0];

    public boolean isEmpty() {
        return watches.length == 0;
    }
}

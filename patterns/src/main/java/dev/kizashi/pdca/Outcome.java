package dev.kizashi.pdca;

/** What became of a customer by an episode's horizon. */
public enum Outcome {
    /** No churn known at the horizon. */
    RETAINED,
    /** Cancelled (or known to have stopped) and not back by the horizon. */
    CHURNED,
    /** Cancelled inside the window, then ordered or subscribed again before the horizon. */
    REACTIVATED;

    /** Counts as kept for the retention rate: not churned at the horizon. */
    public boolean kept() {
        return this != CHURNED;
    }
}

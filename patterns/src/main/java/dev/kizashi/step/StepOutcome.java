package dev.kizashi.step;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link CustomerStep} produced, for the keyed function to emit and store. One instance
 * per operator is reused from step to step: the job takes tens of thousands of steps a second.
 */
public final class StepOutcome {

    /** What became of the profile. */
    public enum Store {
        /** Nothing changed (a duplicate, a stale timer). */
        KEEP,
        /** Write the profile back. */
        UPDATE,
        /** The customer's retention expired: delete the profile. */
        CLEAR
    }

    /** Alerts and episode closing records, in the order they happened. */
    public final List<Alert> alerts = new ArrayList<>();

    /** Score documents that changed materially. */
    public final List<ScoreUpdate> scores = new ArrayList<>();

    /** Score documents at the configured snapshot times. */
    public final List<ScoreUpdate> snapshots = new ArrayList<>();

    public Store store;
    public boolean newCustomer;
    public boolean duplicate;
    public boolean applied;
    public int alertsRaised;
    public int suppressed;

    /** Detections of muted patterns: no alert. */
    public int muted;

    /** Detections for a customer whose churn was already known: no alert. */
    public int afterKnownChurn;

    public int resolved;
    public int churned;

    /** An event-time timer to delete, 0 for none. */
    public long deleteTimer;

    /** An event-time timer to register, 0 for none. */
    public long registerTimer;

    void reset() {
        alerts.clear();
        scores.clear();
        snapshots.clear();
        store = Store.KEEP;
        newCustomer = false;
        duplicate = false;
        applied = false;
        alertsRaised = 0;
        suppressed = 0;
        muted = 0;
        afterKnownChurn = 0;
        resolved = 0;
        churned = 0;
        deleteTimer = 0;
        registerTimer = 0;
    }
}

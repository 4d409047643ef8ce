package dev.kizashi.alert;

import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.Severity;

/**
 * The alert policy's memory of one customer, kept inside the customer's profile (so it shares the
 * profile's one state read and write, and the profile's retention clean-up): when each pattern last
 * alerted (for the cooldown), and the open episode if any. Fixed size: one slot per pattern. A
 * Flink POJO without Flink imports; only {@code AlertPolicy} changes it.
 *
 * <p>Keep the class name and package, and the names of the fields that existed then: checkpoints
 * and savepoints written before {@code CustomerProfileSerializer} hold it (inside the profile)
 * through Flink's POJO serializer, which recorded the class and field names; restoring them
 * migrates the state to the compact format, and needs those names to match.
 */
public class AlertEpisode {
    /** The open episode's id (the alertId of the alert that opened it); null: none open. */
    public String episodeId;

    /** Event time of the alert that opened the episode. */
    public long openedTs;

    /** Ordinal of the episode's highest {@link Severity} so far. */
    public int severity;

    /** Ordinal of the {@link ChurnPattern} of the episode's most severe alert. */
    public int pattern;

    /** Bit per pattern ordinal: alerted in this episode and not cleared yet. */
    public int activeMask;

    /** Alerts (ALERT and ESCALATION) emitted in the open episode. */
    public int alerts;

    /** Repeats suppressed by the cooldown while the episode was open. */
    public int suppressed;

    /** The episode is in the control group ({@code ControlGroup}): its alerts go to no channel. */
    public boolean holdout;

    /** Per pattern ordinal: event time of the newest emitted alert, 0: never (the cooldown). */
    public long[] lastAlertTs = new long[0];

    public boolean isOpen() {
        return episodeId != null;
    }

    public long lastAlert(int patternOrdinal) {
        return patternOrdinal < lastAlertTs.length ? lastAlertTs[patternOrdinal] : 0;
    }

    public void markAlerted(int patternOrdinal, long ts) {
        if (lastAlertTs.length < ChurnPattern.values().length) {
            lastAlertTs = java.util.Arrays.copyOf(lastAlertTs, ChurnPattern.values().length);
        }
        lastAlertTs[patternOrdinal] = Math.max(lastAlertTs[patternOrdinal], ts);
    }

    public void close() {
        episodeId = null;
        openedTs = 0;
        severity = 0;
        pattern = 0;
        activeMask = 0;
        alerts = 0;
        suppressed = 0;
        holdout = false;
    }
}

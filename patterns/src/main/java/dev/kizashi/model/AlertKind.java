package dev.kizashi.model;

/**
 * What a record on the alert stream means. Closing records travel on the same stream as alerts, so
 * a call center or a messaging system that acted on an alert also sees its case close.
 */
public enum AlertKind {
    /** A precursor alert: opens an episode or adds a pattern to the open one. */
    ALERT,
    /** A precursor alert that raises the open episode's severity (also inside the cooldown). */
    ESCALATION,
    /** The episode closed: the customer ordered again, or every alerted condition cleared. */
    RESOLVED,
    /** The episode closed with the customer's subscription cancellation. */
    CHURNED;

    /** Whether this record is a precursor alert (ALERT or ESCALATION), not a closing record. */
    public boolean isAlert() {
        return this == ALERT || this == ESCALATION;
    }
}

package dev.kizashi.model;

/** {@code retention_action.attrs.outcome}: what came of the contact. */
public enum ContactOutcome implements Wire {
    REACHED,
    NOT_REACHED,
    ACCEPTED_OFFER,
    DECLINED;

    /** Whether the customer was reached (an accepted or declined offer was reached too). */
    public boolean reached() {
        return this != NOT_REACHED;
    }
}

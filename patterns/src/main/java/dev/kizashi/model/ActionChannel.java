package dev.kizashi.model;

/** {@code retention_action.attrs.channel}: where the business acted. */
public enum ActionChannel implements Wire {
    CALL_CENTER,
    LINE,
    EMAIL,
    PUSH,
    DM
}

package dev.kizashi.model;

/** {@code support_contact.attrs.sentiment}. */
public enum Sentiment implements Wire {
    NEGATIVE,
    NEUTRAL,
    POSITIVE
}

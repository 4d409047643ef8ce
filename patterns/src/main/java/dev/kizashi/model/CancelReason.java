package dev.kizashi.model;

/** {@code subscription_cancelled.attrs.reason}. */
public enum CancelReason implements Wire {
    PRICE,
    QUALITY,
    USAGE,
    SUPPORT,
    OTHER
}

package dev.kizashi.pdca;

/** What a {@link JourneyRecord} marks in a customer's journey. */
public enum JourneyKind {
    /** A subscription_cancelled: why, after how long, and what came before it. */
    CANCELLATION,
    /** The k-th subscription delivery (k = 1 .. {@link JourneyTracker#MAX_DELIVERY}). */
    DELIVERY,
    /** An order or subscription start after a cancellation or a dormant spell. */
    REACTIVATION
}

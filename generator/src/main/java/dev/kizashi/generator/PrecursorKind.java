package dev.kizashi.generator;

/**
 * Behaviours planted before a churn. The time recorded with each ({@link PlantedPrecursor#time()})
 * is when the behaviour starts in the stream, see each constant.
 */
public enum PrecursorKind {
    /**
     * Engagement (logins, opens, clicks, feedback) decays against the customer's own baseline;
     * time: start of the decay.
     */
    ENGAGEMENT_DROP,
    /** One or two {@code cycle_skipped}; time: the first skip event. */
    SKIPPED_CYCLE,
    /**
     * Orders stop while the customer's own rhythm expects one; time: the first expected order that
     * does not come (nominal cycle time, or last-order-stop + own mean gap for repeat buyers).
     */
    OVERDUE_ORDER,
    /** No event at all for 14..28 days before the cancellation; time: start of the silence. */
    DORMANT,
    /** 3..5 support contacts within 14 days, mostly negative; time: the first of them. */
    SUPPORT_SPIKE,
    /** A {@code support_contact} with category {@code cancel_request}; time: that contact. */
    CANCEL_INTENT,
    /**
     * {@code payment_failed} (and a failed retry) never followed by {@code payment_recovered};
     * orders stop; time: the first failure.
     */
    PAYMENT_FAILURE_UNRECOVERED,
    /**
     * A high-value customer's order gaps stretch and amounts shrink; time: start of the slowdown.
     */
    HIGH_VALUE_SLOWDOWN,
    /**
     * {@code plan_changed} down followed by {@code unsubscribed} or a negative price contact; time:
     * the downgrade.
     */
    DOWNGRADE_SEQUENCE
}

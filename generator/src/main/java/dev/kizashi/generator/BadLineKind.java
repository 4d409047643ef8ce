package dev.kizashi.generator;

import dev.kizashi.wire.ReasonCode;

/**
 * The kinds of malformed line {@link SubscriptionGenerator#lines} inserts, with the reason a strict
 * decoder should give.
 */
public enum BadLineKind {
    /** A valid event line cut short. */
    TRUNCATED_JSON(ReasonCode.MALFORMED_JSON),
    /** An object without {@code customerId}. */
    MISSING_CUSTOMER_ID(ReasonCode.MISSING_FIELD),
    /** {@code type} not in the contract ({@code page_view}, {@code refund}, ...). */
    UNKNOWN_TYPE(ReasonCode.UNKNOWN_TYPE),
    /** {@code ts} that is neither ISO-8601 nor epoch milliseconds. */
    BAD_TIMESTAMP(ReasonCode.BAD_TIMESTAMP),
    /** A known attribute of the wrong JSON type (e.g. {@code "amount":"lots"}). */
    WRONG_ATTR_TYPE(ReasonCode.BAD_ATTRIBUTE),
    /** Not JSON at all (an HTML error page, a log line). */
    NOT_JSON(ReasonCode.MALFORMED_JSON);

    private final ReasonCode expectedReason;

    BadLineKind(ReasonCode expectedReason) {
        this.expectedReason = expectedReason;
    }

    public ReasonCode expectedReason() {
        return expectedReason;
    }
}

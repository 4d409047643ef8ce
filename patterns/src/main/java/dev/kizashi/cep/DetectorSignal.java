package dev.kizashi.cep;

import dev.kizashi.detect.Detection;
import dev.kizashi.model.ChurnPattern;

/**
 * A derived event emitted by the keyed profile when a customer-specific deadline passes, for the
 * precursors whose window depends on per-customer state and so cannot be a fixed CEP {@code
 * within()}: the own order rhythm, the plan's cycle, the own engagement baseline, the own gap. CEP
 * patterns over these signals ({@link ChurnPatterns#overdueOrder()} and friends) can combine them
 * with events.
 *
 * @param customerId the customer
 * @param kind which per-customer deadline passed
 * @param ts event time of the deadline
 * @param value a number for CEP conditions: LTV (total spend) for {@link Kind#GAP_STRETCHED},
 *     short/long engagement ratio for {@link Kind#ENGAGEMENT_BELOW_BASELINE}, otherwise 0
 */
public record DetectorSignal(String customerId, Kind kind, long ts, double value) {

    /** The per-customer deadlines the profile turns into signals. */
    public enum Kind {
        /** No order by own mean gap + k x own spread (repeat buyers). */
        ORDER_OVERDUE,
        /** No cycle order by the last cycle anchor + cycle + grace (subscribers). */
        CYCLE_MISSED,
        /** 14-day engagement rate fell below x of the own 90-day rate, with history. */
        ENGAGEMENT_BELOW_BASELINE,
        /** No order for {@code slowdownGapFactor} x own mean gap; value: the customer's LTV. */
        GAP_STRETCHED
    }

    /**
     * The signal for a deadline detection of the keyed detector, or null for a detection that is
     * not one of the per-customer deadlines.
     */
    public static DetectorSignal of(String customerId, Detection d, double value) {
        Kind kind;
        if (d.pattern() == ChurnPattern.OVERDUE_ORDER) {
            kind = Kind.ORDER_OVERDUE;
        } else if (d.pattern() == ChurnPattern.SKIPPED_CYCLE && d.evidence().isEmpty()) {
            kind = Kind.CYCLE_MISSED;
        } else if (d.pattern() == ChurnPattern.ENGAGEMENT_DROP) {
            kind = Kind.ENGAGEMENT_BELOW_BASELINE;
        } else if (d.pattern() == ChurnPattern.HIGH_VALUE_SLOWDOWN) {
            kind = Kind.GAP_STRETCHED;
        } else {
            return null;
        }
        return new DetectorSignal(customerId, kind, d.eventTime(), value);
    }
}

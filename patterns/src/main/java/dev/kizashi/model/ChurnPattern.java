package dev.kizashi.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The churn precursors the detector knows, each with the severity it alerts at by default.
 *
 * <p>The ordinals are persisted: the profile state keeps sets of patterns as bitmasks ({@link
 * #bit}) and patterns as ordinals (the alert episode's pattern, active mask and per-pattern
 * cooldown slots). Constants may only be appended at the end, never reordered or removed; {@code
 * ChurnPatternOrdinalsTest} pins the order.
 */
public enum ChurnPattern {
    SKIPPED_CYCLE(Severity.MEDIUM),
    OVERDUE_ORDER(Severity.MEDIUM),
    DORMANT(Severity.MEDIUM),
    SUPPORT_SPIKE(Severity.HIGH),
    CANCEL_INTENT(Severity.CRITICAL),
    PAYMENT_FAILURE_UNRECOVERED(Severity.HIGH),
    ENGAGEMENT_DROP(Severity.LOW),
    HIGH_VALUE_SLOWDOWN(Severity.HIGH),
    DOWNGRADE_SEQUENCE(Severity.HIGH),
    /**
     * A single precursor event (a skip, a failed payment, a support contact, an unsubscribe, a
     * downgrade, a detractor score) after which the fitted model's churn probability is at or above
     * the risk threshold learned from the business's history. Raised only with such a model.
     */
    HIGH_RISK(Severity.HIGH);

    private final Severity defaultSeverity;

    ChurnPattern(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** This pattern's bit in a set of patterns kept as an int (at most 32 patterns). */
    public int bit() {
        return 1 << ordinal();
    }

    /** The names of the patterns in {@code bits}, in declaration order. */
    public static List<String> namesOf(int bits) {
        List<String> out = new ArrayList<>();
        for (ChurnPattern p : values()) {
            if ((bits & p.bit()) != 0) {
                out.add(p.name());
            }
        }
        return out;
    }
}

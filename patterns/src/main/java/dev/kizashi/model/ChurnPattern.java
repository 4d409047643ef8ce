package dev.kizashi.model;

import java.util.ArrayList;
import java.util.List;

/** The churn precursors the detector knows, each with the severity it alerts at by default. */
public enum ChurnPattern {
    SKIPPED_CYCLE(Severity.MEDIUM),
    OVERDUE_ORDER(Severity.MEDIUM),
    DORMANT(Severity.MEDIUM),
    SUPPORT_SPIKE(Severity.HIGH),
    CANCEL_INTENT(Severity.CRITICAL),
    PAYMENT_FAILURE_UNRECOVERED(Severity.HIGH),
    ENGAGEMENT_DROP(Severity.LOW),
    HIGH_VALUE_SLOWDOWN(Severity.HIGH),
    DOWNGRADE_SEQUENCE(Severity.HIGH);

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

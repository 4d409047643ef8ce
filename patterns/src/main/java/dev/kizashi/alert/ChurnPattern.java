package dev.kizashi.alert;

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
}

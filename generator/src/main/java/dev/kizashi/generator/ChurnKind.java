package dev.kizashi.generator;

/** How a customer churned in the generated data. */
public enum ChurnKind {
    /** Did not churn in the period. */
    NONE,
    /** Ended with {@code subscription_cancelled} at the churn time. */
    CANCELLED,
    /** Simply stopped: no orders and no activity from the churn time on. */
    SILENT
}

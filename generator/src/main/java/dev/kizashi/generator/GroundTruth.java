package dev.kizashi.generator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What really happened to one generated customer.
 *
 * @param customerId e.g. {@code c-000123}
 * @param churned whether the customer churned inside the period
 * @param churnTime the {@code subscription_cancelled} time (CANCELLED) or the moment all activity
 *     stops (SILENT); {@code null} when not churned
 * @param kind NONE, CANCELLED or SILENT
 * @param precursors planted precursors ordered by time, all before {@code churnTime}; empty when
 *     not churned
 */
public record GroundTruth(
        String customerId,
        boolean churned,
        Instant churnTime,
        ChurnKind kind,
        List<PlantedPrecursor> precursors) {

    public GroundTruth {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(kind, "kind");
        precursors = List.copyOf(precursors);
        if (churned != (kind != ChurnKind.NONE) || churned != (churnTime != null)) {
            throw new IllegalArgumentException(
                    "inconsistent label for "
                            + customerId
                            + ": "
                            + churned
                            + "/"
                            + kind
                            + "/"
                            + churnTime);
        }
    }

    public boolean has(PrecursorKind precursor) {
        for (PlantedPrecursor p : precursors) {
            if (p.kind() == precursor) {
                return true;
            }
        }
        return false;
    }
}

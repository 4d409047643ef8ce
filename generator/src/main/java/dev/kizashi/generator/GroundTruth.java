package dev.kizashi.generator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What really happened to one generated customer.
 *
 * @param customerId e.g. {@code c-000123}
 * @param churned whether the customer churned inside the period (a churn due after the period, e.g.
 *     a dropout whose next order would have come later, is not)
 * @param churnTime CANCELLED: the time of the {@code subscription_cancelled} event, the customer's
 *     last event. SILENT: the customer sends no event at or after it, and it is (a) for a decaying
 *     silent churner (every silent churner of {@link World#DEFAULT}, whose rule is unchanged) the
 *     moment the decayed activity ends, their orders having stopped earlier (see {@link
 *     PrecursorKind#OVERDUE_ORDER}); (b) for a churner who just stops (abrupt silent churners,
 *     trialists who let the trial lapse, repeat buyers who drop out) the first expected delivery or
 *     order that did not come: a subscriber's next nominal delivery time (the first is 2 minutes
 *     after signup or at the end of a trial, then one per cycle; after a minimum term, the first
 *     due after it), a repeat buyer's last order + their own mean gap; their events end at a random
 *     moment between the last delivery or order and that time. {@code null} when not churned
 * @param kind NONE, CANCELLED or SILENT
 * @param precursors planted precursors ordered by time, all before {@code churnTime}; empty when
 *     not churned or when the churner just stopped (case b above). Only precursors that show in
 *     event types the world sends are planted
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

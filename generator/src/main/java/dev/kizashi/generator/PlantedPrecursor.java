package dev.kizashi.generator;

import java.time.Instant;
import java.util.Objects;

/** A precursor planted before a churn and when it starts. */
public record PlantedPrecursor(PrecursorKind kind, Instant time) {
    public PlantedPrecursor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
    }
}

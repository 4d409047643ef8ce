package dev.kizashi.cep;

import dev.kizashi.model.ChurnPattern;
import java.util.List;

/**
 * A precursor found by a Flink CEP pattern: the CEP counterpart of {@code detect.Detection}, with
 * the customer. {@code eventTime} follows the detector's convention: the completing event's time
 * for an on-arrival pattern, start + window for an absence.
 */
public record PatternMatch(
        String customerId, ChurnPattern pattern, long eventTime, List<String> evidence) {}

package dev.kizashi.detect;

import dev.kizashi.model.ChurnPattern;
import java.util.List;

/**
 * A precursor that completed at {@code eventTime}, with the ids of the events that prove it and a
 * short detail for people.
 */
public record Detection(
        ChurnPattern pattern, long eventTime, List<String> evidence, String detail) {}

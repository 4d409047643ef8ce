package dev.kizashi.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the ordinal of every {@link ChurnPattern}: the profile state stores patterns as ordinals and
 * sets of them as bitmasks, so the state of running jobs would be misread if a constant moved. New
 * patterns go at the end (add them here with the next ordinal); never reorder or remove one.
 */
class ChurnPatternOrdinalsTest {

    private static final Map<String, Integer> PERSISTED = new LinkedHashMap<>();

    static {
        PERSISTED.put("SKIPPED_CYCLE", 0);
        PERSISTED.put("OVERDUE_ORDER", 1);
        PERSISTED.put("DORMANT", 2);
        PERSISTED.put("SUPPORT_SPIKE", 3);
        PERSISTED.put("CANCEL_INTENT", 4);
        PERSISTED.put("PAYMENT_FAILURE_UNRECOVERED", 5);
        PERSISTED.put("ENGAGEMENT_DROP", 6);
        PERSISTED.put("HIGH_VALUE_SLOWDOWN", 7);
        PERSISTED.put("DOWNGRADE_SEQUENCE", 8);
        PERSISTED.put("HIGH_RISK", 9);
    }

    @Test
    void everyPersistedPatternKeepsItsOrdinal() {
        for (Map.Entry<String, Integer> e : PERSISTED.entrySet()) {
            assertThat(ChurnPattern.valueOf(e.getKey()).ordinal())
                    .as("ordinal of %s", e.getKey())
                    .isEqualTo(e.getValue());
        }
    }

    @Test
    void newPatternsAreOnlyAppended() {
        ChurnPattern[] all = ChurnPattern.values();
        assertThat(all.length).isGreaterThanOrEqualTo(PERSISTED.size());
        assertThat(Arrays.stream(all).limit(PERSISTED.size()).map(Enum::name))
                .containsExactlyElementsOf(PERSISTED.keySet());
    }

    @Test
    void bitsAreOneShiftedByTheOrdinalAndFitAnInt() {
        assertThat(ChurnPattern.values().length).isLessThanOrEqualTo(32);
        for (ChurnPattern p : ChurnPattern.values()) {
            assertThat(p.bit()).isEqualTo(1 << p.ordinal());
        }
    }
}

package dev.kizashi.step;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.model.ChurnPattern;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.profile.ValuePopulation;
import org.junit.jupiter.api.Test;

class SegmentsTest {
    private static final long NOW = 1_000 * DAY_MS;

    private static CustomerProfile active(int orderDays, boolean subscribed) {
        CustomerProfile p = new CustomerProfile();
        p.firstSeenTs = NOW - 400 * DAY_MS;
        p.lastActivityTs = NOW - DAY_MS;
        p.orderDays = orderDays;
        p.subscribed = subscribed;
        return p;
    }

    @Test
    void rulesApplyInOrder() {
        String top = ValuePopulation.TIER_TOP_10;
        String low = ValuePopulation.TIER_LOW;
        assertThat(Segments.of(active(1, true), NOW, top)).isEqualTo(Segments.NEW_SUBSCRIBER);
        assertThat(Segments.of(active(1, false), NOW, low)).isEqualTo(Segments.NEW_CUSTOMER);
        assertThat(Segments.of(active(3, false), NOW, top)).isEqualTo(Segments.LOYAL_HIGH_VALUE);
        assertThat(Segments.of(active(3, true), NOW, ValuePopulation.TIER_TOP_30))
                .isEqualTo(Segments.LOYAL_HIGH_VALUE);
        assertThat(Segments.of(active(2, false), NOW, top)).isEqualTo(Segments.REPEAT_BUYER);
        assertThat(Segments.of(active(5, true), NOW, low)).isEqualTo(Segments.SUBSCRIBER);

        CustomerProfile quiet = active(5, true);
        quiet.lastActivityTs = NOW - 30 * DAY_MS;
        assertThat(Segments.of(quiet, NOW, top)).isEqualTo(Segments.DORMANT_RISK);
        assertThat(Segments.churned(quiet, NOW)).isTrue();
        quiet.lastActivityTs = NOW - 90 * DAY_MS;
        assertThat(Segments.of(quiet, NOW, top)).isEqualTo(Segments.LAPSED);

        CustomerProfile cancelled = active(5, false);
        cancelled.cancelled = true;
        assertThat(Segments.of(cancelled, NOW, top)).isEqualTo(Segments.LAPSED);
        assertThat(Segments.churned(cancelled, NOW)).isTrue();
        assertThat(Segments.churned(active(5, true), NOW)).isFalse();
    }

    @Test
    void patternBitsRoundTripToNames() {
        int bits = ChurnPattern.DORMANT.bit() | ChurnPattern.CANCEL_INTENT.bit();
        assertThat(ChurnPattern.namesOf(bits)).containsExactly("DORMANT", "CANCEL_INTENT");
        assertThat(ChurnPattern.namesOf(0)).isEmpty();
    }
}

package dev.kizashi.profile;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CustomerValueTest {
    @Test
    void ltvIsSpendToDatePlusAYearOfOwnRhythmWeightedByStaying() {
        CustomerProfile p = new CustomerProfile();
        p.totalSpend = 300;
        p.orderEvents = 3;
        // 100 per order, every 36.5 days: 10 orders a year, 1,000; staying 0.8 -> 800
        assertThat(CustomerValue.ltvEstimate(p, 36.5, 0.2)).isCloseTo(1100.0, within(1e-9));
        // no rhythm yet: only what was spent
        assertThat(CustomerValue.ltvEstimate(p, Double.NaN, 0.2)).isEqualTo(300.0);
        // certain churn adds nothing
        assertThat(CustomerValue.ltvEstimate(p, 36.5, 1.0)).isEqualTo(300.0);
    }

    @Test
    void recencyScoreFallsAtThirtySixtyNinetyAndOneHundredEightyDays() {
        CustomerProfile p = new CustomerProfile();
        assertThat(CustomerValue.recencyScore(p, 0)).isZero();
        p.orderDays = 1;
        p.lastOrderTs = 1_000 * DAY_MS;
        long[] daysSince = {0, 30, 31, 60, 61, 90, 91, 180, 181, 900};
        int[] expected = {5, 5, 4, 4, 3, 3, 2, 2, 1, 1};
        for (int i = 0; i < daysSince.length; i++) {
            assertThat(CustomerValue.recencyScore(p, p.lastOrderTs + daysSince[i] * DAY_MS))
                    .as("%d days", daysSince[i])
                    .isEqualTo(expected[i]);
        }
    }
}

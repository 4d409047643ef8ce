package dev.kizashi.score.model;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.profile.CustomerProfile;
import org.junit.jupiter.api.Test;

class ProfileFeaturesTest {
    private static final long T0 = 20_000 * DAY_MS;
    private static final long WINDOW = 14 * DAY_MS;

    private static CustomerEvent login(int n, long ts) {
        return new CustomerEvent.Login("l" + n, "c", ts, "app");
    }

    private static CustomerEvent order(int n, long ts) {
        return new CustomerEvent.Order("o" + n, "c", ts, "o" + n, 1000.0, "JPY", null, 1);
    }

    @Test
    void engagementRatioOfOneLoginCorrectsBothRatesForTheShortHistory() {
        CustomerProfile p = new CustomerProfile();
        p.apply(login(1, T0), WINDOW);
        // 7 days later: recent = e^(-7/14) / (14 (1 - e^(-7/14))) = 0.110107 per day,
        // baseline = e^(-7/90) / (90 (1 - e^(-7/90))) = 0.137374 per day,
        // ln((0.110107 + 0.02) / (0.137374 + 0.02)) = -0.190268.
        assertThat(ProfileFeatures.engagementRatio(p, T0 + 7 * DAY_MS))
                .isCloseTo(-0.190268, within(1e-5));
    }

    @Test
    void engagementRatioOfASteadyCustomerIsNearZeroAndFallsWhenSilent() {
        CustomerProfile p = new CustomerProfile();
        p.apply(login(1, T0), WINDOW);
        p.apply(login(2, T0 + 10 * DAY_MS), WINDOW);
        // counts at day 10: short 1 + e^(-10/14), long 1 + e^(-10/90); windows
        // 14 (1 - e^(-10/14)) and 90 (1 - e^(-10/90)): rates 0.208432 and 0.200206,
        // ln(0.228432 / 0.220206) = 0.036676.
        assertThat(ProfileFeatures.engagementRatio(p, T0 + 10 * DAY_MS))
                .isCloseTo(0.036676, within(1e-5));
        assertThat(ProfileFeatures.engagementRatio(p, T0 + 40 * DAY_MS)).isLessThan(-0.5);
        assertThat(ProfileFeatures.engagementRatio(new CustomerProfile(), T0)).isZero();
    }

    @Test
    void overdueRatioUsesTheCycleOfASubscriber() {
        CustomerProfile p = new CustomerProfile();
        p.apply(new CustomerEvent.SubscriptionStarted("s", "c", T0, "std-30", 30, 3980.0), WINDOW);
        p.apply(order(1, T0), WINDOW);
        assertThat(ProfileFeatures.overdueRatio(p, T0 + 45 * DAY_MS)).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void overdueRatioBlendsOwnGapsWithThePriorGap() {
        CustomerProfile p = new CustomerProfile();
        p.apply(order(1, T0), WINDOW);
        p.apply(order(2, T0 + 8 * DAY_MS), WINDOW);
        p.apply(order(3, T0 + 20 * DAY_MS), WINDOW);
        // own gaps 8 and 12 days: expected (2 x 10 + 1 x 30) / 3 = 16.667; 25 days since the last
        // order gives 1.5; the feature is ln(1 + 1.5).
        long asOf = T0 + 45 * DAY_MS;
        assertThat(ProfileFeatures.overdueRatio(p, asOf)).isCloseTo(1.5, within(1e-12));
        double[] f = ProfileFeatures.compute(new BgNbd(0.25, 30, 0.7, 2.0), p, asOf, 60);
        assertThat(f[ProfileFeatures.NAMES.indexOf("log1p_overdue_ratio")])
                .isCloseTo(Math.log(2.5), within(1e-12));
        // Without any order the time since first seen counts against the prior gap alone.
        CustomerProfile fresh = new CustomerProfile();
        fresh.apply(login(1, T0), WINDOW);
        assertThat(ProfileFeatures.overdueRatio(fresh, T0 + 15 * DAY_MS))
                .isCloseTo(0.5, within(1e-12));
    }
}

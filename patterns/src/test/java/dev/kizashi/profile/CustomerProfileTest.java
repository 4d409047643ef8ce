package dev.kizashi.profile;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class CustomerProfileTest {
    private static final long WINDOW = 14 * DAY;

    @Test
    void gapStatisticsMatchHandComputedMeanAndSampleSpread() {
        CustomerProfile p = new CustomerProfile();
        // gaps 10, 20, 30 days: mean 20, sample sd 10
        for (double d : new double[] {0, 10, 30, 60}) {
            p.apply(order("c", d, 100), WINDOW);
        }
        assertThat(p.orderDays).isEqualTo(4);
        assertThat(p.gapCount).isEqualTo(3);
        assertThat(p.gapMeanDays).isCloseTo(20.0, within(1e-9));
        assertThat(p.gapStdDays()).isCloseTo(10.0, within(1e-9));
        assertThat(p.totalSpend).isEqualTo(400.0);
        assertThat(p.lastOrderTs).isEqualTo(day(60));
    }

    @Test
    void ordersOnTheSameDayCountAsOneOrderDay() {
        CustomerProfile p = new CustomerProfile();
        p.apply(order("c", 0.1, 10), WINDOW);
        p.apply(order("c", 0.5, 20), WINDOW);
        p.apply(order("c", 5.2, 30), WINDOW);
        assertThat(p.orderDays).isEqualTo(2);
        assertThat(p.orderEvents).isEqualTo(3);
        assertThat(p.gapCount).isEqualTo(1);
        assertThat(p.gapMeanDays).isCloseTo(4.7, within(1e-9));
    }

    @Test
    void anOutOfOrderOrderIsCountedWithoutBreakingTheGaps() {
        CustomerProfile p = new CustomerProfile();
        p.apply(order("c", 0, 10), WINDOW);
        p.apply(order("c", 20, 10), WINDOW);
        p.apply(order("c", 10, 10), WINDOW);
        assertThat(p.orderDays).isEqualTo(3);
        assertThat(p.gapCount).isEqualTo(1);
        assertThat(p.lastOrderTs).isEqualTo(day(20));
    }

    @Test
    void paymentFailureStaysOpenUntilRecovered() {
        CustomerProfile p = new CustomerProfile();
        p.apply(paymentFailed("c", 1), WINDOW);
        p.apply(paymentFailed("c", 2), WINDOW);
        assertThat(p.paymentFailedTs).isEqualTo(day(1));
        p.apply(paymentRecovered("c", 3), WINDOW);
        assertThat(p.paymentFailedTs).isZero();
    }

    @Test
    void supportContactsOutsideTheWindowAreForgotten() {
        CustomerProfile p = new CustomerProfile();
        p.apply(support("c", 0, SupportCategory.BILLING, Sentiment.NEUTRAL), WINDOW);
        p.apply(support("c", 5, SupportCategory.QUALITY, Sentiment.NEGATIVE), WINDOW);
        p.apply(support("c", 20, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE), WINDOW);
        assertThat(p.supportContactTs).containsExactly(day(20));
        assertThat(p.cancelRequests).isEqualTo(1);
        assertThat(p.supportContactsSince(day(20), WINDOW)).isEqualTo(1);
    }

    @Test
    void dedupeRemembersIdsWithinTheWindowAndIsBounded() {
        CustomerProfile p = new CustomerProfile();
        assertThat(p.seenBefore("e-1", day(0), DAY, 2)).isFalse();
        assertThat(p.seenBefore("e-1", day(0.5), DAY, 2)).isTrue();
        assertThat(p.seenBefore("e-1", day(3), DAY, 2)).as("outside the window").isFalse();
        assertThat(p.seenBefore("e-2", day(3), DAY, 2)).isFalse();
        assertThat(p.seenBefore("e-3", day(3), DAY, 2)).isFalse();
        assertThat(p.recentIdHashes).hasSize(2);
        assertThat(p.seenBefore("e-3", day(3), DAY, 2)).isTrue();
    }

    @Test
    void dedupeForgetsIdsTheWatermarkHasLeftBehind() {
        CustomerProfile p = new CustomerProfile();
        for (int d = 0; d < 10; d++) {
            assertThat(p.seenBefore("e-" + d, day(d), DAY, 32, day(d) - 2 * DAY)).isFalse();
        }
        // Kept: the ids at days 7, 8 and 9 (forgetting before day 7), plus the new one.
        assertThat(p.recentIdTs).containsExactly(day(7), day(8), day(9));
        assertThat(p.seenBefore("e-9", day(9), DAY, 32, day(9) - DAY)).isTrue();
        assertThat(p.seenBefore("e-x", day(9.5), DAY, 32, day(9) - DAY))
                .as("a new id is remembered after the ones kept")
                .isFalse();
        assertThat(p.recentIdTs).containsExactly(day(8), day(9), day(9.5));
        assertThat(p.seenBefore("e-x", day(9.5), DAY, 32, day(9) - DAY)).isTrue();
    }

    @Test
    void cancellationAndReturn() {
        CustomerProfile p = new CustomerProfile();
        p.apply(subscribe("c", 0, 30), WINDOW);
        assertThat(p.subscribed).isTrue();
        assertThat(p.cycleDays).isEqualTo(30);
        p.apply(cancel("c", 40), WINDOW);
        assertThat(p.cancelled).isTrue();
        p.apply(order("c", 50, 10), WINDOW);
        assertThat(p.cancelled)
                .as("an order after cancelling means the customer came back")
                .isFalse();
    }

    @Test
    void isAFlinkPojoSoStateAvoidsKryo() {
        assertThat(TypeInformation.of(CustomerProfile.class)).isInstanceOf(PojoTypeInfo.class);
    }
}

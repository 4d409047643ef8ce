package dev.kizashi.detect;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.profile.CustomerProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecursorDetectorTest {
    private final PrecursorDetector detector = new PrecursorDetector(DetectorConfig.defaults());

    private List<Detection> feed(CustomerProfile p, CustomerEvent... events) {
        List<Detection> last = List.of();
        for (CustomerEvent e : events) {
            last = detector.onEvent(p, e);
        }
        return last;
    }

    @Test
    void cancelRequestIsDetectedOnArrival() {
        CustomerProfile p = new CustomerProfile();
        var contact = support("c", 3, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE);
        List<Detection> d = feed(p, contact);
        assertThat(d).extracting(Detection::pattern).containsExactly(ChurnPattern.CANCEL_INTENT);
        assertThat(d.get(0).evidence()).containsExactly(contact.eventId());
        assertThat(d.get(0).eventTime()).isEqualTo(day(3));
    }

    @Test
    void anOrdinarySupportContactIsNotAPrecursor() {
        CustomerProfile p = new CustomerProfile();
        assertThat(feed(p, support("c", 3, SupportCategory.DELIVERY, Sentiment.NEUTRAL))).isEmpty();
    }

    @Test
    void thirdContactWithinTwoWeeksIsASpikeAndAlertsOncePerWindow() {
        CustomerProfile p = new CustomerProfile();
        feed(
                p,
                support("c", 0, SupportCategory.DELIVERY, Sentiment.NEGATIVE),
                support("c", 5, SupportCategory.QUALITY, Sentiment.NEGATIVE));
        assertThat(feed(p, support("c", 9, SupportCategory.QUALITY, Sentiment.NEGATIVE)))
                .extracting(Detection::pattern)
                .containsExactly(ChurnPattern.SUPPORT_SPIKE);
        assertThat(feed(p, support("c", 10, SupportCategory.OTHER, Sentiment.NEUTRAL)))
                .as("still inside the window of the spike already alerted")
                .isEmpty();
    }

    @Test
    void overdueDeadlineFollowsTheCustomersOwnRhythm() {
        CustomerProfile weekly = new CustomerProfile();
        feed(weekly, order("w", 0, 1), order("w", 7, 1), order("w", 14, 1), order("w", 21, 1));
        CustomerProfile monthly = new CustomerProfile();
        feed(monthly, order("m", 0, 1), order("m", 30, 1), order("m", 60, 1), order("m", 90, 1));

        // perfectly regular: slack is 10% of the gap per spread, two spreads
        assertThat(detector.overdueDeadline(weekly)).isEqualTo(day(21 + 7 + 2 * 1.0));
        assertThat(detector.overdueDeadline(monthly)).isEqualTo(day(90 + 30 + 2 * 3.0));

        assertThat(detector.onTime(weekly, day(29.9))).isEmpty();
        assertThat(detector.onTime(weekly, day(30)))
                .extracting(Detection::pattern)
                .containsExactly(ChurnPattern.OVERDUE_ORDER);
        assertThat(detector.onTime(weekly, day(40)))
                .as("alerted once per gap")
                .extracting(Detection::pattern)
                .doesNotContain(ChurnPattern.OVERDUE_ORDER);
    }

    @Test
    void aCustomerWithoutRhythmIsNeverOverdue() {
        CustomerProfile p = new CustomerProfile();
        feed(p, order("c", 0, 1), order("c", 10, 1));
        assertThat(detector.overdueDeadline(p)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aSubscribersMissedOrderIsAMissedCycleNotAnOverdueOrder() {
        CustomerProfile p = new CustomerProfile();
        feed(p, subscribe("s", 0, 30), cycleOrder("s", 0));
        double grace = detector.config().missedCycleGrace().toDays();
        assertThat(detector.overdueDeadline(p)).isEqualTo(Long.MAX_VALUE);
        assertThat(detector.missedCycleDeadline(p)).isEqualTo(day(30 + grace));
        assertThat(patterns(detector.onTime(p, day(30 + grace - 0.1))))
                .containsExactly(ChurnPattern.DORMANT);
        List<Detection> d = detector.onTime(p, day(30 + grace));
        assertThat(patterns(d)).containsExactly(ChurnPattern.SKIPPED_CYCLE);
        assertThat(d.get(0).evidence()).as("an absence has no evidence event").isEmpty();
        assertThat(detector.missedCycleDeadline(p)).as("once per cycle").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCycleOrderOrASkipMovesTheExpectedCycle() {
        CustomerProfile p = new CustomerProfile();
        feed(p, subscribe("s", 0, 30), cycleOrder("s", 0), cycleOrder("s", 30.4));
        double grace = detector.config().missedCycleGrace().toDays();
        assertThat(detector.onTime(p, day(32))).isEmpty();
        assertThat(detector.missedCycleDeadline(p)).isEqualTo(day(60.4 + grace));
        List<Detection> skip = feed(p, skip("s", 60.5));
        assertThat(patterns(skip))
                .as("dormant since 30.4 + 30, then the skip itself")
                .containsExactly(ChurnPattern.DORMANT, ChurnPattern.SKIPPED_CYCLE);
        assertThat(skip.get(1).evidence()).hasSize(1);
        assertThat(detector.missedCycleDeadline(p)).isEqualTo(day(90.5 + grace));
    }

    @Test
    void dormantAfterThirtyDaysOfNothing() {
        CustomerProfile p = new CustomerProfile();
        feed(p, login("c", 0), login("c", 10));
        assertThat(detector.nextDeadline(p)).isEqualTo(day(40));
        assertThat(detector.onTime(p, day(40)))
                .extracting(Detection::pattern)
                .containsExactly(ChurnPattern.DORMANT);
        assertThat(detector.nextDeadline(p))
                .as("after alerting, only the retention clean-up is left")
                .isEqualTo(detector.expiryTime(p));
    }

    @Test
    void paymentFailureUnrecoveredAfterTheWindowButNotWhenRecovered() {
        CustomerProfile failed = new CustomerProfile();
        feed(failed, login("c", 0), paymentFailed("c", 1));
        assertThat(detector.onTime(failed, day(8)))
                .extracting(Detection::pattern)
                .containsExactly(ChurnPattern.PAYMENT_FAILURE_UNRECOVERED);

        CustomerProfile recovered = new CustomerProfile();
        feed(recovered, login("c", 0), paymentFailed("c", 1), paymentRecovered("c", 3));
        assertThat(detector.onTime(recovered, day(8))).isEmpty();
    }

    @Test
    void aCancelledCustomerGetsNoAbsenceAlerts() {
        CustomerProfile p = new CustomerProfile();
        feed(p, subscribe("c", 0, 30), order("c", 0, 1), cancel("c", 5));
        assertThat(detector.nextDeadline(p)).isEqualTo(detector.expiryTime(p));
    }

    // ---- helpers for the new patterns ----

    private static final double NO_HV = PrecursorDetector.NO_HIGH_VALUE;

    private static java.util.function.LongToDoubleFunction hv(double threshold) {
        return PrecursorDetector.fixedThreshold(threshold);
    }

    private List<ChurnPattern> patterns(List<Detection> d) {
        return d.stream().map(Detection::pattern).toList();
    }

    /** After completion or time-out nothing is pending: only dormancy / retention remain. */
    private void assertNothingPending(CustomerProfile p) {
        assertThat(detector.nothingPending(p, null)).isTrue();
        assertThat(p.priceComplaintTs).isZero();
        assertThat(p.paymentPendingTs).isZero();
        assertThat(p.downgradePendingTs).isZero();
    }

    @Test
    void aCancelledCustomerWhoComesBackCanBeDormantAgain() {
        CustomerProfile p = new CustomerProfile();
        feed(p, login("c", 0), cancel("c", 5), login("c", 6));
        assertThat(detector.dormantDeadline(p)).isEqualTo(day(36));
    }

    @Test
    void anEventAtExactlyTheDeadlineIsTooLate() {
        // Half-open windows, as CEP's within(): the deadline is decided before the event applies.
        CustomerProfile p = new CustomerProfile();
        feed(p, login("c", 0));
        assertThat(patterns(detector.onEvent(p, login("c", 30))))
                .containsExactly(ChurnPattern.DORMANT);
        CustomerProfile q = new CustomerProfile();
        feed(q, login("c", 0));
        assertThat(detector.onEvent(q, login("c", 29.99))).isEmpty();
    }

    // SUPPORT_SPIKE, negative form

    @Test
    void threeNegativeContactsOrDetractorFeedbacksInTheWindowAreASpike() {
        CustomerProfile p = new CustomerProfile();
        feed(p, support("c", 0, SupportCategory.DELIVERY, Sentiment.NEGATIVE), feedback("c", 3, 4));
        List<Detection> d = feed(p, feedback("c", 9, 6));
        assertThat(patterns(d)).containsExactly(ChurnPattern.SUPPORT_SPIKE);
        assertThat(d.get(0).detail()).contains("negative");
        assertThat(feed(p, feedback("c", 10, 2))).as("episode consumed").isEmpty();
        assertThat(p.negativeSignalTs.length).isLessThanOrEqualTo(3);
    }

    @Test
    void promotersAndNegativesOutsideTheWindowAreNoSpike() {
        CustomerProfile p = new CustomerProfile();
        feed(
                p,
                feedback("c", 0, 3),
                feedback("c", 1, 6),
                feedback("c", 5, 9),
                feedback("c", 8, 10));
        assertThat(feed(p, feedback("c", 14, 5))).as("day 0 left the 14-day window").isEmpty();
        assertThat(feed(p, feedback("c", 14.5, 5)))
                .extracting(Detection::pattern)
                .containsExactly(ChurnPattern.SUPPORT_SPIKE);
    }

    @Test
    void afterASpikeTheNextNeedsFreshContacts() {
        CustomerProfile p = new CustomerProfile();
        for (int d = 0; d < 3; d++) {
            feed(p, support("c", d, SupportCategory.DELIVERY, Sentiment.NEUTRAL));
        }
        assertThat(feed(p, support("c", 3, SupportCategory.DELIVERY, Sentiment.NEUTRAL))).isEmpty();
        assertThat(feed(p, support("c", 4, SupportCategory.DELIVERY, Sentiment.NEUTRAL))).isEmpty();
        assertThat(feed(p, support("c", 5, SupportCategory.DELIVERY, Sentiment.NEUTRAL)))
                .extracting(Detection::pattern)
                .containsExactly(ChurnPattern.SUPPORT_SPIKE);
    }

    // CANCEL_INTENT, price complaint form

    @Test
    void priceComplaintWithoutOrderIsCancelIntentAtTheWindowEnd() {
        CustomerProfile p = new CustomerProfile();
        double w = detector.config().priceComplaintWindow().toDays();
        // A login keeps the customer from going dormant before the window ends.
        feed(
                p,
                order("c", 0, 1),
                support("c", 2, SupportCategory.PRICE, Sentiment.NEGATIVE),
                login("c", w));
        assertThat(detector.priceComplaintDeadline(p)).isEqualTo(day(2 + w));
        assertThat(detector.onTime(p, day(2 + w - 0.1))).isEmpty();
        List<Detection> d = detector.onTime(p, day(2 + w));
        assertThat(patterns(d)).containsExactly(ChurnPattern.CANCEL_INTENT);
        assertThat(d.get(0).eventTime()).isEqualTo(day(2 + w));
        assertNothingPending(p);
    }

    @Test
    void anOrderAfterTheComplaintClearsIt() {
        CustomerProfile p = new CustomerProfile();
        feed(p, support("c", 2, SupportCategory.BILLING, Sentiment.NEUTRAL), order("c", 10, 1));
        assertNothingPending(p);
        assertThat(detector.onTime(p, day(20))).isEmpty();
    }

    @Test
    void aCancellationAfterTheComplaintEndsItWithoutAnAlert() {
        CustomerProfile p = new CustomerProfile();
        feed(
                p,
                subscribe("c", 0, 30),
                support("c", 2, SupportCategory.PRICE, Sentiment.NEGATIVE),
                cancel("c", 6));
        assertNothingPending(p);
        assertThat(patterns(detector.onTime(p, day(60))))
                .doesNotContain(ChurnPattern.CANCEL_INTENT);
    }

    @Test
    void aSecondComplaintRestartsTheWindowAndAPositiveOneIsNoComplaint() {
        CustomerProfile p = new CustomerProfile();
        feed(
                p,
                support("c", 0, SupportCategory.PRICE, Sentiment.NEGATIVE),
                support("c", 5, SupportCategory.PRICE, Sentiment.NEGATIVE));
        assertThat(detector.priceComplaintDeadline(p))
                .isEqualTo(day(5 + detector.config().priceComplaintWindow().toDays()));
        CustomerProfile q = new CustomerProfile();
        feed(q, support("c", 0, SupportCategory.PRICE, Sentiment.POSITIVE));
        assertNothingPending(q);
    }

    // PAYMENT_FAILURE_UNRECOVERED

    @Test
    void aFailedRetryRestartsThePaymentWindowAndFiresOnce() {
        CustomerProfile p = new CustomerProfile();
        feed(p, paymentFailed("c", 1), paymentFailed("c", 3));
        assertThat(detector.onTime(p, day(9))).isEmpty();
        assertThat(patterns(detector.onTime(p, day(10))))
                .containsExactly(ChurnPattern.PAYMENT_FAILURE_UNRECOVERED);
        assertNothingPending(p);
        assertThat(detector.onTime(p, day(20))).isEmpty();
    }

    @Test
    void aRecoveredPaymentLeavesNothingPending() {
        CustomerProfile p = new CustomerProfile();
        feed(p, paymentFailed("c", 1), paymentRecovered("c", 2));
        assertNothingPending(p);
    }

    // DOWNGRADE_SEQUENCE

    @Test
    void downgradeFollowedByUnsubscribeOrNegativeContact() {
        CustomerProfile p = new CustomerProfile();
        feed(p, downgrade("c", 0));
        List<Detection> d = feed(p, unsubscribed("c", 10));
        assertThat(patterns(d)).containsExactly(ChurnPattern.DOWNGRADE_SEQUENCE);
        assertThat(d.get(0).eventTime()).isEqualTo(day(10));
        assertNothingPending(p);

        CustomerProfile q = new CustomerProfile();
        feed(q, downgrade("c", 0));
        assertThat(feed(q, support("c", 29, SupportCategory.QUALITY, Sentiment.NEGATIVE)))
                .extracting(Detection::pattern)
                .containsExactly(ChurnPattern.DOWNGRADE_SEQUENCE);
    }

    @Test
    void noFollowUpWithinTheWindowTimesOutSilently() {
        CustomerProfile p = new CustomerProfile();
        feed(p, upgrade("c", 0), unsubscribed("c", 1), downgrade("c", 2));
        assertThat(detector.downgradeExpiry(p)).isEqualTo(day(32));
        assertThat(patterns(detector.onTime(p, day(32))))
                .doesNotContain(ChurnPattern.DOWNGRADE_SEQUENCE);
        assertNothingPending(p);
        assertThat(patterns(feed(p, unsubscribed("c", 33))))
                .doesNotContain(ChurnPattern.DOWNGRADE_SEQUENCE);
        CustomerProfile q = new CustomerProfile();
        feed(q, downgrade("c", 0));
        assertThat(feed(q, support("c", 3, SupportCategory.QUALITY, Sentiment.NEUTRAL))).isEmpty();
    }

    // ENGAGEMENT_DROP

    private CustomerProfile engagedDaily(int days) {
        CustomerProfile p = new CustomerProfile();
        for (int d = 0; d < days; d++) {
            feed(p, login("c", d), messageOpened("c", d + 0.5));
        }
        return p;
    }

    @Test
    void engagementThatStopsAfterALongHistoryIsADrop() {
        CustomerProfile p = engagedDaily(90);
        long deadline = detector.engagementDropDeadline(p);
        // 2/day for 90 days: short rate 2.0, long 1.26 (not yet converged), ratio 1.58; it falls
        // as exp(-t (1/14 - 1/90)) and passes 0.4 after ln(1.58 / 0.4) / 0.0603 = 22.8 days.
        assertThat(deadline).isBetween(day(89.5 + 22), day(89.5 + 24));
        assertThat(detector.onTime(p, deadline - 1)).isEmpty();
        List<Detection> d = detector.onTime(p, deadline);
        assertThat(patterns(d)).contains(ChurnPattern.ENGAGEMENT_DROP);
        double ratio = p.engagementRateShort(deadline) / p.engagementRateLong(deadline);
        assertThat(ratio).isLessThanOrEqualTo(0.4).isGreaterThan(0.39);
        assertThat(detector.engagementDropDeadline(p))
                .as("once per episode")
                .isEqualTo(Long.MAX_VALUE);
        // Engagement coming back closes the episode; a new drop can then be detected.
        for (int d2 = 106; d2 < 130; d2++) {
            feed(p, login("c", d2), messageOpened("c", d2 + 0.5));
        }
        assertThat(p.engagementDropAlertedTs).isZero();
        assertThat(detector.engagementDropDeadline(p)).isGreaterThan(day(129));
    }

    @Test
    void noDropWithoutEnoughHistoryOrBaseline() {
        CustomerProfile young = engagedDaily(20);
        assertThat(detector.engagementDropDeadline(young))
                .as("the drop counts only once 60 days of history exist")
                .isEqualTo(young.firstEngagementTs + 60 * DAY);
        CustomerProfile quiet = new CustomerProfile();
        for (int d = 0; d < 120; d += 10) {
            feed(quiet, login("q", d));
        }
        assertThat(detector.engagementDropDeadline(quiet))
                .as("0.1 events a day is below the 0.2 baseline")
                .isEqualTo(Long.MAX_VALUE);
    }

    // HIGH_VALUE_SLOWDOWN

    private CustomerProfile tenDayBuyer(double amount) {
        CustomerProfile p = new CustomerProfile();
        for (int d = 0; d <= 40; d += 10) {
            detector.onEvent(p, order("h", d, amount), NO_HV);
        }
        return p;
    }

    @Test
    void aHighValueCustomerWhoseGapStretchesIsASlowdown() {
        CustomerProfile p = tenDayBuyer(20_000); // LTV 100,000
        double threshold = 80_000;
        assertThat(detector.slowdownDeadline(p, hv(threshold))).isEqualTo(day(40 + 15));
        assertThat(patterns(detector.onTime(p, day(54.9), threshold)))
                .containsExactly(ChurnPattern.OVERDUE_ORDER); // 40 + 10 + 2 x 1 day
        assertThat(detector.nextDeadline(p, hv(threshold))).isEqualTo(day(55));
        assertThat(patterns(detector.onTime(p, day(55), threshold)))
                .containsExactly(ChurnPattern.HIGH_VALUE_SLOWDOWN);
        assertThat(detector.slowdownDeadline(p, hv(threshold)))
                .as("once per gap")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(patterns(detector.onTime(p, day(200), threshold)))
                .doesNotContain(ChurnPattern.HIGH_VALUE_SLOWDOWN);
    }

    @Test
    void belowTheThresholdOrWithoutAThresholdThereIsNoSlowdown() {
        CustomerProfile p = tenDayBuyer(1_000); // LTV 5,000
        // the deadline is kept (value is decided when it is due), but it does not alert
        assertThat(detector.slowdownDeadline(p, hv(80_000))).isEqualTo(day(55));
        assertThat(patterns(detector.onTime(p, day(55), 80_000)))
                .doesNotContain(ChurnPattern.HIGH_VALUE_SLOWDOWN);
        assertThat(detector.slowdownDeadline(p, hv(80_000)))
                .as("decided for this gap")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(detector.slowdownDeadline(tenDayBuyer(20_000), null))
                .as("no population, no deadline")
                .isEqualTo(Long.MAX_VALUE);
        CustomerProfile rich = tenDayBuyer(20_000);
        assertThat(patterns(detector.onTime(rich, day(100))))
                .as("the two-argument form knows no threshold")
                .doesNotContain(ChurnPattern.HIGH_VALUE_SLOWDOWN);
    }

    @Test
    void theThresholdIsReadAtTheDeadlinesOwnTime() {
        CustomerProfile p = tenDayBuyer(20_000); // LTV 100,000; deadline day 55
        // the population's threshold rises past this customer only after day 60
        java.util.function.LongToDoubleFunction rising = t -> t < day(60) ? 80_000 : 500_000;
        assertThat(patterns(detector.onTime(p, day(70), rising)))
                .as("decided at day 55, when the customer was top-decile")
                .contains(ChurnPattern.HIGH_VALUE_SLOWDOWN);
    }

    @Test
    void deadlinesPassingTogetherComeOutInEventTimeOrder() {
        CustomerProfile p = tenDayBuyer(20_000); // slowdown due day 55, overdue day 52
        detector.onEvent(p, paymentFailed("h", 41), hv(80_000)); // unrecovered by day 48
        List<Detection> all = detector.onTime(p, day(100), hv(80_000));
        assertThat(all).extracting(Detection::eventTime).isSorted();
        assertThat(patterns(all))
                .startsWith(
                        ChurnPattern.PAYMENT_FAILURE_UNRECOVERED,
                        ChurnPattern.OVERDUE_ORDER,
                        ChurnPattern.HIGH_VALUE_SLOWDOWN);
    }

    // Bounded state

    @Test
    void afterEverythingCompletesOnlyTheRetentionExpiryIsLeft() {
        CustomerProfile p = new CustomerProfile();
        feed(
                p,
                subscribe("c", 0, 30),
                cycleOrder("c", 0),
                paymentFailed("c", 1),
                downgrade("c", 2),
                support("c", 3, SupportCategory.PRICE, Sentiment.NEGATIVE));
        assertThat(detector.onTime(p, day(400))).isNotEmpty();
        assertNothingPending(p);
        assertThat(detector.nextDeadline(p)).isEqualTo(detector.expiryTime(p));
    }

    @Test
    void stateArraysStayBoundedUnderABurst() {
        CustomerProfile p = new CustomerProfile();
        for (int i = 0; i < 500; i++) {
            feed(p, support("c", i * 0.01, SupportCategory.QUALITY, Sentiment.NEGATIVE));
        }
        assertThat(p.supportContactTs.length)
                .isLessThanOrEqualTo(CustomerProfile.MAX_SUPPORT_CONTACTS);
        assertThat(p.negativeSignalTs.length).isLessThanOrEqualTo(3);
    }
}

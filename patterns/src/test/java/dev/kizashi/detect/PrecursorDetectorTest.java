package dev.kizashi.detect;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.ChurnPattern;
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
    void aSubscriberIsOverdueAgainstTheirCycle() {
        CustomerProfile p = new CustomerProfile();
        feed(p, subscribe("s", 0, 30), order("s", 0, 1));
        assertThat(detector.overdueDeadline(p)).isEqualTo(day(30 + 2 * 3.0));
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
}

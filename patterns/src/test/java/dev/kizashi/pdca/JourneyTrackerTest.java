package dev.kizashi.pdca;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.model.CancelReason;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cancellations, deliveries and returns of one customer's journey, and the bounds of its state. */
class JourneyTrackerTest {
    private final JourneyTracker tracker = new JourneyTracker(Duration.ofDays(730));
    private final JourneyState state = new JourneyState();
    private final List<JourneyRecord> out = new ArrayList<>();

    private boolean send(CustomerEvent e) {
        return tracker.onEvent(state, e, out::add);
    }

    private static CustomerEvent.SubscriptionCancelled cancel(
            String c, double day, CancelReason reason) {
        return new CustomerEvent.SubscriptionCancelled("x-" + day, c, day(day), reason);
    }

    private List<JourneyRecord> of(JourneyKind kind) {
        return out.stream().filter(r -> r.kind() == kind).toList();
    }

    @Test
    void aCancellationCarriesReasonTenureVoiceOfTheCustomerAndThePathBeforeIt() {
        send(login("c1", 0)); // first seen in January: the cohort
        send(subscribe("c1", 40, 30)); // February
        send(cycleOrder("c1", 40));
        send(cycleOrder("c1", 70));
        send(support("c1", 75, SupportCategory.BILLING, Sentiment.NEUTRAL)); // > 30 days before
        send(feedback("c1", 80, 9));
        send(login("c1", 110));
        send(login("c1", 111)); // a run of logins is one step
        send(support("c1", 112, SupportCategory.QUALITY, Sentiment.NEGATIVE));
        send(action("c1", 112.5, null)); // the business's call: not a touchpoint
        send(feedback("c1", 113, 3));
        send(support("c1", 114, SupportCategory.CANCEL_REQUEST, Sentiment.NEUTRAL));
        send(skip("c1", 115));
        send(cancel("c1", 120, CancelReason.QUALITY));

        JourneyRecord c = of(JourneyKind.CANCELLATION).get(0);
        assertThat(c.cancelReason()).isEqualTo("quality");
        assertThat(c.planId()).isEqualTo("plan-a");
        assertThat(c.cohort()).isEqualTo("2026-01");
        assertThat(c.tenureDays()).isEqualTo(80); // since the subscription started
        assertThat(c.deliveries()).isEqualTo(2);
        assertThat(c.supportContacts30d()).isEqualTo(2);
        assertThat(c.negativeContacts30d()).isEqualTo(1);
        assertThat(c.negativeFeedback30d()).isEqualTo(1);
        assertThat(c.lastFeedbackScore()).isEqualTo(3);
        // the last five steps of the 30 days before, oldest first (the order on day 70 is older)
        assertThat(c.path())
                .isEqualTo("login>support_contact>feedback>support_contact>cycle_skipped");
        assertThat(c.lastSteps(3)).isEqualTo("feedback>support_contact>cycle_skipped");
        assertThat(c.pathLength()).isEqualTo(5);
        assertThat(c.documentId()).isEqualTo("c1:CANCELLATION:" + day(120));
    }

    @Test
    void deliveriesOneToTwelveAreRecordedWithTheRenewalPathFromTheSecond() {
        send(subscribe("c2", 0, 14));
        for (int i = 0; i < 15; i++) {
            if (i > 0) {
                send(login("c2", i * 14 - 3));
            }
            send(cycleOrder("c2", i * 14));
        }
        send(order("c2", 220)); // a one-off order is no delivery
        List<JourneyRecord> d = of(JourneyKind.DELIVERY);
        assertThat(d)
                .extracting(JourneyRecord::k)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(d.get(0).path()).isNull();
        assertThat(d.get(1).path()).isEqualTo("subscription_started>order>login");
        assertThat(d.get(5).path()).isEqualTo("order>login>order>login");
        assertThat(d.get(11).cycleDays()).isEqualTo(14);
        assertThat(d.get(11).deliveries()).isEqualTo(12);
        assertThat(d).noneMatch(JourneyRecord::afterReactivation);
        assertThat(state.deliveries).isEqualTo(15);
        assertThat(of(JourneyKind.REACTIVATION)).isEmpty();
    }

    @Test
    void aReturnAfterACancellationIsAReactivationAndLaterDeliveriesCountFromIt() {
        send(subscribe("c3", 0, 30));
        send(cycleOrder("c3", 0));
        send(cycleOrder("c3", 30));
        send(cancel("c3", 45, CancelReason.PRICE));
        send(login("c3", 50));
        send(subscribe("c3", 100, 30));
        send(cycleOrder("c3", 100));
        send(cycleOrder("c3", 130));

        JourneyRecord r = of(JourneyKind.REACTIVATION).get(0);
        assertThat(r.afterCancellation()).isTrue();
        assertThat(r.daysAway()).isEqualTo(55); // since the cancellation
        assertThat(r.deliveries()).isEqualTo(2);
        assertThat(r.path()).isNull();
        List<JourneyRecord> after = of(JourneyKind.DELIVERY).subList(2, 4);
        assertThat(after).extracting(JourneyRecord::k).containsExactly(3, 4);
        assertThat(after).allMatch(JourneyRecord::afterReactivation);
        assertThat(after)
                .extracting(JourneyRecord::deliveriesSinceReactivation)
                .containsExactly(1, 2);
        assertThat(after.get(0).tenureDays()).isZero(); // the new subscription started that day
        // one return: the delivery that follows the new subscription is none
        assertThat(of(JourneyKind.REACTIVATION)).hasSize(1);
    }

    @Test
    void aDormantSpellEndsAReactivationOnlyWithoutARunningSubscription() {
        send(order("b1", 0));
        send(order("b1", 29)); // 29 days: not dormant
        send(order("b1", 60)); // 31 days without activity
        assertThat(of(JourneyKind.REACTIVATION))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.afterCancellation()).isFalse();
                            assertThat(r.daysAway()).isEqualTo(31);
                        });
        out.clear();
        JourneyState subscriber = new JourneyState();
        tracker.onEvent(subscriber, subscribe("s1", 0, 60), out::add);
        tracker.onEvent(subscriber, cycleOrder("s1", 0), out::add);
        tracker.onEvent(subscriber, cycleOrder("s1", 60), out::add); // its rhythm, not a return
        assertThat(of(JourneyKind.REACTIVATION)).isEmpty();
    }

    @Test
    void redeliveriesAndRetentionActionsChangeNothing() {
        CustomerEvent.Order first = cycleOrder("c4", 1);
        assertThat(send(first)).isTrue();
        assertThat(send(first)).isFalse();
        assertThat(send(action("c4", 2, null))).isFalse();
        assertThat(state.deliveries).isEqualTo(1);
        assertThat(state.lastActivityTs).isEqualTo(day(1));
        assertThat(out).hasSize(1);
        // the ring forgets: after 16 newer ids, the first is taken as new again
        for (int i = 0; i < JourneyTracker.RECENT_IDS; i++) {
            send(login("c4", 2 + i));
        }
        assertThat(send(first)).isTrue();
    }

    @Test
    void anEventOutOfOrderIsPlacedInThePathByItsTime() {
        send(login("c5", 10));
        send(skip("c5", 12));
        send(support("c5", 11, SupportCategory.OTHER, Sentiment.NEUTRAL)); // arrives late
        send(cancel("c5", 13, CancelReason.OTHER));
        assertThat(of(JourneyKind.CANCELLATION).get(0).path())
                .isEqualTo("login>support_contact>cycle_skipped");
    }

    @Test
    void stateStaysBoundedOverALongHistory() {
        send(subscribe("c6", 0, 7));
        String[] kinds = {"login", "support", "feedback", "skip", "order"};
        for (int i = 0; i < 5_000; i++) {
            double day = i * 0.5;
            switch (kinds[i % kinds.length]) {
                case "login" -> send(login("c6", day));
                case "support" ->
                        send(support("c6", day, SupportCategory.OTHER, Sentiment.NEGATIVE));
                case "feedback" -> send(feedback("c6", day, i % 11));
                case "skip" -> send(skip("c6", day));
                default -> send(cycleOrder("c6", day));
            }
        }
        assertThat(state.stepTs).hasSize(JourneyTracker.PATH_STEPS);
        assertThat(state.stepTypes).hasSize(JourneyTracker.PATH_STEPS);
        assertThat(state.vocTs).hasSize(JourneyTracker.VOC_SLOTS);
        assertThat(state.vocKinds).hasSize(JourneyTracker.VOC_SLOTS);
        assertThat(state.recentIds).hasSize(JourneyTracker.RECENT_IDS);
        assertThat(of(JourneyKind.DELIVERY)).hasSize(JourneyTracker.MAX_DELIVERY);
        assertThat(tracker.expiryTime(state)).isEqualTo(state.lastActivityTs + 730 * DAY);
    }

    @Test
    void theDocumentsReadBackAsWritten() {
        send(subscribe("c7", 0, 30));
        send(cycleOrder("c7", 0));
        send(feedback("c7", 10, 8));
        send(cycleOrder("c7", 30));
        send(cancel("c7", 40, null));
        send(order("c7", 90));
        send(new CustomerEvent.Order("y-1", "c7", day(91), "o", 1.0, "JPY", true, 1));
        assertThat(out).extracting(JourneyRecord::kind).contains(JourneyKind.values());
        for (JourneyRecord r : out) {
            assertThat(OutputDocuments.journey(OutputJson.journeyNode(r))).isEqualTo(r);
        }
        assertThat(OutputJson.journeyNode(out.get(0)).has("path")).isFalse();
        assertThat(OutputJson.journeyNode(out.get(1)).path("path3").asText())
                .isEqualTo("subscription_started>order>feedback");
    }
}

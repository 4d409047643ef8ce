package dev.kizashi.step;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.AlertEpisode;
import dev.kizashi.detect.Detection;
import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.detect.PrecursorDetector;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.Severity;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.ChurnScorer;
import dev.kizashi.score.ScoringConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert policy behind the real detector, factory and scorer, as the Flink function runs it. */
class AlertPolicyTest {
    private final PrecursorDetector detector = new PrecursorDetector(DetectorConfig.defaults());
    private final ChurnScorer scorer = new ChurnScorer(ScoringConfig.defaults());
    private final AlertFactory factory = new AlertFactory(RoutingTable.defaults());

    /** One customer's profile driven like CustomerProfileFunction drives it. */
    private final class Customer {
        final CustomerProfile profile = new CustomerProfile();
        final AlertPolicy policy;
        final List<Alert> out = new ArrayList<>();
        int suppressed;

        Customer(Duration cooldown) {
            policy = new AlertPolicy(cooldown, RoutingTable.defaults());
        }

        Customer send(CustomerEvent e) {
            if (!profile.isEmpty()) {
                decide(detector.onTime(profile, e.ts() - 1));
            }
            decide(detector.onEvent(profile, e));
            AlertKind kind = policy.closingKind(profile.alertEpisode, e, profile);
            if (kind != null) {
                out.add(
                        policy.close(
                                profile.alertEpisode,
                                kind,
                                e.customerId(),
                                e,
                                scorer.score(profile, e.ts()),
                                profile,
                                "middle",
                                0));
            }
            return this;
        }

        private void decide(List<Detection> detections) {
            for (Detection d : detections) {
                Alert a =
                        factory.create(
                                "c1",
                                d,
                                scorer.score(profile, d.eventTime()),
                                profile,
                                "middle",
                                0);
                Alert decided = policy.onAlert(profile.alertEpisode, a);
                if (decided == null) {
                    suppressed++;
                } else {
                    out.add(decided);
                }
            }
        }

        List<String> kinds() {
            return out.stream().map(a -> a.kind() + " " + a.pattern()).toList();
        }
    }

    private Customer customer() {
        return new Customer(Duration.ofDays(7));
    }

    @Test
    void aRepeatOfThePatternInsideTheCooldownIsSuppressedAndCountedAfterItAlertsAgain() {
        Customer c = customer();
        c.send(subscribe("c1", 0, 30)).send(skip("c1", 1)).send(skip("c1", 3));
        assertThat(c.kinds()).containsExactly("ALERT SKIPPED_CYCLE");
        assertThat(c.suppressed).isEqualTo(1);
        assertThat(c.profile.alertEpisode.suppressed).isEqualTo(1);

        c.send(skip("c1", 8)); // 7 days after the first alert: outside the cooldown
        assertThat(c.kinds()).containsExactly("ALERT SKIPPED_CYCLE", "ALERT SKIPPED_CYCLE");
        assertThat(c.out)
                .extracting(Alert::episodeId)
                .as("still the same open episode")
                .containsOnly(c.out.get(0).alertId());
    }

    @Test
    void noCooldownLetsEveryDetectionThrough() {
        Customer c = new Customer(Duration.ZERO);
        c.send(subscribe("c1", 0, 30)).send(skip("c1", 1)).send(skip("c1", 1.5));
        assertThat(c.kinds()).containsExactly("ALERT SKIPPED_CYCLE", "ALERT SKIPPED_CYCLE");
        assertThat(c.suppressed).isZero();
    }

    @Test
    void aMoreSevereAlertEscalatesTheOpenEpisode() {
        Customer c = customer();
        c.send(subscribe("c1", 0, 30)).send(skip("c1", 1));
        c.send(support("c1", 2, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE));
        c.send(support("c1", 4, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE));
        assertThat(c.kinds())
                .as("the second cancel request is a repeat inside the cooldown")
                .containsExactly("ALERT SKIPPED_CYCLE", "ESCALATION CANCEL_INTENT");
        Alert escalation = c.out.get(1);
        assertThat(escalation.episodeId()).isEqualTo(c.out.get(0).alertId());
        assertThat(escalation.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(escalation.alertId())
                .as("an escalation keeps its detection's id")
                .isEqualTo(Alert.idFor("c1", ChurnPattern.CANCEL_INTENT, day(2)));
        assertThat(c.profile.alertEpisode.severity).isEqualTo(Severity.CRITICAL.ordinal());
    }

    @Test
    void aMoreSevereRepeatOfTheSamePatternInsideTheCooldownStillGoesOut() {
        AlertPolicy policy = new AlertPolicy(Duration.ofDays(7), RoutingTable.defaults());
        AlertEpisode ep = new AlertEpisode();
        Alert low = alert(ChurnPattern.SUPPORT_SPIKE, Severity.MEDIUM, day(1));
        Alert same = alert(ChurnPattern.SUPPORT_SPIKE, Severity.MEDIUM, day(2));
        Alert high = alert(ChurnPattern.SUPPORT_SPIKE, Severity.CRITICAL, day(3));
        assertThat(policy.onAlert(ep, low).kind()).isEqualTo(AlertKind.ALERT);
        assertThat(policy.onAlert(ep, same)).isNull();
        assertThat(policy.onAlert(ep, high).kind()).isEqualTo(AlertKind.ESCALATION);
        assertThat(policy.onAlert(ep, alert(ChurnPattern.SUPPORT_SPIKE, Severity.CRITICAL, day(4))))
                .as("not above the episode's severity any more")
                .isNull();
    }

    private static Alert alert(ChurnPattern p, Severity s, long t) {
        return new Alert(
                Alert.idFor("c1", p, t),
                "c1",
                p,
                s,
                0.5,
                List.of(),
                List.of(),
                "",
                t,
                0,
                null,
                "subscriber",
                "a",
                "line");
    }

    @Test
    void anOrderResolvesTheEpisodeWithADeterministicEventTimeRecord() {
        Customer c = customer();
        c.send(subscribe("c1", 0, 30)).send(skip("c1", 1));
        var order = order("c1", 5, 3980);
        c.send(order);
        assertThat(c.kinds()).containsExactly("ALERT SKIPPED_CYCLE", "RESOLVED SKIPPED_CYCLE");
        Alert resolved = c.out.get(1);
        assertThat(resolved.episodeId()).isEqualTo(c.out.get(0).alertId());
        assertThat(resolved.eventTime()).isEqualTo(order.ts());
        assertThat(resolved.evidence()).containsExactly(order.eventId());
        assertThat(resolved.alertId())
                .isEqualTo(
                        Alert.idFor(
                                "c1", ChurnPattern.SKIPPED_CYCLE, order.ts(), AlertKind.RESOLVED))
                .isNotEqualTo(Alert.idFor("c1", ChurnPattern.SKIPPED_CYCLE, order.ts()));
        assertThat(resolved.action()).isEqualTo(AlertPolicy.ACTION_RESOLVED);
        assertThat(resolved.detail()).startsWith("ordered again 4.0 days after");
        assertThat(c.profile.alertEpisode.isOpen()).isFalse();

        c.send(skip("c1", 20)); // a new episode, with its own id
        assertThat(c.out.get(2).kind()).isEqualTo(AlertKind.ALERT);
        assertThat(c.out.get(2).episodeId())
                .isEqualTo(c.out.get(2).alertId())
                .isNotEqualTo(resolved.episodeId());
    }

    @Test
    void aCancellationClosesTheEpisodeAsChurned() {
        Customer c = customer();
        c.send(subscribe("c1", 0, 30));
        c.send(support("c1", 3, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE));
        var cancel = cancel("c1", 4);
        c.send(cancel);
        assertThat(c.kinds()).containsExactly("ALERT CANCEL_INTENT", "CHURNED CANCEL_INTENT");
        Alert churned = c.out.get(1);
        assertThat(churned.channel()).isEqualTo("call_center");
        assertThat(churned.action()).isEqualTo(AlertPolicy.ACTION_CHURNED);
        assertThat(churned.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(churned.alertId())
                .isEqualTo(
                        Alert.idFor(
                                "c1", ChurnPattern.CANCEL_INTENT, cancel.ts(), AlertKind.CHURNED));
        c.send(cancel("c1", 5));
        assertThat(c.out).as("nothing open, nothing to close").hasSize(2);
    }

    @Test
    void theEpisodeResolvesWhenEveryAlertedConditionClears() {
        Customer c = customer();
        c.send(login("c1", 0)).send(paymentFailed("c1", 1));
        c.send(login("c1", 9)); // day 8: payment not recovered within 7 days
        assertThat(c.kinds()).containsExactly("ALERT PAYMENT_FAILURE_UNRECOVERED");
        c.send(login("c1", 10));
        assertThat(c.out).as("a login does not clear a failed payment").hasSize(1);
        c.send(paymentRecovered("c1", 11));
        assertThat(c.kinds())
                .containsExactly(
                        "ALERT PAYMENT_FAILURE_UNRECOVERED",
                        "RESOLVED PAYMENT_FAILURE_UNRECOVERED");
        assertThat(c.out.get(1).detail()).startsWith("payment recovered");
    }

    @Test
    void aReturnClearsDormancyButNotACancelRequest() {
        Customer alone = customer();
        alone.send(login("c1", 0)).send(login("c1", 40));
        assertThat(alone.kinds()).containsExactly("ALERT DORMANT", "RESOLVED DORMANT");
        assertThat(alone.out.get(0).eventTime()).isEqualTo(day(30));
        assertThat(alone.out.get(1).eventTime()).isEqualTo(day(40));

        Customer both = customer();
        both.send(login("c1", 0));
        both.send(support("c1", 40, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE));
        both.send(login("c1", 41));
        assertThat(both.kinds()).containsExactly("ALERT DORMANT", "ESCALATION CANCEL_INTENT");
        assertThat(both.profile.alertEpisode.isOpen()).isTrue();
    }

    @Test
    void theSameInputGivesTheSameRecords() {
        List<CustomerEvent> events =
                List.of(
                        subscribe("c1", 0, 30),
                        skip("c1", 1),
                        skip("c1", 2),
                        support("c1", 3, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE),
                        order("c1", 6, 10),
                        cancel("c1", 50));
        Customer a = customer();
        Customer b = customer();
        events.forEach(a::send);
        events.forEach(b::send);
        assertThat(a.out).isEqualTo(b.out).hasSizeGreaterThanOrEqualTo(3);
    }
}

package dev.kizashi.step;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.profile.ValuePopulation;
import dev.kizashi.score.ScoringConfig;
import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.LogisticCalibrator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-customer step alone: what it asks the keyed function to emit, store and schedule. */
class CustomerStepTest {
    private final ValuePopulation population =
            new ValuePopulation(Duration.ofDays(30).toMillis(), 100);
    private final CustomerStep step =
            new CustomerStep(
                    DetectorConfig.defaults(),
                    ScoringConfig.defaults(),
                    RoutingTable.defaults(),
                    Duration.ofDays(7),
                    new long[0],
                    population,
                    () -> 42L,
                    java.util.Set.of(),
                    true);

    @Test
    void firstEventCreatesTheProfileSchedulesItsDeadlineAndScores() {
        StepOutcome o = step.onEvent("c", null, subscribe("c", 0, 30), Long.MIN_VALUE);

        assertThat(o.newCustomer).isTrue();
        assertThat(o.applied).isTrue();
        assertThat(o.store).isEqualTo(StepOutcome.Store.UPDATE);
        assertThat(o.registerTimer).isPositive();
        assertThat(o.deleteTimer).isZero();
        assertThat(step.profile().timerTs).isEqualTo(o.registerTimer);
        assertThat(o.scores)
                .singleElement()
                .satisfies(s -> assertThat(s.customerId()).isEqualTo("c"));
    }

    @Test
    void aDuplicateChangesNothing() {
        var first = order("c", 1, 10);
        step.onEvent("c", null, first, Long.MIN_VALUE);
        CustomerProfile stored = step.profile();

        StepOutcome o = step.onEvent("c", stored, first, Long.MIN_VALUE);

        assertThat(o.duplicate).isTrue();
        assertThat(o.applied).isFalse();
        assertThat(o.store).isEqualTo(StepOutcome.Store.KEEP);
        assertThat(o.alerts).isEmpty();
        assertThat(o.scores).isEmpty();
    }

    @Test
    void aDueDeadlineRaisesItsAlertStampedWithTheClock() {
        step.onEvent("c", null, subscribe("c", 0, 30), Long.MIN_VALUE);
        CustomerProfile p = step.profile();
        long due = p.timerTs;

        StepOutcome o = step.onTimer("c", p, due, due);

        // No order for 30 days after subscribing: the first deadline is DORMANT.
        assertThat(o.alerts).extracting(a -> a.pattern()).containsExactly(ChurnPattern.DORMANT);
        assertThat(o.alerts).allSatisfy(a -> assertThat(a.detectedAt()).isEqualTo(42L));
        assertThat(o.alertsRaised).isEqualTo(o.alerts.size());
        assertThat(o.store).isEqualTo(StepOutcome.Store.UPDATE);
        assertThat(o.registerTimer).isGreaterThan(due);
    }

    @Test
    void aRetentionActionIsNotTheCustomerBeingActive() {
        step.onEvent("c", null, subscribe("c", 0, 30), Long.MIN_VALUE);
        CustomerProfile p = step.profile();
        long due = p.timerTs;
        long lastActivity = p.lastActivityTs;

        StepOutcome o = step.onEvent("c", p, action("c", 10, "ep-1"), Long.MIN_VALUE);

        assertThat(o.applied).isTrue();
        assertThat(o.alerts).isEmpty();
        assertThat(o.scores).isEmpty();
        assertThat(step.profile().lastActivityTs).isEqualTo(lastActivity);
        assertThat(step.profile().timerTs).isEqualTo(due);
        // The dormancy the call did not interrupt still alerts.
        assertThat(step.onTimer("c", p, due, due).alerts)
                .extracting(a -> a.pattern())
                .containsExactly(ChurnPattern.DORMANT);
        // An action for a customer never seen keeps no profile.
        assertThat(step.onEvent("x", null, action("x", 1, null), Long.MIN_VALUE).store)
                .isEqualTo(StepOutcome.Store.KEEP);
    }

    @Test
    void aTimerThatIsNotTheProfilesIsIgnored() {
        step.onEvent("c", null, order("c", 1, 10), Long.MIN_VALUE);
        CustomerProfile p = step.profile();

        StepOutcome o = step.onTimer("c", p, p.timerTs + 1, p.timerTs + 1);

        assertThat(o.store).isEqualTo(StepOutcome.Store.KEEP);
        assertThat(o.alerts).isEmpty();
        assertThat(step.onTimer("c", null, 5, 5).store).isEqualTo(StepOutcome.Store.KEEP);
    }

    @Test
    void theRetentionExpiryClearsTheProfile() {
        step.onEvent("c", null, order("c", 1, 10), Long.MIN_VALUE);
        CustomerProfile p = step.profile();
        long expiry = day(1) + DetectorConfig.defaults().retention().toMillis();
        p.timerTs = expiry;

        assertThat(step.onTimer("c", p, expiry, expiry).store).isEqualTo(StepOutcome.Store.CLEAR);
    }

    @Test
    void noAlertOnceTheChurnIsKnownUnlessAsked() {
        CustomerStep quiet =
                new CustomerStep(
                        DetectorConfig.defaults(),
                        ScoringConfig.defaults(),
                        RoutingTable.defaults(),
                        Duration.ofDays(7),
                        new long[0],
                        new ValuePopulation(Duration.ofDays(30).toMillis(), 100),
                        () -> 42L,
                        java.util.Set.of(),
                        false);
        // A 14-day subscriber whose delivery due on day 15 never comes: by day 20 (the grace) the
        // churn is known; the missed cycle is still alerted, the dormancy on day 31 is not.
        quiet.onEvent("q", null, subscribe("q", 0, 14), Long.MIN_VALUE);
        CustomerProfile q = quiet.profile();
        quiet.onEvent("q", q, cycleOrder("q", 1), Long.MIN_VALUE);
        q = quiet.profile();
        java.util.List<dev.kizashi.alert.Alert> raised = new java.util.ArrayList<>();
        int known = 0;
        for (int i = 0; i < 5 && q.timerTs != 0; i++) {
            long due = q.timerTs;
            StepOutcome o = quiet.onTimer("q", q, due, due);
            raised.addAll(o.alerts);
            known += o.afterKnownChurn;
            q = quiet.profile();
        }
        assertThat(raised)
                .allSatisfy(a -> assertThat(a.eventTime()).isLessThanOrEqualTo(day(20)))
                .extracting(a -> a.pattern())
                .contains(ChurnPattern.SKIPPED_CYCLE);
        assertThat(known).isPositive();

        // The same history with alerts after a known churn allowed does alert.
        step.onEvent("q", null, subscribe("q", 0, 14), Long.MIN_VALUE);
        CustomerProfile p = step.profile();
        step.onEvent("q", p, cycleOrder("q", 1), Long.MIN_VALUE);
        p = step.profile();
        java.util.List<dev.kizashi.alert.Alert> loud = new java.util.ArrayList<>();
        for (int i = 0; i < 5 && p.timerTs != 0; i++) {
            StepOutcome o = step.onTimer("q", p, p.timerTs, p.timerTs);
            loud.addAll(o.alerts);
            p = step.profile();
        }
        assertThat(loud).anySatisfy(a -> assertThat(a.eventTime()).isGreaterThan(day(20)));
    }

    /** Support spikes of a buyer ordering every 10 days, from {@code spikeDay}, and the alerts. */
    private static java.util.List<Alert> buyerWithSpikeOn(double spikeDay, int[] known) {
        CustomerStep quiet =
                new CustomerStep(
                        DetectorConfig.defaults(),
                        ScoringConfig.defaults(),
                        RoutingTable.defaults(),
                        Duration.ofDays(7),
                        new long[0],
                        new ValuePopulation(Duration.ofDays(30).toMillis(), 100),
                        () -> 42L,
                        java.util.Set.of(),
                        false);
        java.util.List<CustomerEvent> events = new java.util.ArrayList<>();
        for (int d = 0; d <= 30; d += 10) {
            events.add(order("b", d, 50));
        }
        for (int k = 0; k < 4; k++) {
            events.add(
                    support(
                            "b",
                            spikeDay + k * 0.2,
                            SupportCategory.DELIVERY,
                            dev.kizashi.model.Sentiment.NEGATIVE));
        }
        events.sort(java.util.Comparator.comparingLong(CustomerEvent::ts));
        java.util.List<Alert> raised = new java.util.ArrayList<>();
        CustomerProfile p = null;
        for (CustomerEvent e : events) {
            StepOutcome o = quiet.onEvent("b", p, e, Long.MIN_VALUE);
            raised.addAll(o.alerts);
            known[0] += o.afterKnownChurn;
            p = quiet.profile();
        }
        return raised;
    }

    @Test
    void aBuyerPastTheDueDateOfTheNextOrderIsNotAlertedOnSigns() {
        int[] known = {0};
        assertThat(buyerWithSpikeOn(33, known))
                .as("ordered on day 30, next due on day 40: still a customer to keep")
                .extracting(Alert::pattern)
                .contains(ChurnPattern.SUPPORT_SPIKE);
        assertThat(known[0]).isZero();

        known[0] = 0;
        java.util.List<Alert> late = buyerWithSpikeOn(45, known);
        assertThat(late)
                .as("past day 40 the loss, if any, has happened")
                .extracting(Alert::pattern)
                .doesNotContain(ChurnPattern.SUPPORT_SPIKE);
        assertThat(known[0]).isPositive();
    }

    @Test
    void aMutedPatternRaisesNoAlertAndIsCounted() {
        CustomerStep muting =
                new CustomerStep(
                        DetectorConfig.defaults(),
                        ScoringConfig.defaults(),
                        RoutingTable.defaults(),
                        Duration.ofDays(7),
                        new long[0],
                        new ValuePopulation(Duration.ofDays(30).toMillis(), 100),
                        () -> 42L,
                        java.util.Set.of(ChurnPattern.DORMANT),
                        true);
        muting.onEvent("m", null, subscribe("m", 0, 30), Long.MIN_VALUE);
        CustomerProfile p = muting.profile();
        StepOutcome o = muting.onTimer("m", p, p.timerTs, p.timerTs);
        assertThat(o.alerts).isEmpty();
        assertThat(o.muted).isEqualTo(1);
    }

    /**
     * A model whose risk is the open payment failure alone (5% without one, 73% with one), and a
     * learned risk threshold of 50%.
     */
    private static CustomerStep riskStep() {
        return riskStep(riskModel(), RoutingTable.defaults());
    }

    private static ChurnModelFile riskModel() {
        return ChurnModelFile.of(
                        new BgNbd(0.25, 33.5, 0.72, 2.16),
                        new LogisticCalibrator(
                                List.of("payment_failure_open"), -3, new double[] {4}),
                        60,
                        LocalDate.of(2026, 1, 31),
                        List.of(LocalDate.of(2025, 12, 31)),
                        LocalDate.of(2026, 1, 31),
                        1.0)
                .withAlertGate(List.of(), Map.of(ChurnPattern.HIGH_RISK.name(), 0.5));
    }

    private static CustomerStep riskStep(ChurnModelFile model, RoutingTable routing) {
        return new CustomerStep(
                DetectorConfig.defaults(),
                ScoringConfig.defaults().withModel(model),
                routing,
                Duration.ofDays(7),
                new long[0],
                new ValuePopulation(Duration.ofDays(30).toMillis(), 100),
                () -> 42L,
                java.util.Set.of(),
                false);
    }

    @Test
    void aSinglePrecursorEventAlertsAsHighRiskOnlyAboveTheLearnedThreshold() {
        CustomerStep risk = riskStep();
        risk.onEvent("r", null, subscribe("r", 0, 30), Long.MIN_VALUE);
        CustomerProfile p = risk.profile();

        StepOutcome low =
                risk.onEvent(
                        "r", p, support("r", 1, SupportCategory.BILLING, null), Long.MIN_VALUE);
        assertThat(low.alerts).as("a support contact leaves the risk at 5%").isEmpty();
        assertThat(low.muted).isEqualTo(1);

        StepOutcome high = risk.onEvent("r", risk.profile(), paymentFailed("r", 2), Long.MIN_VALUE);
        assertThat(high.alerts)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.pattern()).isEqualTo(ChurnPattern.HIGH_RISK);
                            assertThat(a.score()).isGreaterThanOrEqualTo(0.5);
                        });
    }

    @Test
    void withoutALearnedThresholdNoHighRiskAlertIsRaised() {
        step.onEvent("n", null, subscribe("n", 0, 30), Long.MIN_VALUE);
        StepOutcome o = step.onEvent("n", step.profile(), paymentFailed("n", 2), Long.MIN_VALUE);
        assertThat(o.alerts).noneMatch(a -> a.pattern() == ChurnPattern.HIGH_RISK);
    }

    /** The single HIGH_RISK alert (73% risk, routed to the call center) under {@code model}. */
    private static Alert highRiskAlert(ChurnModelFile model) {
        CustomerStep risk = riskStep(model, RoutingTable.defaults().withFallbackChannel("line"));
        risk.onEvent("g", null, subscribe("g", 0, 30), Long.MIN_VALUE);
        StepOutcome o = risk.onEvent("g", risk.profile(), paymentFailed("g", 2), Long.MIN_VALUE);
        assertThat(o.alerts).hasSize(1);
        return o.alerts.get(0);
    }

    @Test
    void everyAlertCarriesItsThresholdExpectedPrecisionAndModelVersion() {
        ChurnModelFile model =
                riskModel()
                        .withChannelGate(
                                Map.of("call_center", 0.7),
                                Map.of("HIGH_RISK", 0.4, "call_center", 0.6));

        Alert a = highRiskAlert(model);

        assertThat(a.channel()).isEqualTo("call_center");
        assertThat(a.gate()).isEqualTo(new Alert.Gate(0.7, 0.6, model.version()));
        assertThat(model.version()).startsWith("2026-01-31-").hasSize(19);
    }

    @Test
    void belowItsChannelsThresholdAnAlertGoesToTheFallbackChannel() {
        ChurnModelFile model =
                riskModel()
                        .withChannelGate(
                                Map.of("call_center", 0.8),
                                Map.of("HIGH_RISK", 0.4, "call_center", 0.6));

        Alert a = highRiskAlert(model);

        assertThat(a.channel()).isEqualTo("line");
        assertThat(a.gate()).isEqualTo(new Alert.Gate(0.5, 0.4, model.version()));
        assertThat(model.version()).isNotEqualTo(riskModel().version());
    }
}

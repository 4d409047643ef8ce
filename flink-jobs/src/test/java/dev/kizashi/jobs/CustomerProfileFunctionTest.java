package dev.kizashi.jobs;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.pdca.Outcome;
import dev.kizashi.profile.CustomerProfile;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keyed customer function in an operator harness: state, timers, side outputs, restore. */
class CustomerProfileFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, Alert> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, Alert> newHarness(
            ChurnJobConfig config) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CustomerProfileFunction(config)),
                CustomerEvent::customerId,
                Types.STRING);
    }

    private static ChurnJobConfig config(String key, String value) {
        Configuration c = new Configuration();
        c.setString(key, value);
        return ChurnJobConfig.from(c);
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness(ChurnJobConfig.defaults());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(CustomerEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.ts()));
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    private CustomerProfile profile(String customer) throws Exception {
        harness.getOperator().setCurrentKey(customer);
        return harness.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                        org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                        JobState.profileDescriptor())
                .value();
    }

    @Test
    void cancelRequestAlertsImmediatelyWithEvidenceAndScore() throws Exception {
        send(order("c1", 0));
        var contact = support("c1", 2, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE);
        send(contact);
        assertThat(alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.pattern()).isEqualTo(ChurnPattern.CANCEL_INTENT);
                            assertThat(a.evidence()).containsExactly(contact.eventId());
                            assertThat(a.channel()).isEqualTo("call_center");
                            assertThat(a.eventTime()).isEqualTo(contact.ts());
                            assertThat(a.alertId())
                                    .isEqualTo(
                                            Alert.idFor(
                                                    "c1",
                                                    ChurnPattern.CANCEL_INTENT,
                                                    contact.ts()));
                            assertThat(a.score()).isGreaterThan(0.3);
                        });
    }

    @Test
    void dormancyFiresFromTheWatermarkAndOnlyOnce() throws Exception {
        send(login("c1", 0));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(day(29));
        assertThat(alerts()).isEmpty();
        harness.processWatermark(day(30));
        assertThat(alerts()).extracting(Alert::pattern).containsExactly(ChurnPattern.DORMANT);
        harness.processWatermark(day(60));
        assertThat(alerts()).hasSize(1);
        assertThat(harness.numEventTimeTimers())
                .as("the retention clean-up and the episode's outcome on day 90")
                .isEqualTo(2);
    }

    @Test
    void aReturningCustomersOwnEventProvesTheDeadlinePassed() throws Exception {
        send(login("c1", 0));
        // No watermark in between: the customer's next event, 40 days later, proves 30 days passed.
        send(login("c1", 40));
        assertThat(alerts())
                .extracting(CustomerProfileFunctionTest::kindAndPattern)
                .as("the return also clears the dormancy: the episode resolves")
                .containsExactly("ALERT DORMANT", "RESOLVED DORMANT");
        assertThat(alerts().get(0).eventTime()).isEqualTo(day(30));
        assertThat(alerts().get(1).eventTime()).isEqualTo(day(40));
    }

    @Test
    void stateAndTimersAreGoneAfterRetention() throws Exception {
        harness.close();
        harness = newHarness(config("kizashi.state.retention", "60 d"));
        harness.open();
        send(login("c1", 0));
        send(login("c2", 0));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        harness.processWatermark(day(61));
        // The profiles are gone; the dormancy episodes of day 30 wait for their outcome.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        harness.processWatermark(day(91));
        assertThat(harness.getSideOutput(JobState.OUTCOMES))
                .extracting(r -> r.getValue().outcome())
                .containsExactly(Outcome.CHURNED, Outcome.CHURNED);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void duplicatesAreDroppedAndLateEventsGoToTheLateOutput() throws Exception {
        var first = login("c1", 10);
        send(first);
        send(first);
        assertThat(profile("c1").lastActivityTs).isEqualTo(first.ts());
        harness.processWatermark(day(20));
        var late = support("c1", 5, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE);
        send(late);
        assertThat(alerts()).as("too late to apply: 15 days behind the watermark").isEmpty();
        assertThat(profile("c1").cancelRequests).isZero();
        assertThat(harness.getSideOutput(JobState.LATE_EVENTS))
                .extracting(StreamRecord::getValue)
                .containsExactly(late);
    }

    @Test
    void aLateEventInsideTheDedupeWindowCountsButRaisesNothing() throws Exception {
        send(login("c1", 10));
        harness.processWatermark(day(20));
        var late = support("c1", 19.5, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE);
        send(late);
        send(late);

        assertThat(alerts()).as("the deadlines it would have moved are past").isEmpty();
        assertThat(profile("c1").cancelRequests)
                .as("applied once, the repeat deduplicated")
                .isOne();
        assertThat(profile("c1").lastActivityTs).isEqualTo(late.ts());
        assertThat(harness.getSideOutput(JobState.LATE_EVENTS))
                .extracting(StreamRecord::getValue)
                .as("still counted and kept as late")
                .containsExactly(late, late);
    }

    @Test
    void dedupeForgetsIdsTheWatermarkLeftAWindowBehind() throws Exception {
        var first = login("c1", 10);
        send(first);
        send(login("c1", 10.5));
        harness.processWatermark(day(11.4));
        var next = login("c1", 11.7);
        send(next);
        assertThat(profile("c1").recentIdTs)
                .as("day 10 is more than the 1-day window before the watermark, day 10.5 is not")
                .containsExactly(day(10.5), next.ts());
        send(next);
        assertThat(profile("c1").lastActivityTs).isEqualTo(next.ts());
        assertThat(profile("c1").recentIdTs).hasSize(2);
    }

    @Test
    void scoresAreEmittedOnlyWhenTheyChangeMaterially() throws Exception {
        for (int d = 0; d <= 60; d += 30) {
            send(order("c1", d));
        }
        int afterOrders = harness.getSideOutput(JobState.SCORES).size();
        send(login("c1", 61));
        send(login("c1", 61.5));
        assertThat(harness.getSideOutput(JobState.SCORES))
                .as("logins a day after an order leave the score where it was")
                .hasSize(afterOrders);
        send(support("c1", 62, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE));
        ScoreUpdate last =
                harness.getSideOutput(JobState.SCORES).stream()
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .getValue();
        assertThat(last.reasons()).extracting(r -> r.code().name()).contains("CANCEL_REQUEST");
    }

    @Test
    void snapshotAndRestoreKeepsProfilesAndTimers() throws Exception {
        send(order("c1", 0));
        send(order("c1", 7));
        send(order("c1", 14));
        send(login("c2", 1));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness(ChurnJobConfig.defaults());
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        assertThat(profile("c1").orderDays).isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        // c1 is weekly: overdue after 14 + 7 + 2 x 1 days; c2 dormant at day 31.
        harness.processWatermark(day(31));
        assertThat(alerts())
                .extracting(Alert::pattern, Alert::customerId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(ChurnPattern.OVERDUE_ORDER, "c1"),
                        org.assertj.core.groups.Tuple.tuple(ChurnPattern.DORMANT, "c2"));
    }

    @Test
    void aTopDecileCustomerSlowingDownAlertsWithItsTierAfterARestore() throws Exception {
        harness.close();
        Configuration c = new Configuration();
        c.setString("kizashi.value.min-population", "10");
        c.setString("kizashi.value.epoch", "30 d");
        harness = newHarness(ChurnJobConfig.from(c));
        harness.open();
        // 20 customers spending 100..2,000 per order and one spending 10,000, every 10 days.
        // With 30-day value epochs (TestEvents' day 0 is day 24 of one), days 6-35 are one epoch.
        for (double d = 0; d <= 60; d += 10) {
            for (int i = 0; i < 20; i++) {
                send(order("b" + i, d, 100.0 * (i + 1)));
            }
            send(order("vip", d, 10_000));
        }
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness(ChurnJobConfig.from(c));
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        // The ranks on day 75 come from the epoch of days 6-35, restored from the snapshot.
        for (int i = 0; i < 20; i++) {
            send(order("b" + i, 70, 100.0 * (i + 1)));
        }
        harness.processWatermark(day(80));
        List<Alert> slowdowns =
                alerts().stream()
                        .filter(a -> a.pattern() == ChurnPattern.HIGH_VALUE_SLOWDOWN)
                        .toList();
        // own mean gap 10 days, factor 1.5: the gap passed 15 days on day 75
        assertThat(slowdowns)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.customerId()).isEqualTo("vip");
                            assertThat(a.eventTime()).isEqualTo(day(75));
                            assertThat(a.ltvTier()).isEqualTo("top10");
                        });
        ScoreUpdate vipScore =
                harness.getSideOutput(JobState.SCORES).stream()
                        .map(StreamRecord::getValue)
                        .filter(u -> u.customerId().equals("vip"))
                        .reduce((a, b) -> b)
                        .orElseThrow();
        assertThat(vipScore.ltvTier()).isEqualTo("top10");
        assertThat(vipScore.alertedPatterns()).contains("HIGH_VALUE_SLOWDOWN");
        assertThat(vipScore.monetaryScore()).isEqualTo(5);
        assertThat(vipScore.firstSeenTs()).isEqualTo(day(0));
        assertThat(profile("b0").valueEpoch)
                .as("counted in the epoch of day 70")
                .isEqualTo(Math.floorDiv(day(70), 30 * CustomerProfile.DAY_MS) + 1);
    }

    @Test
    void endOfInputDoesNotAlertBeyondTheData() throws Exception {
        send(login("c1", 0));
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void snapshotsAreTakenBeforeLaterEventsAndAtTheEndOfInputWithoutLooping() throws Exception {
        harness.close();
        harness =
                newHarness(
                        config(
                                "kizashi.score.snapshot-at",
                                java.time.Instant.ofEpochMilli(day(10))
                                        + ";"
                                        + java.time.Instant.ofEpochMilli(day(100))));
        harness.open();
        send(order("c1", 0));
        send(order("c1", 5));
        send(order("c1", 20)); // no watermark yet: the event itself proves day 10 passed
        send(order("late-joiner", 50)); // first seen after day 10: no day-10 snapshot
        harness.processWatermark(Long.MAX_VALUE);

        List<ScoreUpdate> snapshots =
                harness.getSideOutput(JobState.SNAPSHOTS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(snapshots)
                .extracting(ScoreUpdate::customerId, ScoreUpdate::asOf, ScoreUpdate::orderDays)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("c1", day(10), 2),
                        org.assertj.core.groups.Tuple.tuple("c1", day(100), 3),
                        org.assertj.core.groups.Tuple.tuple("late-joiner", day(100), 1));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private static String kindAndPattern(Alert a) {
        return a.kind() + " " + a.pattern();
    }

    @Test
    void alertPolicyCooldownEscalationAndEpisodesSurviveSnapshotAndRestore() throws Exception {
        send(subscribe("c1", 0, 30));
        send(skip("c1", 1));
        send(skip("c1", 2)); // a repeat inside the 7-day cooldown
        send(support("c1", 3, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE));
        send(subscribe("c2", 0, 30));
        send(skip("c2", 1));
        assertThat(alerts())
                .extracting(CustomerProfileFunctionTest::kindAndPattern)
                .containsExactly(
                        "ALERT SKIPPED_CYCLE", "ESCALATION CANCEL_INTENT", "ALERT SKIPPED_CYCLE");
        String episode = alerts().get(0).alertId();
        assertThat(profile("c1").alertEpisode.suppressed).isEqualTo(1);

        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();
        harness = newHarness(ChurnJobConfig.defaults());
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();

        send(skip("c1", 4)); // the cooldown is remembered across the restore
        var order = order("c1", 6);
        send(order);
        var cancel = cancel("c2", 7);
        send(cancel);
        assertThat(alerts())
                .extracting(CustomerProfileFunctionTest::kindAndPattern)
                .containsExactly("RESOLVED CANCEL_INTENT", "CHURNED SKIPPED_CYCLE");
        Alert resolved = alerts().get(0);
        assertThat(resolved.episodeId()).isEqualTo(episode);
        assertThat(resolved.eventTime()).isEqualTo(order.ts());
        assertThat(resolved.alertId())
                .isEqualTo(
                        Alert.idFor(
                                "c1", ChurnPattern.CANCEL_INTENT, order.ts(), AlertKind.RESOLVED));
        assertThat(resolved.detail()).contains("2 alert(s), 2 repeat(s) suppressed");
        assertThat(alerts().get(1).eventTime()).isEqualTo(cancel.ts());
        assertThat(profile("c1").alertEpisode.isOpen()).isFalse();
    }

    @Test
    void anOpenEpisodeIsDeletedWithTheProfileAtRetention() throws Exception {
        harness.close();
        harness = newHarness(config("kizashi.state.retention", "60 d"));
        harness.open();
        send(subscribe("c1", 0, 30));
        send(support("c1", 1, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE));
        assertThat(profile("c1").alertEpisode.isOpen()).isTrue();
        harness.processWatermark(day(200));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}

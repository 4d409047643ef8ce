package dev.kizashi.jobs;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.Outcome;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Episode outcomes and the control group in the keyed function: state, timers, restore. */
class EpisodeOutcomeHarnessTest {
    private KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, Alert> harness;

    private void open(String controlShare) throws Exception {
        harness = newHarness(controlShare);
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, Alert> newHarness(
            String controlShare) throws Exception {
        Configuration c = new Configuration();
        c.setString("kizashi.control.share", controlShare);
        c.setString("kizashi.outcome.horizon", "20 d");
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CustomerProfileFunction(ChurnJobConfig.from(c))),
                CustomerEvent::customerId,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(CustomerEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.ts()));
    }

    private List<EpisodeOutcome> outcomes() {
        var records = harness.getSideOutput(JobState.OUTCOMES);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private Alert firstAlert() {
        return harness.extractOutputValues().get(0);
    }

    private void cancelRequest(String c, double day) throws Exception {
        send(support(c, day, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE));
    }

    @Test
    void anEpisodeIsFollowedToItsHorizonAndThenForgotten() throws Exception {
        open("0");
        send(order("c1", 0, 3000));
        cancelRequest("c1", 2);
        Alert opener = firstAlert();
        assertThat(opener.holdout()).isFalse();
        send(action("c1", 3, opener.episodeId()));
        send(order("c1", 10, 4000));
        send(order("c1", 25, 5000)); // after the 20-day window: not counted
        harness.processWatermark(day(21));
        assertThat(outcomes()).isEmpty();
        harness.processWatermark(day(22));
        assertThat(outcomes())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.episodeId()).isEqualTo(opener.alertId());
                            assertThat(o.outcome()).isEqualTo(Outcome.RETAINED);
                            assertThat(o.orders()).isEqualTo(1);
                            assertThat(o.revenue()).isEqualTo(4000.0);
                            assertThat(o.actions()).isEqualTo(1);
                            assertThat(o.reached()).isEqualTo(1);
                            assertThat(o.actionCost()).isEqualTo(500.0);
                            assertThat(o.firstActionChannel()).isEqualTo("call_center");
                            assertThat(o.outcomeTs()).isEqualTo(day(22));
                            assertThat(o.horizonDays()).isEqualTo(20);
                        });
        harness.processWatermark(day(23));
        assertThat(outcomes()).hasSize(1);
        // Only the profile and its own timer are left.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void aCancellationInTheWindowIsChurnedAndAReturnAfterItReactivated() throws Exception {
        open("0");
        send(order("a", 0));
        cancelRequest("a", 1);
        send(cancel("a", 5));
        send(order("b", 0));
        cancelRequest("b", 1);
        send(cancel("b", 5));
        send(subscribe("b", 12, 30));
        harness.processWatermark(day(30));
        assertThat(outcomes())
                .extracting(EpisodeOutcome::customerId, EpisodeOutcome::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", Outcome.CHURNED),
                        org.assertj.core.groups.Tuple.tuple("b", Outcome.REACTIVATED));
        assertThat(outcomes()).allSatisfy(o -> assertThat(o.cancelReason()).isEqualTo("price"));
    }

    @Test
    void aHeldOutEpisodeIsFlaggedOnEveryRecordAndItsOutcome() throws Exception {
        open("1");
        send(order("c1", 0));
        cancelRequest("c1", 2);
        send(order("c1", 4)); // resolves the episode
        harness.processWatermark(day(30));
        assertThat(harness.extractOutputValues())
                .extracting(Alert::kind, Alert::holdout)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                dev.kizashi.model.AlertKind.ALERT, true),
                        org.assertj.core.groups.Tuple.tuple(
                                dev.kizashi.model.AlertKind.RESOLVED, true));
        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.holdout()).isTrue());
    }

    @Test
    void theWatchSurvivesASnapshotAndRestore() throws Exception {
        open("0");
        send(order("c1", 0));
        cancelRequest("c1", 2);
        send(order("c1", 6, 1200));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();
        harness = newHarness("0");
        harness.initializeState(snapshot);
        harness.open();
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        send(order("c1", 8, 800));
        harness.processWatermark(day(23));
        assertThat(outcomes())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.orders()).isEqualTo(2);
                            assertThat(o.revenue()).isEqualTo(2000.0);
                        });
    }

    @Test
    void atTheEndOfTheInputAnOpenWindowIsNotGuessed() throws Exception {
        open("0");
        send(order("c1", 0));
        cancelRequest("c1", 2);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(outcomes()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}

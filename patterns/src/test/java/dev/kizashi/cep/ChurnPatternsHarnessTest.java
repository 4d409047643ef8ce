package dev.kizashi.cep;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.codec.CustomerEventTypeInfo;
import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every CEP pattern in Flink's own {@link CepOperator}, in event time, in an operator harness:
 * positive and negative cases, snapshot/restore, and what state is left after completion or
 * time-out.
 */
class ChurnPatternsHarnessTest {
    /** The defaults with a 14-day price-complaint window, the times these cases are written for. */
    private static final DetectorConfig CONFIG = priceWindow(DetectorConfig.defaults(), 14);

    private static DetectorConfig priceWindow(DetectorConfig d, int days) {
        return new DetectorConfig(
                d.rhythm(),
                d.silence(),
                new DetectorConfig.Service(
                        d.paymentRecoveryWindow(),
                        d.supportSpikeContacts(),
                        d.supportSpikeWindow(),
                        d.supportSpikeNegatives(),
                        java.time.Duration.ofDays(days),
                        d.downgradeWindow()),
                d.engagement(),
                d.dedupe());
    }

    private static final TypeSerializer<CustomerEvent> EVENTS =
            CustomerEventTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());

    private KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, PatternMatch> h;

    @AfterEach
    void close() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    static ChurnPatterns.Spec spec(String name) {
        return ChurnPatterns.eventPatterns(CONFIG).stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static <IN> KeyedOneInputStreamOperatorTestHarness<String, IN, PatternMatch> harness(
            Pattern<IN, ?> pattern,
            PatternProcessFunction<IN, PatternMatch> fn,
            TypeSerializer<IN> serializer,
            org.apache.flink.api.java.functions.KeySelector<IN, String> key)
            throws Exception {
        boolean timeouts = fn instanceof TimedOutPartialMatchHandler;
        CepOperator<IN, String, PatternMatch> op =
                new CepOperator<>(
                        serializer,
                        false,
                        NFACompiler.compileFactory(pattern, timeouts),
                        null,
                        pattern.getAfterMatchSkipStrategy(),
                        fn,
                        null);
        return new KeyedOneInputStreamOperatorTestHarness<>(op, key, Types.STRING);
    }

    private void open(String specName) throws Exception {
        ChurnPatterns.Spec s = spec(specName);
        h = harness(s.pattern(), MatchFunction.of(s), EVENTS, CustomerEvent::customerId);
        h.open();
    }

    private void send(CustomerEvent... events) throws Exception {
        for (CustomerEvent e : events) {
            h.processElement(new StreamRecord<>(e, e.ts()));
        }
    }

    private List<PatternMatch> matchesAt(double watermarkDay) throws Exception {
        h.processWatermark(day(watermarkDay));
        return h.extractOutputValues();
    }

    private static List<String> times(List<PatternMatch> m) {
        return m.stream()
                .map(x -> x.pattern() + "@" + (x.eventTime() - T0) / (double) DAY)
                .toList();
    }

    @Test
    void skippedCycle() throws Exception {
        open("skippedCycle");
        send(login("c", 0), skip("c", 3), order("c", 4));
        assertThat(times(matchesAt(10))).containsExactly("SKIPPED_CYCLE@3.0");
    }

    @Test
    void cancelIntentOnCancelRequestOnly() throws Exception {
        open("cancelIntent");
        send(
                support("c", 1, SupportCategory.PRICE, Sentiment.NEGATIVE),
                support("c", 2, SupportCategory.CANCEL_REQUEST, Sentiment.NEUTRAL));
        assertThat(times(matchesAt(10))).containsExactly("CANCEL_INTENT@2.0");
    }

    @Test
    void priceComplaintNotFollowedByAnOrder() throws Exception {
        open("priceComplaintWithoutOrder");
        send(
                support("a", 2, SupportCategory.PRICE, Sentiment.NEGATIVE),
                support("b", 2, SupportCategory.BILLING, Sentiment.NEUTRAL),
                order("b", 10),
                support("x", 2, SupportCategory.PRICE, Sentiment.NEGATIVE),
                cancel("x", 6),
                support("p", 2, SupportCategory.PRICE, Sentiment.POSITIVE));
        assertThat(matchesAt(15.9)).isEmpty();
        List<PatternMatch> m = matchesAt(40);
        assertThat(times(m)).containsExactly("CANCEL_INTENT@16.0");
        assertThat(m.get(0).customerId()).isEqualTo("a");
    }

    @Test
    void priceComplaintRepeatedRestartsTheWindowOnce() throws Exception {
        open("priceComplaintWithoutOrder");
        send(
                support("a", 0, SupportCategory.PRICE, Sentiment.NEGATIVE),
                support("a", 5, SupportCategory.PRICE, Sentiment.NEGATIVE));
        assertThat(times(matchesAt(40))).containsExactly("CANCEL_INTENT@19.0");
    }

    @Test
    void supportSpikeCountForm() throws Exception {
        open("supportSpike");
        send(
                support("a", 0, SupportCategory.DELIVERY, Sentiment.NEUTRAL),
                support("a", 5, SupportCategory.DELIVERY, Sentiment.NEUTRAL),
                support("a", 9, SupportCategory.DELIVERY, Sentiment.NEUTRAL),
                support("a", 10, SupportCategory.DELIVERY, Sentiment.NEUTRAL),
                // b: three contacts, but over 14 days or more
                support("b", 0, SupportCategory.DELIVERY, Sentiment.NEUTRAL),
                support("b", 7, SupportCategory.DELIVERY, Sentiment.NEUTRAL),
                support("b", 14, SupportCategory.DELIVERY, Sentiment.NEUTRAL));
        List<PatternMatch> m = matchesAt(30);
        assertThat(times(m)).containsExactly("SUPPORT_SPIKE@9.0");
        assertThat(m.get(0).evidence()).hasSize(3);
    }

    @Test
    void supportSpikeNegativeForm() throws Exception {
        open("negativeSpike");
        send(
                support("a", 0, SupportCategory.DELIVERY, Sentiment.NEGATIVE),
                feedback("a", 3, 9),
                feedback("a", 4, 5),
                feedback("a", 8, 6),
                feedback("b", 0, 3),
                feedback("b", 1, 7),
                feedback("b", 2, 8));
        assertThat(times(matchesAt(30))).containsExactly("SUPPORT_SPIKE@8.0");
    }

    @Test
    void paymentFailureUnrecovered() throws Exception {
        open("paymentFailureUnrecovered");
        send(
                paymentFailed("a", 1),
                paymentFailed("a", 3),
                paymentFailed("b", 1),
                paymentRecovered("b", 2));
        assertThat(matchesAt(9.9)).isEmpty();
        assertThat(times(matchesAt(30))).containsExactly("PAYMENT_FAILURE_UNRECOVERED@10.0");
    }

    @Test
    void dormant() throws Exception {
        open("dormant");
        send(login("a", 0), login("a", 29), login("b", 0), cancel("b", 1));
        assertThat(matchesAt(58.9)).isEmpty();
        assertThat(times(matchesAt(100))).containsExactly("DORMANT@59.0");
    }

    @Test
    void downgradeSequenceAndItsTimeoutOnTheSideOutput() throws Exception {
        open("downgradeSequence");
        send(
                downgrade("a", 0),
                unsubscribed("a", 10),
                downgrade("b", 0),
                support("b", 5, SupportCategory.QUALITY, Sentiment.NEUTRAL),
                unsubscribed("b", 31));
        assertThat(times(matchesAt(60))).containsExactly("DOWNGRADE_SEQUENCE@10.0");
        assertThat(h.getSideOutput(MatchFunction.TIMED_OUT))
                .extracting(r -> r.getValue().customerId())
                .containsExactly("b");
    }

    @Test
    void snapshotAndRestoreKeepPartialMatchesAndTheirTimers() throws Exception {
        open("priceComplaintWithoutOrder");
        send(support("a", 2, SupportCategory.PRICE, Sentiment.NEGATIVE), login("x", 3));
        h.processWatermark(day(5));
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();

        ChurnPatterns.Spec s = spec("priceComplaintWithoutOrder");
        h = harness(s.pattern(), MatchFunction.of(s), EVENTS, CustomerEvent::customerId);
        h.setup();
        h.initializeState(snapshot);
        h.open();
        assertThat(times(matchesAt(20))).containsExactly("CANCEL_INTENT@16.0");
    }

    @Test
    void stateAfterCompletionAndTimeOut() throws Exception {
        open("downgradeSequence");
        int empty = h.numKeyedStateEntries();
        send(downgrade("a", 0));
        h.processWatermark(day(1));
        int pending = h.numKeyedStateEntries();
        assertThat(pending).isGreaterThan(empty);
        assertThat(h.numEventTimeTimers()).isPositive();
        send(unsubscribed("a", 10));
        send(downgrade("b", 0));
        h.processWatermark(day(100));
        assertThat(times(h.extractOutputValues())).containsExactly("DOWNGRADE_SEQUENCE@10.0");
        // Flink 2.2.1 clears the shared buffer, the element queue, the NFA state and the timers
        // of a key once its partial matches completed or timed out (measured: 3 entries while
        // pending, 0 after), so these patterns leave nothing behind for quiet customers.
        assertThat(h.numEventTimeTimers()).isZero();
        System.out.printf(
                "CEP keyed state entries: empty %d, one pending %d, after completion/time-out of"
                        + " two keys %d%n",
                empty, pending, h.numKeyedStateEntries());
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    // ---- signal patterns ----

    static final class SignalFunction extends PatternProcessFunction<DetectorSignal, PatternMatch> {
        @Override
        public void processMatch(
                Map<String, List<DetectorSignal>> match, Context ctx, Collector<PatternMatch> out) {
            DetectorSignal s = match.get(ChurnPatterns.FIRST).get(0);
            ChurnPattern p =
                    switch (s.kind()) {
                        case ORDER_OVERDUE -> ChurnPattern.OVERDUE_ORDER;
                        case CYCLE_MISSED -> ChurnPattern.SKIPPED_CYCLE;
                        case ENGAGEMENT_BELOW_BASELINE -> ChurnPattern.ENGAGEMENT_DROP;
                        case GAP_STRETCHED -> ChurnPattern.HIGH_VALUE_SLOWDOWN;
                    };
            out.collect(new PatternMatch(s.customerId(), p, s.ts(), List.of()));
        }
    }

    private List<String> runSignals(Pattern<DetectorSignal, ?> pattern, DetectorSignal... in)
            throws Exception {
        var sh =
                harness(
                        pattern,
                        new SignalFunction(),
                        TypeInformation.of(DetectorSignal.class)
                                .createSerializer(new SerializerConfigImpl()),
                        DetectorSignal::customerId);
        try {
            sh.open();
            for (DetectorSignal s : in) {
                sh.processElement(new StreamRecord<>(s, s.ts()));
            }
            sh.processWatermark(day(1000));
            return times(sh.extractOutputValues());
        } finally {
            sh.close();
        }
    }

    private static DetectorSignal sig(DetectorSignal.Kind k, double d, double value) {
        return new DetectorSignal("c", k, day(d), value);
    }

    @Test
    void signalPatterns() throws Exception {
        var overdue = sig(DetectorSignal.Kind.ORDER_OVERDUE, 5, 0);
        var missed = sig(DetectorSignal.Kind.CYCLE_MISSED, 6, 0);
        var drop = sig(DetectorSignal.Kind.ENGAGEMENT_BELOW_BASELINE, 7, 0.3);
        var richGap = sig(DetectorSignal.Kind.GAP_STRETCHED, 8, 120_000);
        var poorGap = sig(DetectorSignal.Kind.GAP_STRETCHED, 9, 10_000);
        var all = new DetectorSignal[] {overdue, missed, drop, richGap, poorGap};
        assertThat(runSignals(ChurnPatterns.overdueOrder(), all))
                .containsExactly("OVERDUE_ORDER@5.0");
        assertThat(runSignals(ChurnPatterns.missedCycle(), all))
                .containsExactly("SKIPPED_CYCLE@6.0");
        assertThat(runSignals(ChurnPatterns.engagementDrop(), all))
                .containsExactly("ENGAGEMENT_DROP@7.0");
        assertThat(runSignals(ChurnPatterns.highValueSlowdown(100_000), all))
                .containsExactly("HIGH_VALUE_SLOWDOWN@8.0");
        assertThat(runSignals(ChurnPatterns.highValueSlowdown(200_000), all)).isEmpty();
        assertThat(runSignals(ChurnPatterns.overdueOrder(), missed, drop)).isEmpty();
    }
}

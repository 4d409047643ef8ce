package dev.kizashi.cep;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.detect.PrecursorDetector;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The nine churn precursors as Flink CEP patterns: the readable specification of what the keyed
 * {@link PrecursorDetector} detects, and the oracle of the differential test that keeps the two
 * identical. See {@code docs/design-detection.md} for what runs in production.
 *
 * <p>Two families:
 *
 * <ul>
 *   <li>Over {@link CustomerEvent}s, with fixed windows: {@link #skippedCycle()}, {@link
 *       #cancelIntent()}, {@link #priceComplaintWithoutOrder}, {@link #supportSpike}, {@link
 *       #negativeSpike}, {@link #paymentFailureUnrecovered}, {@link #dormant}, {@link
 *       #downgradeSequence}. Absence is {@code notFollowedBy(..).within(..)} at the end of the
 *       pattern (CEP emits the match when the window passes); the timed-out partial matches of the
 *       one sequence pattern (a downgrade with no follow-up) go to a side output through a {@code
 *       TimedOutPartialMatchHandler} ({@link MatchFunction}).
 *   <li>Over {@link DetectorSignal}s, for the precursors whose window is the customer's own
 *       (rhythm, cycle, baseline, gap) and so cannot be a fixed {@code within()}: {@link
 *       #overdueOrder()}, {@link #missedCycle()}, {@link #engagementDrop()}, {@link
 *       #highValueSlowdown(double)}. The keyed profile emits the signal when the customer's own
 *       deadline passes.
 * </ul>
 *
 * <p>"Once per episode" is the skip strategy: the spike and sequence patterns skip past the last
 * event of a match, so the next match needs fresh events; the absence patterns restart their window
 * on a repeat of the opening event (a second complaint, a failed retry), so one episode gives one
 * match, at the newest opening event + window.
 */
public final class ChurnPatterns {
    private ChurnPatterns() {}

    /** Stage names, used to read matches. */
    public static final String FIRST = "first";

    public static final String FOLLOW = "follow";
    public static final String ABSENT = "absent";

    // ---- event predicates, shared with the relevance filters ----

    static boolean is(CustomerEvent e, EventType t) {
        return e.type() == t;
    }

    static boolean isCancelRequest(CustomerEvent e) {
        return e instanceof CustomerEvent.SupportContact s
                && s.category() == SupportCategory.CANCEL_REQUEST;
    }

    static boolean isPriceComplaint(CustomerEvent e) {
        return e instanceof CustomerEvent.SupportContact s && PrecursorDetector.isPriceComplaint(s);
    }

    static boolean isNegativeContact(CustomerEvent e) {
        return e instanceof CustomerEvent.SupportContact s && s.sentiment() == Sentiment.NEGATIVE;
    }

    static boolean isNegativeSignal(CustomerEvent e) {
        return isNegativeContact(e)
                || (e instanceof CustomerEvent.Feedback f && PrecursorDetector.isDetractor(f));
    }

    static boolean isDowngrade(CustomerEvent e) {
        return e instanceof CustomerEvent.PlanChanged p && p.direction() == PlanDirection.DOWN;
    }

    private static <T> SimpleCondition<T> when(FilterFunction<T> f) {
        return SimpleCondition.of(f);
    }

    // ---- over events ----

    /** SKIPPED_CYCLE (explicit form): a {@code cycle_skipped} event. */
    public static Pattern<CustomerEvent, ?> skippedCycle() {
        return Pattern.<CustomerEvent>begin(FIRST).where(when(e -> is(e, EventType.CYCLE_SKIPPED)));
    }

    /** CANCEL_INTENT (explicit form): a support contact with category {@code cancel_request}. */
    public static Pattern<CustomerEvent, ?> cancelIntent() {
        return Pattern.<CustomerEvent>begin(FIRST).where(when(ChurnPatterns::isCancelRequest));
    }

    /**
     * CANCEL_INTENT (absence form): a price or billing complaint (not positive) not followed by an
     * order within {@code w}; a further complaint restarts the window, a cancellation ends it.
     */
    public static Pattern<CustomerEvent, ?> priceComplaintWithoutOrder(Duration w) {
        return Pattern.<CustomerEvent>begin(FIRST)
                .where(when(ChurnPatterns::isPriceComplaint))
                .notFollowedBy(ABSENT)
                .where(when(ChurnPatterns::endsPriceComplaint))
                .within(w);
    }

    /** What ends a pending price complaint: an order, a cancellation, or a newer complaint. */
    static boolean endsPriceComplaint(CustomerEvent e) {
        return is(e, EventType.ORDER)
                || is(e, EventType.SUBSCRIPTION_CANCELLED)
                || isPriceComplaint(e);
    }

    /** SUPPORT_SPIKE (count form): {@code n} support contacts within {@code w}. */
    public static Pattern<CustomerEvent, ?> supportSpike(int n, Duration w) {
        return Pattern.<CustomerEvent>begin(FIRST, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(when(e -> is(e, EventType.SUPPORT_CONTACT)))
                .times(n)
                .within(w);
    }

    /**
     * SUPPORT_SPIKE (negative form): {@code n} negative support contacts or detractor feedbacks
     * (score &lt;= 6) within {@code w}.
     */
    public static Pattern<CustomerEvent, ?> negativeSpike(int n, Duration w) {
        return Pattern.<CustomerEvent>begin(FIRST, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(when(ChurnPatterns::isNegativeSignal))
                .times(n)
                .within(w);
    }

    /**
     * PAYMENT_FAILURE_UNRECOVERED: {@code payment_failed} not followed by {@code payment_recovered}
     * within {@code w}; a failed retry restarts the window.
     */
    public static Pattern<CustomerEvent, ?> paymentFailureUnrecovered(Duration w) {
        return Pattern.<CustomerEvent>begin(FIRST)
                .where(when(e -> is(e, EventType.PAYMENT_FAILED)))
                .notFollowedBy(ABSENT)
                .where(
                        when(
                                e ->
                                        is(e, EventType.PAYMENT_RECOVERED)
                                                || is(e, EventType.PAYMENT_FAILED)))
                .within(w);
    }

    /**
     * DORMANT: an event (other than the cancellation itself) not followed by any event within
     * {@code n}.
     */
    public static Pattern<CustomerEvent, ?> dormant(Duration n) {
        return Pattern.<CustomerEvent>begin(FIRST)
                .where(when(e -> !is(e, EventType.SUBSCRIPTION_CANCELLED)))
                .notFollowedBy(ABSENT)
                .where(when(e -> true))
                .within(n);
    }

    /**
     * DOWNGRADE_SEQUENCE: {@code plan_changed} down followed by {@code unsubscribed} or a negative
     * support contact within {@code w}. A downgrade with no follow-up times out (side output, no
     * alert).
     */
    public static Pattern<CustomerEvent, ?> downgradeSequence(Duration w) {
        return Pattern.<CustomerEvent>begin(FIRST, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(when(ChurnPatterns::isDowngrade))
                .followedBy(FOLLOW)
                .where(when(e -> is(e, EventType.UNSUBSCRIBED) || isNegativeContact(e)))
                .within(w);
    }

    // ---- over detector signals ----

    /** OVERDUE_ORDER: the profile's own-rhythm deadline passed. */
    public static Pattern<DetectorSignal, ?> overdueOrder() {
        return signal(DetectorSignal.Kind.ORDER_OVERDUE);
    }

    /** SKIPPED_CYCLE (missed-cycle form): the plan's cycle + grace passed without a cycle order. */
    public static Pattern<DetectorSignal, ?> missedCycle() {
        return signal(DetectorSignal.Kind.CYCLE_MISSED);
    }

    /** ENGAGEMENT_DROP: recent engagement fell below the own baseline. */
    public static Pattern<DetectorSignal, ?> engagementDrop() {
        return signal(DetectorSignal.Kind.ENGAGEMENT_BELOW_BASELINE);
    }

    /**
     * HIGH_VALUE_SLOWDOWN: the current gap passed {@code slowdownGapFactor} x own mean gap for a
     * customer whose LTV is at or above {@code ltvThreshold} (the population's top decile, from a
     * quantile sketch).
     */
    public static Pattern<DetectorSignal, ?> highValueSlowdown(double ltvThreshold) {
        return Pattern.<DetectorSignal>begin(FIRST)
                .where(
                        when(
                                s ->
                                        s.kind() == DetectorSignal.Kind.GAP_STRETCHED
                                                && s.value() >= ltvThreshold));
    }

    private static Pattern<DetectorSignal, ?> signal(DetectorSignal.Kind kind) {
        return Pattern.<DetectorSignal>begin(FIRST).where(when(s -> s.kind() == kind));
    }

    // ---- the event patterns as a list, with what each needs ----

    /** Which events a pattern needs to see; everything else can be filtered out before CEP. */
    public interface Relevance extends Serializable {
        boolean test(CustomerEvent e);
    }

    /**
     * One event pattern with the precursor it detects, the events it needs, and its window when it
     * is an absence (then the match time is the opening event + window).
     */
    public record Spec(
            String name,
            ChurnPattern precursor,
            Pattern<CustomerEvent, ?> pattern,
            Relevance relevant,
            Duration absenceWindow,
            boolean sideOutputTimeouts)
            implements Serializable {}

    /** Every event-level pattern, thresholds from {@code config}. */
    public static List<Spec> eventPatterns(DetectorConfig config) {
        Duration spikeWindow = config.supportSpikeWindow();
        return List.of(
                new Spec(
                        "skippedCycle",
                        ChurnPattern.SKIPPED_CYCLE,
                        skippedCycle(),
                        e -> is(e, EventType.CYCLE_SKIPPED),
                        null,
                        false),
                new Spec(
                        "cancelIntent",
                        ChurnPattern.CANCEL_INTENT,
                        cancelIntent(),
                        ChurnPatterns::isCancelRequest,
                        null,
                        false),
                new Spec(
                        "priceComplaintWithoutOrder",
                        ChurnPattern.CANCEL_INTENT,
                        priceComplaintWithoutOrder(config.priceComplaintWindow()),
                        ChurnPatterns::endsPriceComplaint,
                        config.priceComplaintWindow(),
                        false),
                new Spec(
                        "supportSpike",
                        ChurnPattern.SUPPORT_SPIKE,
                        supportSpike(config.supportSpikeContacts(), spikeWindow),
                        e -> is(e, EventType.SUPPORT_CONTACT),
                        null,
                        false),
                new Spec(
                        "negativeSpike",
                        ChurnPattern.SUPPORT_SPIKE,
                        negativeSpike(config.supportSpikeNegatives(), spikeWindow),
                        ChurnPatterns::isNegativeSignal,
                        null,
                        false),
                new Spec(
                        "paymentFailureUnrecovered",
                        ChurnPattern.PAYMENT_FAILURE_UNRECOVERED,
                        paymentFailureUnrecovered(config.paymentRecoveryWindow()),
                        e -> is(e, EventType.PAYMENT_FAILED) || is(e, EventType.PAYMENT_RECOVERED),
                        config.paymentRecoveryWindow(),
                        false),
                new Spec(
                        "dormant",
                        ChurnPattern.DORMANT,
                        dormant(config.dormantAfter()),
                        e -> true,
                        config.dormantAfter(),
                        false),
                new Spec(
                        "downgradeSequence",
                        ChurnPattern.DOWNGRADE_SEQUENCE,
                        downgradeSequence(config.downgradeWindow()),
                        e ->
                                isDowngrade(e)
                                        || is(e, EventType.UNSUBSCRIBED)
                                        || isNegativeContact(e),
                        null,
                        true));
    }
}

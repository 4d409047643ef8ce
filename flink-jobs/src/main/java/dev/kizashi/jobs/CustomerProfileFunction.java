package dev.kizashi.jobs;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.detect.Detection;
import dev.kizashi.detect.PrecursorDetector;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.profile.CustomerValue;
import dev.kizashi.profile.ValuePopulation;
import dev.kizashi.score.ChurnScorer;
import dev.kizashi.score.Score;
import dev.kizashi.step.AlertFactory;
import dev.kizashi.step.AlertPolicy;
import dev.kizashi.step.Segments;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-customer operator: loads the profile, drops duplicates and late events, lets the detector
 * and scorer (plain classes) do the work, emits alerts and material score changes, and keeps
 * exactly one event-time timer at the customer's earliest deadline.
 *
 * <p>Absence deadlines fire when the watermark passes them. A customer's own newer event also
 * proves a deadline passed, so due deadlines are evaluated before that event is applied; without
 * this, a dormant customer's return would erase the dormancy before its timer fired.
 */
public final class CustomerProfileFunction
        extends KeyedProcessFunction<String, CustomerEvent, Alert> implements CheckpointedFunction {
    public static final String ACC_EVENTS = "kizashi.events";
    public static final String ACC_DUPLICATES = "kizashi.duplicates";
    public static final String ACC_LATE = "kizashi.late-events";
    public static final String ACC_ALERTS = "kizashi.alerts";
    public static final String ACC_EXPIRED = "kizashi.expired-customers";
    public static final String ACC_CUSTOMERS = "kizashi.customers";
    public static final String ACC_SUPPRESSED = "kizashi.suppressed-repeats";
    public static final String ACC_RESOLVED = "kizashi.episodes-resolved";
    public static final String ACC_CHURNED = "kizashi.episodes-churned";

    private final PrecursorDetector detector;
    private final ChurnScorer scorer;
    private final AlertFactory alerts;
    private final long[] snapshotTimes;
    private final long valueEpochMs;
    private final int valueMinPopulation;

    private transient ValuePopulation population;
    private transient LongToDoubleFunction highValueAt;
    private transient ListState<byte[]> populationState;
    private final AlertPolicy policy;

    private transient ValueState<CustomerProfile> profileState;
    private transient Counter duplicateCounter;
    private transient Counter lateCounter;
    private transient Counter alertCounter;
    private transient LongCounter eventsAcc;
    private transient LongCounter duplicatesAcc;
    private transient LongCounter lateAcc;
    private transient LongCounter alertsAcc;
    private transient LongCounter expiredAcc;
    private transient LongCounter customersAcc;
    private transient Counter suppressedCounter;
    private transient LongCounter suppressedAcc;
    private transient LongCounter resolvedAcc;
    private transient LongCounter churnedAcc;

    public CustomerProfileFunction(ChurnJobConfig config) {
        this.detector = new PrecursorDetector(config.detector());
        this.scorer = new ChurnScorer(config.scoring());
        this.alerts = new AlertFactory(config.routing());
        this.snapshotTimes = config.snapshotTimes();
        this.valueEpochMs = config.valueEpoch().toMillis();
        this.valueMinPopulation = config.valueMinPopulation();
        this.policy = new AlertPolicy(config.alertCooldown(), config.routing());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        populationState =
                context.getOperatorStateStore()
                        .getUnionListState(JobState.valuePopulationDescriptor());
        List<byte[]> pieces = new ArrayList<>();
        if (context.isRestored()) {
            populationState.get().forEach(pieces::add);
        }
        var task = getRuntimeContext().getTaskInfo();
        population =
                ValuePopulation.restore(
                        valueEpochMs,
                        valueMinPopulation,
                        pieces,
                        task.getIndexOfThisSubtask(),
                        task.getNumberOfParallelSubtasks());
        highValueAt = population::topDecileSpendAt;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        var task = getRuntimeContext().getTaskInfo();
        populationState.update(
                List.of(
                        population.toBytes(
                                task.getIndexOfThisSubtask(), task.getNumberOfParallelSubtasks())));
    }

    @Override
    public void open(OpenContext openContext) {
        openAlertPolicy();
        profileState = getRuntimeContext().getState(JobState.profileDescriptor());
        var metrics = getRuntimeContext().getMetricGroup();
        duplicateCounter = metrics.counter("duplicates");
        lateCounter = metrics.counter("lateEvents");
        alertCounter = metrics.counter("alerts");
        eventsAcc = getRuntimeContext().getLongCounter(ACC_EVENTS);
        duplicatesAcc = getRuntimeContext().getLongCounter(ACC_DUPLICATES);
        lateAcc = getRuntimeContext().getLongCounter(ACC_LATE);
        alertsAcc = getRuntimeContext().getLongCounter(ACC_ALERTS);
        expiredAcc = getRuntimeContext().getLongCounter(ACC_EXPIRED);
        customersAcc = getRuntimeContext().getLongCounter(ACC_CUSTOMERS);
    }

    @Override
    public void processElement(CustomerEvent event, Context ctx, Collector<Alert> out)
            throws Exception {
        if (event.ts() < ctx.timerService().currentWatermark()) {
            lateCounter.inc();
            lateAcc.add(1);
            ctx.output(JobState.LATE_EVENTS, event);
            return;
        }
        CustomerProfile profile = profileState.value();
        if (profile == null) {
            profile = new CustomerProfile();
            customersAcc.add(1);
            // Snapshots before a customer's first event are not theirs to take.
            while (profile.snapshotsDone < snapshotTimes.length
                    && snapshotTimes[profile.snapshotsDone] <= event.ts()) {
                profile.snapshotsDone++;
            }
        }
        var cfg = detector.config();
        long dedupeWindow = cfg.dedupeWindow().toMillis();
        if (profile.seenBefore(
                event.eventId(),
                event.ts(),
                dedupeWindow,
                cfg.dedupeMaxIds(),
                forgetIdsBefore(ctx.timerService().currentWatermark(), dedupeWindow))) {
            duplicateCounter.inc();
            duplicatesAcc.add(1);
            return;
        }
        eventsAcc.add(1);
        String customerId = ctx.getCurrentKey();
        int alertedBefore = profile.alertedPatterns;
        if (!profile.isEmpty()) {
            // As-of instants are exclusive: an event at the snapshot time comes after it.
            emitSnapshots(customerId, profile, event.ts(), ctx);
            emit(customerId, profile, detector.onTime(profile, event.ts() - 1, highValueAt), out);
        }
        List<Detection> detections = detector.onEvent(profile, event, highValueAt);
        population.observe(profile, event.ts());
        Score score = emit(customerId, profile, detections, out);
        closeEpisode(customerId, profile, event, out);
        // Deadlines decided before the event scored the profile without it; only a score taken
        // after the event may stand for the event's time.
        maybeEmitScore(
                customerId,
                profile,
                score,
                event.ts(),
                profile.alertedPatterns != alertedBefore,
                ctx);
        rescheduleTimer(profile, ctx.timerService());
        profileState.update(profile);
    }

    /** Ids remembered before this can match no event that is not late (saturating). */
    static long forgetIdsBefore(long watermark, long dedupeWindow) {
        return watermark < Long.MIN_VALUE + dedupeWindow
                ? Long.MIN_VALUE
                : watermark - dedupeWindow;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        CustomerProfile profile = profileState.value();
        if (profile == null || profile.timerTs != timestamp) {
            return;
        }
        profile.timerTs = 0;
        String customerId = ctx.getCurrentKey();
        emitSnapshots(customerId, profile, timestamp, ctx);
        if (timestamp >= detector.expiryTime(profile)) {
            expiredAcc.add(1);
            profileState.clear();
            return;
        }
        // The end of a bounded input advances the watermark to the end of time: deadlines past
        // the last event are beyond what the data can tell, so nothing is alerted for them.
        // Requested snapshots are still taken; no timer is registered again, since at the end of
        // time it would fire at once, for ever.
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            emitSnapshots(customerId, profile, Long.MAX_VALUE, ctx);
            profileState.update(profile);
            return;
        }
        if (detector.nextDeadline(profile, highValueAt) > timestamp) {
            // Stale: the deadline moved later after this timer was registered (rescheduleTimer
            // leaves an earlier timer in place); nothing is due, so only move it on.
            rescheduleTimer(profile, ctx.timerService());
            profileState.update(profile);
            return;
        }
        int alertedBefore = profile.alertedPatterns;
        Score score =
                emit(customerId, profile, detector.onTime(profile, timestamp, highValueAt), out);
        maybeEmitScore(
                customerId,
                profile,
                score,
                timestamp,
                profile.alertedPatterns != alertedBefore,
                ctx);
        rescheduleTimer(profile, ctx.timerService());
        profileState.update(profile);
    }

    private void openAlertPolicy() {
        var metrics = getRuntimeContext().getMetricGroup();
        suppressedCounter = metrics.counter("suppressedRepeats");
        suppressedAcc = getRuntimeContext().getLongCounter(ACC_SUPPRESSED);
        resolvedAcc = getRuntimeContext().getLongCounter(ACC_RESOLVED);
        churnedAcc = getRuntimeContext().getLongCounter(ACC_CHURNED);
    }

    /**
     * Emits the alerts the policy lets through, one detection at a time (cooldown, escalation,
     * episode); returns the score at the last detection's time, or null.
     */
    private Score emit(
            String customerId,
            CustomerProfile profile,
            List<Detection> detections,
            Collector<Alert> out) {
        Score score = null;
        long now = System.currentTimeMillis();
        for (Detection d : detections) {
            score = scorer.score(profile, d.eventTime());
            Alert alert =
                    alerts.create(
                            customerId,
                            d,
                            score,
                            profile,
                            population.tierOf(profile, d.eventTime()),
                            now);
            alert = policy.onAlert(profile.alertEpisode, alert);
            if (alert == null) {
                suppressedCounter.inc();
                suppressedAcc.add(1);
                continue;
            }
            profile.alertedPatterns |= d.pattern().bit();
            out.collect(alert);
            alertCounter.inc();
            alertsAcc.add(1);
        }
        return score;
    }

    /** The open episode's closing record (RESOLVED or CHURNED) if {@code event} closes it. */
    private void closeEpisode(
            String customerId, CustomerProfile profile, CustomerEvent event, Collector<Alert> out) {
        AlertKind kind = policy.closingKind(profile.alertEpisode, event, profile);
        if (kind == null) {
            return;
        }
        Score s = scorer.score(profile, event.ts());
        out.collect(
                policy.close(
                        profile.alertEpisode,
                        kind,
                        customerId,
                        event,
                        s,
                        profile,
                        population.tierOf(profile, event.ts()),
                        System.currentTimeMillis()));
        (kind == AlertKind.CHURNED ? churnedAcc : resolvedAcc).add(1);
    }

    private void maybeEmitScore(
            String customerId,
            CustomerProfile profile,
            Score score,
            long asOf,
            boolean newPattern,
            KeyedProcessFunction<String, CustomerEvent, Alert>.Context ctx) {
        if (score == null) {
            score = scorer.score(profile, asOf);
        }
        String reasons = score.joinedReasonCodes();
        boolean moved =
                Math.abs(score.probability() - profile.lastEmittedScore)
                        >= scorer.config().materialChange();
        // A newly alerted pattern refreshes the score document, so the dashboards see it at once.
        if (!moved && !newPattern && reasons.equals(profile.lastEmittedReasons)) {
            return;
        }
        profile.lastEmittedScore = score.probability();
        profile.lastEmittedReasons = reasons;
        ctx.output(JobState.SCORES, scoreUpdate(customerId, profile, score, asOf));
    }

    /** Emits the score as of every snapshot time at or before {@code upTo} not yet emitted. */
    private void emitSnapshots(
            String customerId,
            CustomerProfile profile,
            long upTo,
            KeyedProcessFunction<String, CustomerEvent, Alert>.Context ctx) {
        while (profile.snapshotsDone < snapshotTimes.length
                && snapshotTimes[profile.snapshotsDone] <= upTo) {
            long asOf = snapshotTimes[profile.snapshotsDone++];
            Score s = scorer.score(profile, asOf);
            ctx.output(JobState.SNAPSHOTS, scoreUpdate(customerId, profile, s, asOf));
        }
    }

    private ScoreUpdate scoreUpdate(
            String customerId, CustomerProfile profile, Score s, long asOf) {
        double expectedGap = detector.expectedGapDays(profile);
        String tier = population.tierOf(profile, asOf);
        return new ScoreUpdate(
                customerId,
                asOf,
                s.probability(),
                s.reasons(),
                profile.orderDays,
                profile.lastOrderTs,
                expectedGap,
                profile.totalSpend,
                profile.subscribed,
                profile.firstSeenTs,
                Segments.churned(profile, asOf),
                ChurnPattern.namesOf(profile.alertedPatterns),
                Segments.of(profile, asOf, tier),
                tier,
                CustomerValue.ltvEstimate(profile, expectedGap, s.probability()),
                profile.averageOrderValue(),
                CustomerValue.recencyScore(profile, asOf),
                population.frequencyScore(profile, asOf),
                population.monetaryScore(profile, asOf));
    }

    private void rescheduleTimer(
            CustomerProfile profile, org.apache.flink.streaming.api.TimerService timers) {
        long next = detector.nextDeadline(profile, highValueAt);
        if (profile.snapshotsDone < snapshotTimes.length) {
            next = Math.min(next, snapshotTimes[profile.snapshotsDone]);
        }
        if (next == profile.timerTs) {
            return;
        }
        // Most events move the deadline later (activity pushes DORMANT and the retention
        // expiry). An earlier timer stays and is moved when it fires (onTimer): a RocksDB timer
        // delete and insert on every event cost more than the profile update itself.
        if (profile.timerTs != 0 && profile.timerTs < next) {
            return;
        }
        if (profile.timerTs != 0) {
            timers.deleteEventTimeTimer(profile.timerTs);
        }
        profile.timerTs = next == Long.MAX_VALUE ? 0 : next;
        if (profile.timerTs != 0) {
            timers.registerEventTimeTimer(profile.timerTs);
        }
    }
}

package dev.kizashi.jobs;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.OutcomeBook;
import dev.kizashi.pdca.OutcomeTracker;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.profile.ValuePopulation;
import dev.kizashi.step.CustomerStep;
import dev.kizashi.step.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-customer operator. It loads the profile, hands it with the event or the fired timer to
 * {@link CustomerStep} (plain Java, where the detection, scoring and alert policy happen), then
 * stores the profile, moves the one event-time timer and emits what the step produced. It also owns
 * the operator's value population (union list state) and the counters.
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
    public static final String ACC_MUTED = "kizashi.muted-detections";
    public static final String ACC_AFTER_KNOWN_CHURN = "kizashi.detections-after-known-churn";
    public static final String ACC_EPISODES = "kizashi.episodes-opened";
    public static final String ACC_HELD_OUT = "kizashi.episodes-held-out";
    public static final String ACC_OUTCOMES = "kizashi.outcomes";
    public static final String ACC_OUTCOMES_DROPPED = "kizashi.outcomes-dropped";
    public static final String ACC_OUTCOMES_AFTER_END = "kizashi.outcomes-beyond-input";

    private final ChurnJobConfig config;

    private transient ValuePopulation population;
    private transient ListState<byte[]> populationState;
    private transient CustomerStep step;

    private transient ValueState<CustomerProfile> profileState;
    private transient ValueState<OutcomeBook> outcomeState;
    private transient OutcomeTracker tracker;
    private transient LongCounter episodesAcc;
    private transient LongCounter heldOutAcc;
    private transient LongCounter outcomesAcc;
    private transient LongCounter outcomesDroppedAcc;
    private transient LongCounter outcomesAfterEndAcc;
    private transient Counter heldOutCounter;
    private transient Counter duplicateCounter;
    private transient Counter lateCounter;
    private transient Counter alertCounter;
    private transient Counter suppressedCounter;
    private transient LongCounter eventsAcc;
    private transient LongCounter duplicatesAcc;
    private transient LongCounter lateAcc;
    private transient LongCounter alertsAcc;
    private transient LongCounter expiredAcc;
    private transient LongCounter customersAcc;
    private transient LongCounter suppressedAcc;
    private transient LongCounter resolvedAcc;
    private transient LongCounter churnedAcc;
    private transient LongCounter mutedAcc;
    private transient LongCounter afterKnownChurnAcc;

    public CustomerProfileFunction(ChurnJobConfig config) {
        this.config = config;
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
                        config.valueEpoch().toMillis(),
                        config.valueMinPopulation(),
                        pieces,
                        task.getIndexOfThisSubtask(),
                        task.getNumberOfParallelSubtasks());
        step =
                new CustomerStep(
                        config.detector(),
                        config.scoring(),
                        config.routing(),
                        config.alertCooldown(),
                        config.snapshotTimes(),
                        population,
                        System::currentTimeMillis,
                        config.mutedPatterns(),
                        config.alertAfterKnownChurn(),
                        config.control());
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
        profileState = getRuntimeContext().getState(JobState.profileDescriptor());
        outcomeState = getRuntimeContext().getState(JobState.outcomeBookDescriptor());
        tracker = new OutcomeTracker(config.outcomeHorizon());
        var metrics = getRuntimeContext().getMetricGroup();
        duplicateCounter = metrics.counter("duplicates");
        lateCounter = metrics.counter("lateEvents");
        alertCounter = metrics.counter("alerts");
        suppressedCounter = metrics.counter("suppressedRepeats");
        var ctx = getRuntimeContext();
        eventsAcc = ctx.getLongCounter(ACC_EVENTS);
        duplicatesAcc = ctx.getLongCounter(ACC_DUPLICATES);
        lateAcc = ctx.getLongCounter(ACC_LATE);
        alertsAcc = ctx.getLongCounter(ACC_ALERTS);
        expiredAcc = ctx.getLongCounter(ACC_EXPIRED);
        customersAcc = ctx.getLongCounter(ACC_CUSTOMERS);
        suppressedAcc = ctx.getLongCounter(ACC_SUPPRESSED);
        resolvedAcc = ctx.getLongCounter(ACC_RESOLVED);
        churnedAcc = ctx.getLongCounter(ACC_CHURNED);
        mutedAcc = ctx.getLongCounter(ACC_MUTED);
        afterKnownChurnAcc = ctx.getLongCounter(ACC_AFTER_KNOWN_CHURN);
        episodesAcc = ctx.getLongCounter(ACC_EPISODES);
        heldOutAcc = ctx.getLongCounter(ACC_HELD_OUT);
        outcomesAcc = ctx.getLongCounter(ACC_OUTCOMES);
        outcomesDroppedAcc = ctx.getLongCounter(ACC_OUTCOMES_DROPPED);
        outcomesAfterEndAcc = ctx.getLongCounter(ACC_OUTCOMES_AFTER_END);
        heldOutCounter = metrics.counter("heldOutEpisodes");
    }

    @Override
    public void processElement(CustomerEvent event, Context ctx, Collector<Alert> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        boolean late = CustomerStep.isLate(event, watermark);
        if (late) {
            lateCounter.inc();
            lateAcc.add(1);
            ctx.output(JobState.LATE_EVENTS, event);
            if (!step.canApplyLate(event, watermark)) {
                return;
            }
        }
        StepOutcome o =
                late
                        ? step.onLateEvent(
                                ctx.getCurrentKey(), profileState.value(), event, watermark)
                        : step.onEvent(ctx.getCurrentKey(), profileState.value(), event, watermark);
        if (o.newCustomer) {
            customersAcc.add(1);
        }
        if (o.duplicate) {
            duplicateCounter.inc();
            duplicatesAcc.add(1);
            return;
        }
        eventsAcc.add(1);
        // The book is read only when it can change: most events (logins, opens) skip the read.
        OutcomeBook book = null;
        boolean changed = false;
        if (o.applied && (OutcomeTracker.counts(event) || opensAnEpisode(o))) {
            book = outcomeState.value();
            changed = book != null && tracker.onEvent(book, event);
        }
        apply(o, ctx, ctx.timerService(), out);
        watchOutcomes(book, changed, o, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        StepOutcome o =
                step.onTimer(
                        ctx.getCurrentKey(),
                        profileState.value(),
                        timestamp,
                        ctx.timerService().currentWatermark());
        apply(o, ctx, ctx.timerService(), out);
        OutcomeBook book = outcomeState.value();
        boolean changed = false;
        if (book != null && tracker.nextDue(book) <= timestamp) {
            changed = true;
            if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
                // The end of a bounded input: these windows reach past the data, whose outcome
                // is unknown; counted, not guessed.
                outcomesAfterEndAcc.add(book.watches.length);
                book.watches = new dev.kizashi.pdca.EpisodeWatch[0];
            } else {
                CustomerProfile profile = profileState.value();
                for (EpisodeOutcome e :
                        tracker.onTime(
                                book,
                                ctx.getCurrentKey(),
                                timestamp,
                                t -> step.churnKnown(profile, t))) {
                    ctx.output(JobState.OUTCOMES, e);
                    outcomesAcc.add(1);
                }
            }
        }
        watchOutcomes(book, changed, o, ctx.timerService());
    }

    private static boolean opensAnEpisode(StepOutcome o) {
        for (Alert a : o.alerts) {
            if (a.opensEpisode()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts watching the episodes the step's records opened, stores or clears the book and keeps a
     * timer at its next due time (registered again after the step's timer moves, which could have
     * deleted a timer at the same instant).
     */
    private void watchOutcomes(
            OutcomeBook book, boolean changed, StepOutcome o, TimerService timers)
            throws Exception {
        for (Alert a : o.alerts) {
            if (!a.opensEpisode()) {
                continue;
            }
            episodesAcc.add(1);
            if (a.holdout()) {
                heldOutAcc.add(1);
                heldOutCounter.inc();
            }
            if (book == null) {
                book = new OutcomeBook();
            }
            outcomesDroppedAcc.add(tracker.onRecord(book, a));
            changed = true;
        }
        if (book == null) {
            return;
        }
        if (book.isEmpty()) {
            outcomeState.clear();
            return;
        }
        long due = tracker.nextDue(book);
        if (changed) {
            outcomeState.update(book);
        }
        if (changed || o.deleteTimer == due) {
            timers.registerEventTimeTimer(due);
        }
    }

    /** Emits the outcome, moves the timer, stores or clears the profile, counts. */
    private void apply(
            StepOutcome o,
            KeyedProcessFunction<String, CustomerEvent, Alert>.Context ctx,
            TimerService timers,
            Collector<Alert> out)
            throws Exception {
        for (ScoreUpdate s : o.snapshots) {
            ctx.output(JobState.SNAPSHOTS, s);
        }
        for (Alert a : o.alerts) {
            out.collect(a);
        }
        for (ScoreUpdate s : o.scores) {
            ctx.output(JobState.SCORES, s);
        }
        if (o.alertsRaised > 0) {
            alertCounter.inc(o.alertsRaised);
            alertsAcc.add(o.alertsRaised);
        }
        if (o.suppressed > 0) {
            suppressedCounter.inc(o.suppressed);
            suppressedAcc.add(o.suppressed);
        }
        if (o.resolved > 0) {
            resolvedAcc.add(o.resolved);
        }
        if (o.churned > 0) {
            churnedAcc.add(o.churned);
        }
        if (o.muted > 0) {
            mutedAcc.add(o.muted);
        }
        if (o.afterKnownChurn > 0) {
            afterKnownChurnAcc.add(o.afterKnownChurn);
        }
        if (o.deleteTimer != 0) {
            timers.deleteEventTimeTimer(o.deleteTimer);
        }
        if (o.registerTimer != 0) {
            timers.registerEventTimeTimer(o.registerTimer);
        }
        switch (o.store) {
            case UPDATE -> profileState.update(step.profile());
            case CLEAR -> {
                expiredAcc.add(1);
                profileState.clear();
            }
            case KEEP -> {}
        }
    }
}

package dev.kizashi.step;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.detect.Detection;
import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.detect.PrecursorDetector;
import dev.kizashi.detect.PrecursorEvents;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.pdca.ControlGroup;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.profile.CustomerValue;
import dev.kizashi.profile.ValuePopulation;
import dev.kizashi.score.ChurnScorer;
import dev.kizashi.score.Score;
import dev.kizashi.score.ScoringConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.LongToDoubleFunction;

/**
 * One customer's step: the profile and an event (or a due deadline) at a watermark -> alerts, score
 * documents, episode closings and the next deadline, collected in a {@link StepOutcome}. The keyed
 * Flink function only loads and stores the profile, moves the timer and emits the outcome.
 *
 * <p>Absence deadlines fire when the watermark passes them. A customer's own newer event also
 * proves a deadline passed, so due deadlines are evaluated before that event is applied; without
 * this, a dormant customer's return would erase the dormancy before its timer fired.
 */
public final class CustomerStep {
    private final PrecursorDetector detector;
    private final ChurnScorer scorer;
    private final AlertFactory alerts;
    private final AlertPolicy policy;
    private final long[] snapshotTimes;
    private final ValuePopulation population;
    private final LongToDoubleFunction highValueAt;
    private final LongSupplier clock;
    private final Set<ChurnPattern> muted;
    private final boolean alertAfterKnownChurn;
    private final double[] minScore = new double[ChurnPattern.values().length];
    private final double riskThreshold;
    private final RiskGate gate;
    private final StepOutcome out = new StepOutcome();

    /**
     * @param population the operator instance's value population (ranks, tiers), updated here
     * @param clock processing time, stamped on alerts
     * @param muted patterns whose detections raise no alert (no signal in this business)
     * @param alertAfterKnownChurn whether a customer whose churn is already known ({@link
     *     PrecursorDetector#churnKnown}) is still alerted
     */
    public CustomerStep(
            DetectorConfig detector,
            ScoringConfig scoring,
            RoutingTable routing,
            Duration alertCooldown,
            long[] snapshotTimes,
            ValuePopulation population,
            LongSupplier clock,
            Set<ChurnPattern> muted,
            boolean alertAfterKnownChurn) {
        this(
                detector,
                scoring,
                routing,
                alertCooldown,
                snapshotTimes,
                population,
                clock,
                muted,
                alertAfterKnownChurn,
                ControlGroup.NONE);
    }

    /**
     * @param control decides which episodes are held out (no channel; measured)
     */
    public CustomerStep(
            DetectorConfig detector,
            ScoringConfig scoring,
            RoutingTable routing,
            Duration alertCooldown,
            long[] snapshotTimes,
            ValuePopulation population,
            LongSupplier clock,
            Set<ChurnPattern> muted,
            boolean alertAfterKnownChurn,
            ControlGroup control) {
        this.detector = new PrecursorDetector(detector);
        this.scorer = new ChurnScorer(scoring);
        this.alerts = new AlertFactory(routing);
        this.policy = new AlertPolicy(alertCooldown, routing, control);
        this.snapshotTimes = snapshotTimes;
        this.population = population;
        this.highValueAt = population::topDecileSpendAt;
        this.clock = clock;
        this.muted = muted.isEmpty() ? EnumSet.noneOf(ChurnPattern.class) : EnumSet.copyOf(muted);
        this.alertAfterKnownChurn = alertAfterKnownChurn;
        if (scoring.model() != null) {
            scoring.model()
                    .alertThresholds()
                    .forEach((name, min) -> minScore[ChurnPattern.valueOf(name).ordinal()] = min);
        }
        // With a learned risk threshold the patterns are evidence: every alert needs the risk.
        riskThreshold = minScore[ChurnPattern.HIGH_RISK.ordinal()];
        this.gate = RiskGate.of(scoring.model(), riskThreshold, routing);
        for (int i = 0; i < minScore.length; i++) {
            minScore[i] = Math.max(minScore[i], riskThreshold);
        }
    }

    /**
     * Whether the customer's churn is known at {@code t} (cancelled, a missed delivery, a buyer
     * past due): the outcome of an episode with no cancellation in its window. No profile: the job
     * no longer keeps the customer, long inactive, so yes.
     */
    public boolean churnKnown(CustomerProfile profile, long t) {
        return profile == null || detector.churnKnown(profile, t);
    }

    /** An event older than the watermark is late: kept aside, never applied. */
    public static boolean isLate(CustomerEvent event, long watermark) {
        return event.ts() < watermark;
    }

    /**
     * Applies an event that is not late.
     *
     * @param profile the stored profile, or null for a customer not seen before
     * @return the outcome (reused by the next call); its profile to store is {@link #profile}
     */
    public StepOutcome onEvent(
            String customerId, CustomerProfile profile, CustomerEvent event, long watermark) {
        profile = accept(profile, event, watermark);
        if (profile == null || isBusinessAction(event)) {
            return out;
        }
        int alertedBefore = profile.alertedPatterns;
        if (!profile.isEmpty()) {
            // As-of instants are exclusive: an event at the snapshot time comes after it.
            takeSnapshots(customerId, profile, event.ts());
            raise(customerId, profile, detector.onTime(profile, event.ts() - 1, highValueAt));
        }
        List<Detection> detections =
                withRiskCheck(detector.onEvent(profile, event, highValueAt), event);
        population.observe(profile, event.ts());
        Score score = raise(customerId, profile, detections);
        closeEpisode(customerId, profile, event);
        // Deadlines decided before the event scored the profile without it; only a score taken
        // after the event may stand for the event's time.
        scoreIfChanged(
                customerId, profile, score, event.ts(), profile.alertedPatterns != alertedBefore);
        reschedule(profile);
        out.store = StepOutcome.Store.UPDATE;
        return out;
    }

    /**
     * Whether a late event is still applied: no later than the deduplication window behind the
     * watermark, where a repeat of it would still be recognised.
     */
    public boolean canApplyLate(CustomerEvent event, long watermark) {
        return event.ts()
                >= forgetIdsBefore(watermark, detector.config().dedupeWindow().toMillis());
    }

    /**
     * Applies a late event ({@link #isLate}, {@link #canApplyLate}) to the profile's counts and
     * recency only: the deadlines it would have moved are past, so it detects nothing and raises no
     * alert; the next deadline is moved as the new counts say.
     */
    public StepOutcome onLateEvent(
            String customerId, CustomerProfile profile, CustomerEvent event, long watermark) {
        profile = accept(profile, event, watermark);
        if (profile == null || isBusinessAction(event)) {
            return out;
        }
        profile.apply(event, detector.config().supportSpikeWindow().toMillis());
        reschedule(profile);
        out.store = StepOutcome.Store.UPDATE;
        return out;
    }

    /**
     * Starts an outcome for {@code event}: the stored profile or a new one, then deduplication; the
     * profile to apply the event to, or null for a duplicate.
     */
    private CustomerProfile accept(CustomerProfile stored, CustomerEvent event, long watermark) {
        out.reset();
        CustomerProfile profile = loadOrCreate(stored, event);
        if (isDuplicate(profile, event, watermark)) {
            return null;
        }
        out.applied = true;
        return profile;
    }

    /**
     * A retention action is the business's move, not the customer's: it is deduplicated (a new
     * customer's profile is not kept for it) and feeds the episode's outcome, never the profile or
     * the detection, so a call does not count as the customer being active.
     */
    private boolean isBusinessAction(CustomerEvent event) {
        if (event.type() != EventType.RETENTION_ACTION) {
            return false;
        }
        out.store = out.newCustomer ? StepOutcome.Store.KEEP : StepOutcome.Store.UPDATE;
        return true;
    }

    private CustomerProfile loadOrCreate(CustomerProfile profile, CustomerEvent event) {
        if (profile == null) {
            profile = new CustomerProfile();
            out.newCustomer = true;
            // Snapshots before a customer's first event are not theirs to take.
            while (profile.snapshotsDone < snapshotTimes.length
                    && snapshotTimes[profile.snapshotsDone] <= event.ts()) {
                profile.snapshotsDone++;
            }
        }
        current = profile;
        return profile;
    }

    private boolean isDuplicate(CustomerProfile profile, CustomerEvent event, long watermark) {
        DetectorConfig cfg = detector.config();
        long dedupeWindow = cfg.dedupeWindow().toMillis();
        out.duplicate =
                profile.seenBefore(
                        event.eventId(),
                        event.ts(),
                        dedupeWindow,
                        cfg.dedupeMaxIds(),
                        forgetIdsBefore(watermark, dedupeWindow));
        return out.duplicate;
    }

    /** The profile the last {@link #onEvent} worked on (a new one for a new customer). */
    public CustomerProfile profile() {
        return current;
    }

    private CustomerProfile current;

    /**
     * A timer fired at {@code timestamp}: due deadlines, snapshots and the retention expiry.
     *
     * @param profile the stored profile, or null
     */
    public StepOutcome onTimer(
            String customerId, CustomerProfile profile, long timestamp, long watermark) {
        out.reset();
        current = profile;
        if (profile == null || profile.timerTs != timestamp) {
            return out;
        }
        profile.timerTs = 0;
        out.store = StepOutcome.Store.UPDATE;
        takeSnapshots(customerId, profile, timestamp);
        if (timestamp >= detector.expiryTime(profile)) {
            out.store = StepOutcome.Store.CLEAR;
            return out;
        }
        // The end of a bounded input advances the watermark to the end of time: deadlines past
        // the last event are beyond what the data can tell, so nothing is alerted for them.
        // Requested snapshots are still taken; no timer is registered again, since at the end of
        // time it would fire at once, for ever.
        if (watermark == Long.MAX_VALUE) {
            takeSnapshots(customerId, profile, Long.MAX_VALUE);
            return out;
        }
        if (detector.nextDeadline(profile, highValueAt) > timestamp) {
            // Stale: the deadline moved later after this timer was registered (reschedule leaves
            // an earlier timer in place); nothing is due, so only move it on.
            reschedule(profile);
            return out;
        }
        int alertedBefore = profile.alertedPatterns;
        Score score = raise(customerId, profile, detector.onTime(profile, timestamp, highValueAt));
        scoreIfChanged(
                customerId, profile, score, timestamp, profile.alertedPatterns != alertedBefore);
        reschedule(profile);
        return out;
    }

    /**
     * A single precursor event that completed no pattern is put to the model: it alerts as {@link
     * ChurnPattern#HIGH_RISK} when the risk after it reaches the learned threshold.
     */
    private List<Detection> withRiskCheck(List<Detection> detections, CustomerEvent event) {
        if (riskThreshold <= 0 || !PrecursorEvents.isPrecursor(event)) {
            return detections;
        }
        for (Detection d : detections) {
            if (!muted.contains(d.pattern())) {
                return detections; // the pattern names it; the risk decides it
            }
        }
        List<Detection> out = new ArrayList<>(detections);
        out.add(
                new Detection(
                        ChurnPattern.HIGH_RISK,
                        event.ts(),
                        List.of(event.eventId()),
                        event.type().wireName()));
        return out;
    }

    private static boolean revealsTheStop(ChurnPattern p) {
        return p == ChurnPattern.SKIPPED_CYCLE
                || p == ChurnPattern.OVERDUE_ORDER
                || p == ChurnPattern.HIGH_VALUE_SLOWDOWN;
    }

    /** Ids remembered before this can match no event that is not late (saturating). */
    public static long forgetIdsBefore(long watermark, long dedupeWindow) {
        return watermark < Long.MIN_VALUE + dedupeWindow
                ? Long.MIN_VALUE
                : watermark - dedupeWindow;
    }

    /**
     * Raises the alerts the policy lets through, one detection at a time (cooldown, escalation,
     * episode); returns the score at the last detection's time, or null.
     */
    private Score raise(String customerId, CustomerProfile profile, List<Detection> detections) {
        Score score = null;
        long now = detections.isEmpty() ? 0 : clock.getAsLong();
        for (Detection d : detections) {
            if (muted.contains(d.pattern())) {
                out.muted++;
                continue;
            }
            // The missed delivery or the overdue order is itself the news of the stop; what
            // follows it is not.
            if (!alertAfterKnownChurn
                    && !revealsTheStop(d.pattern())
                    && detector.churnKnown(profile, d.eventTime())) {
                out.afterKnownChurn++;
                continue;
            }
            score = scorer.score(profile, d.eventTime());
            // Below the score from which this pattern's alerts were right in the history.
            if (score.probability() < minScore[d.pattern().ordinal()]) {
                out.muted++;
                continue;
            }
            Alert alert =
                    alerts.create(
                            customerId,
                            d,
                            score,
                            profile,
                            population.tierOf(profile, d.eventTime()),
                            now);
            if (gate != null) {
                alert = gate.apply(alert);
            }
            alert = policy.onAlert(profile.alertEpisode, alert);
            if (alert == null) {
                out.suppressed++;
                continue;
            }
            profile.alertedPatterns |= d.pattern().bit();
            out.alerts.add(alert);
            out.alertsRaised++;
        }
        return score;
    }

    /** The open episode's closing record (RESOLVED or CHURNED) if {@code event} closes it. */
    private void closeEpisode(String customerId, CustomerProfile profile, CustomerEvent event) {
        AlertKind kind = policy.closingKind(profile.alertEpisode, event, profile);
        if (kind == null) {
            return;
        }
        Score s = scorer.score(profile, event.ts());
        out.alerts.add(
                policy.close(
                        profile.alertEpisode,
                        kind,
                        customerId,
                        event,
                        s,
                        profile,
                        population.tierOf(profile, event.ts()),
                        clock.getAsLong()));
        if (kind == AlertKind.CHURNED) {
            out.churned++;
        } else {
            out.resolved++;
        }
    }

    private void scoreIfChanged(
            String customerId,
            CustomerProfile profile,
            Score score,
            long asOf,
            boolean newPattern) {
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
        out.scores.add(scoreDocument(customerId, profile, score, asOf));
    }

    /** The score as of every snapshot time at or before {@code upTo} not yet taken. */
    private void takeSnapshots(String customerId, CustomerProfile profile, long upTo) {
        while (profile.snapshotsDone < snapshotTimes.length
                && snapshotTimes[profile.snapshotsDone] <= upTo) {
            long asOf = snapshotTimes[profile.snapshotsDone++];
            Score s = scorer.score(profile, asOf);
            out.snapshots.add(scoreDocument(customerId, profile, s, asOf));
        }
    }

    private ScoreUpdate scoreDocument(
            String customerId, CustomerProfile profile, Score s, long asOf) {
        double expectedGap = detector.expectedGapDays(profile);
        ValuePopulation.Standing standing = population.standingOf(profile, asOf);
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
                Segments.of(profile, asOf, standing.tier()),
                standing.tier(),
                CustomerValue.ltvEstimate(profile, expectedGap, s.probability()),
                profile.averageOrderValue(),
                CustomerValue.recencyScore(profile, asOf),
                standing.frequencyScore(),
                standing.monetaryScore());
    }

    /**
     * Moves the timer to the earliest deadline. Most events move the deadline later (activity
     * pushes DORMANT and the retention expiry). An earlier timer stays and is moved when it fires:
     * a RocksDB timer delete and insert on every event cost more than the profile update itself.
     */
    private void reschedule(CustomerProfile profile) {
        long next = detector.nextDeadline(profile, highValueAt);
        if (profile.snapshotsDone < snapshotTimes.length) {
            next = Math.min(next, snapshotTimes[profile.snapshotsDone]);
        }
        if (next == profile.timerTs) {
            return;
        }
        if (profile.timerTs != 0 && profile.timerTs < next) {
            return;
        }
        if (profile.timerTs != 0) {
            out.deleteTimer = profile.timerTs;
        }
        profile.timerTs = next == Long.MAX_VALUE ? 0 : next;
        out.registerTimer = profile.timerTs;
    }
}

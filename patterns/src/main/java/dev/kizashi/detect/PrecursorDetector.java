package dev.kizashi.detect;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.profile.CustomerProfile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongToDoubleFunction;

/**
 * Detects the nine churn precursors from one customer's profile: events that complete a precursor
 * on arrival, and absences ("no order by the customer's own expected date", "no activity for 30
 * days", "no recovery within 7 days") when event time passes a deadline. Pure logic: the Flink
 * function owns state and the one timer at {@link #nextDeadline}.
 *
 * <p>Every precursor fires once per episode, and everything pending has a deadline that {@link
 * #nextDeadline} covers; after completion or time-out nothing pending remains. Windows are
 * half-open like Flink CEP's {@code within()}: an event at exactly {@code start + W} is too late,
 * so a deadline at or before an event's time is decided before the event is applied. The event-only
 * precursors have a Flink CEP twin in {@code dev.kizashi.cep.ChurnPatterns} that a differential
 * test keeps identical ({@code docs/design-detection.md}).
 *
 * <p>{@code HIGH_VALUE_SLOWDOWN} needs the population's top-decile LTV, which no single profile
 * knows: callers pass it as a function of event time, {@code highValueThresholdAt} (null, as in the
 * overloads without it: nobody is high-value). The slowdown deadline is kept for every customer
 * with a rhythm and the threshold is read at the deadline's own time when it is due, so whether it
 * fires does not depend on what the population looked like when the timer was set. The function may
 * answer NaN for "not known yet" (the population of that time is still incomplete): the decision
 * then waits, with the spend as of the deadline, for a later call.
 */
public final class PrecursorDetector implements Serializable {
    /** No high-value threshold known: nobody is high-value. */
    public static final double NO_HIGH_VALUE = Double.POSITIVE_INFINITY;

    /** A fixed threshold as a function of time; null (nobody is high-value) for +infinity. */
    public static LongToDoubleFunction fixedThreshold(double threshold) {
        return threshold == NO_HIGH_VALUE ? null : t -> threshold;
    }

    private static final double ENGAGEMENT_DECAY_PER_DAY =
            1.0 / CustomerProfile.SHORT_TAU_DAYS - 1.0 / CustomerProfile.LONG_TAU_DAYS;

    private final DetectorConfig config;

    public PrecursorDetector(DetectorConfig config) {
        this.config = config;
    }

    public DetectorConfig config() {
        return config;
    }

    /** {@link #onEvent(CustomerProfile, CustomerEvent, double)} without a high-value threshold. */
    public List<Detection> onEvent(CustomerProfile profile, CustomerEvent event) {
        return onEvent(profile, event, (LongToDoubleFunction) null);
    }

    /** {@link #onEvent(CustomerProfile, CustomerEvent, LongToDoubleFunction)} at a fixed one. */
    public List<Detection> onEvent(
            CustomerProfile profile, CustomerEvent event, double highValueThreshold) {
        return onEvent(profile, event, fixedThreshold(highValueThreshold));
    }

    /**
     * Decides the deadlines at or before the event's time, applies {@code event} to {@code profile}
     * and returns the precursors completed, deadlines first.
     */
    public List<Detection> onEvent(
            CustomerProfile profile,
            CustomerEvent event,
            LongToDoubleFunction highValueThresholdAt) {
        long ts = event.ts();
        List<Detection> out = new ArrayList<>(1);
        if (!profile.isEmpty()) {
            out.addAll(onTime(profile, ts, highValueThresholdAt));
        }
        long window = config.supportSpikeWindow().toMillis();
        profile.apply(event, window);
        switch (event.type()) {
            case SUPPORT_CONTACT ->
                    onSupportContact(profile, (CustomerEvent.SupportContact) event, out);
            case FEEDBACK -> {
                var f = (CustomerEvent.Feedback) event;
                if (isDetractor(f)) {
                    addNegative(profile, ts);
                    Detection spike = spike(profile, f.eventId(), ts, false, true);
                    if (spike != null) {
                        out.add(spike);
                    }
                }
            }
            case CYCLE_SKIPPED -> {
                var c = (CustomerEvent.CycleSkipped) event;
                out.add(
                        new Detection(
                                ChurnPattern.SKIPPED_CYCLE,
                                ts,
                                List.of(c.eventId()),
                                "skipped a delivery of plan " + orUnknown(c.planId())));
            }
            case ORDER, SUBSCRIPTION_CANCELLED -> {
                // An order answers the complaint; a cancellation makes it moot (an alert after
                // the customer has left reaches nobody in time).
                if (profile.priceComplaintTs != 0 && ts >= profile.priceComplaintTs) {
                    profile.priceComplaintTs = 0;
                }
            }
            case PAYMENT_FAILED ->
                    profile.paymentPendingTs = Math.max(profile.paymentPendingTs, ts);
            case PAYMENT_RECOVERED -> {
                if (profile.paymentPendingTs != 0 && ts >= profile.paymentPendingTs) {
                    profile.paymentPendingTs = 0;
                }
            }
            case PLAN_CHANGED -> {
                var p = (CustomerEvent.PlanChanged) event;
                if (p.direction() == PlanDirection.DOWN) {
                    profile.downgradePendingTs = Math.max(profile.downgradePendingTs, ts);
                }
            }
            case UNSUBSCRIBED -> downgradeFollowUp(profile, event, "unsubscribed", out);
            case LOGIN, MESSAGE_OPENED, MESSAGE_CLICKED -> {
                // An engagement event only raises the short/long ratio, so it never completes a
                // drop; it can end an alerted drop episode.
                if (profile.engagementDropAlertedTs != 0
                        && engagementRatio(profile, ts) >= config.engagementDropRatio()) {
                    profile.engagementDropAlertedTs = 0;
                }
            }
            default -> {}
        }
        return out;
    }

    private void onSupportContact(
            CustomerProfile profile, CustomerEvent.SupportContact s, List<Detection> out) {
        long ts = s.ts();
        if (s.category() == SupportCategory.CANCEL_REQUEST) {
            out.add(
                    new Detection(
                            ChurnPattern.CANCEL_INTENT,
                            ts,
                            List.of(s.eventId()),
                            "cancel request via " + orUnknown(s.channel())));
        }
        if (isPriceComplaint(s)) {
            profile.priceComplaintTs = Math.max(profile.priceComplaintTs, ts);
        }
        boolean negative = s.sentiment() == Sentiment.NEGATIVE;
        if (negative) {
            addNegative(profile, ts);
        }
        Detection spike = spike(profile, s.eventId(), ts, true, negative);
        if (spike != null) {
            out.add(spike);
        }
        if (negative) {
            downgradeFollowUp(profile, s, "negative support contact", out);
        }
    }

    /** Either form of SUPPORT_SPIKE completed by the event at {@code ts}, or null. */
    private Detection spike(
            CustomerProfile profile, String eventId, long ts, boolean contact, boolean negative) {
        long window = config.supportSpikeWindow().toMillis();
        int contacts = 0;
        if (contact) {
            long from = Math.max(ts - window, profile.supportSpikeAlertedTs);
            contacts = countIn(profile.supportContactTs, from, ts);
        }
        long negFrom = Math.max(ts - window, profile.negativeSpikeAlertedTs);
        int negatives = countIn(profile.negativeSignalTs, negFrom, ts);
        boolean byCount = contacts >= config.supportSpikeContacts();
        boolean byNegatives = negative && negatives >= config.supportSpikeNegatives();
        if (byCount) {
            profile.supportSpikeAlertedTs = ts;
        }
        if (byNegatives) {
            profile.negativeSpikeAlertedTs = ts;
        }
        if (!byCount && !byNegatives) {
            return null;
        }
        String days = config.supportSpikeWindow().toDays() + " days";
        String detail =
                byCount && byNegatives
                        ? contacts + " support contacts, " + negatives + " negative, in " + days
                        : byCount
                                ? contacts + " support contacts in " + days
                                : negatives + " negative contacts or feedbacks in " + days;
        return new Detection(ChurnPattern.SUPPORT_SPIKE, ts, List.of(eventId), detail);
    }

    private void downgradeFollowUp(
            CustomerProfile profile, CustomerEvent event, String what, List<Detection> out) {
        long ts = event.ts();
        long down = profile.downgradePendingTs;
        if (down != 0 && ts >= down && ts - down < config.downgradeWindow().toMillis()) {
            profile.downgradePendingTs = 0;
            out.add(
                    new Detection(
                            ChurnPattern.DOWNGRADE_SEQUENCE,
                            ts,
                            List.of(event.eventId()),
                            String.format(
                                    Locale.ROOT,
                                    "downgrade followed by %s after %.1f days",
                                    what,
                                    (ts - down) / (double) DAY_MS)));
        }
    }

    /** Remembers a negative signal at {@code ts}: only the newest ones inside the window. */
    private void addNegative(CustomerProfile profile, long ts) {
        long from = ts - config.supportSpikeWindow().toMillis();
        long[] old = profile.negativeSignalTs;
        long[] kept = new long[old.length + 1];
        int n = 0;
        for (long t : old) {
            if (t > from) {
                kept[n++] = t;
            }
        }
        kept[n++] = ts;
        int cap = config.supportSpikeNegatives();
        profile.negativeSignalTs = Arrays.copyOfRange(kept, Math.max(0, n - cap), n);
    }

    private static int countIn(long[] times, long fromExclusive, long toInclusive) {
        int n = 0;
        for (long t : times) {
            if (t > fromExclusive && t <= toInclusive) {
                n++;
            }
        }
        return n;
    }

    /** A support contact about price or billing that is not positive. */
    public static boolean isPriceComplaint(CustomerEvent.SupportContact s) {
        return (s.category() == SupportCategory.PRICE || s.category() == SupportCategory.BILLING)
                && s.sentiment() != Sentiment.POSITIVE;
    }

    /** Feedback with an NPS-style score of 6 or less. */
    public static boolean isDetractor(CustomerEvent.Feedback f) {
        return f.score() != null && f.score() <= 6;
    }

    /** {@link #onTime(CustomerProfile, long, double)} without a high-value threshold. */
    public List<Detection> onTime(CustomerProfile profile, long now) {
        return onTime(profile, now, (LongToDoubleFunction) null);
    }

    /** {@link #onTime(CustomerProfile, long, LongToDoubleFunction)} at a fixed threshold. */
    public List<Detection> onTime(CustomerProfile profile, long now, double highValueThreshold) {
        return onTime(profile, now, fixedThreshold(highValueThreshold));
    }

    /**
     * The deadline precursors due at or before {@code now}; also drops pending items that timed out
     * without completing (a downgrade without follow-up).
     */
    public List<Detection> onTime(
            CustomerProfile profile, long now, LongToDoubleFunction highValueThresholdAt) {
        List<Detection> out = new ArrayList<>(1);
        long overdue = overdueDeadline(profile);
        if (overdue <= now) {
            profile.overdueAlertedForOrderTs = profile.lastOrderTs;
            double ratio = (overdue - profile.lastOrderTs) / (expectedGapDays(profile) * DAY_MS);
            out.add(
                    new Detection(
                            ChurnPattern.OVERDUE_ORDER,
                            overdue,
                            List.of(),
                            String.format(
                                    Locale.ROOT,
                                    "no order for %.0f days; own rhythm %.1f ± %.1f days (%.1fx)",
                                    (overdue - profile.lastOrderTs) / (double) DAY_MS,
                                    expectedGapDays(profile),
                                    profile.gapStdDays(),
                                    ratio)));
        }
        long missed = missedCycleDeadline(profile);
        if (missed <= now) {
            profile.missedCycleAlertedForTs = cycleAnchor(profile);
            out.add(
                    new Detection(
                            ChurnPattern.SKIPPED_CYCLE,
                            missed,
                            List.of(),
                            "no cycle order of a "
                                    + profile.cycleDays
                                    + "-day plan within "
                                    + config.missedCycleGrace().toDays()
                                    + " days of its due date"));
        }
        long dormant = dormantDeadline(profile);
        if (dormant <= now) {
            profile.dormantAlertedForActivityTs = profile.lastActivityTs;
            out.add(
                    new Detection(
                            ChurnPattern.DORMANT,
                            dormant,
                            List.of(),
                            "no activity for " + config.dormantAfter().toDays() + " days"));
        }
        long payment = paymentDeadline(profile);
        if (payment <= now) {
            profile.paymentAlertedForFailureTs = profile.paymentPendingTs;
            profile.paymentPendingTs = 0;
            out.add(
                    new Detection(
                            ChurnPattern.PAYMENT_FAILURE_UNRECOVERED,
                            payment,
                            List.of(),
                            "payment failed and not recovered within "
                                    + config.paymentRecoveryWindow().toDays()
                                    + " days"));
        }
        long complaint = priceComplaintDeadline(profile);
        if (complaint <= now) {
            profile.priceComplaintTs = 0;
            out.add(
                    new Detection(
                            ChurnPattern.CANCEL_INTENT,
                            complaint,
                            List.of(),
                            "price or billing complaint without an order for "
                                    + config.priceComplaintWindow().toDays()
                                    + " days"));
        }
        long engagement = engagementDropDeadline(profile);
        if (engagement <= now) {
            profile.engagementDropAlertedTs = engagement;
            out.add(
                    new Detection(
                            ChurnPattern.ENGAGEMENT_DROP,
                            engagement,
                            List.of(),
                            String.format(
                                    Locale.ROOT,
                                    "engagement %.2f/day, below %.0f%% of own baseline %.2f/day",
                                    profile.engagementRateShort(engagement),
                                    100 * config.engagementDropRatio(),
                                    profile.engagementRateLong(engagement))));
        }
        long slowdown = slowdownDeadline(profile, highValueThresholdAt);
        if (slowdown <= now) {
            // Decided for this gap either way, against the population as of the deadline.
            profile.slowdownAlertedForOrderTs = profile.lastOrderTs;
            double threshold = highValueThresholdAt.applyAsDouble(slowdown);
            if (profile.totalSpend >= threshold) {
                out.add(
                        new Detection(
                                ChurnPattern.HIGH_VALUE_SLOWDOWN,
                                slowdown,
                                List.of(),
                                String.format(
                                        Locale.ROOT,
                                        "LTV %.0f (top-decile threshold %.0f); no order for %.1fx"
                                                + " own mean gap of %.1f days",
                                        profile.totalSpend,
                                        threshold,
                                        config.slowdownGapFactor(),
                                        profile.gapMeanDays)));
            }
        }
        if (downgradeExpiry(profile) <= now) {
            profile.downgradePendingTs = 0; // timed out: no follow-up, nothing to alert
        }
        // Several deadlines can pass at once (a watermark jump, the customer's own late return):
        // decide them in event-time order, as separate timers would, so the alert policy sees the
        // same sequence however the watermark advanced.
        out.sort(Comparator.comparingLong(Detection::eventTime));
        return out;
    }

    /** {@link #nextDeadline(CustomerProfile, double)} without a high-value threshold. */
    public long nextDeadline(CustomerProfile profile) {
        return nextDeadline(profile, (LongToDoubleFunction) null);
    }

    /**
     * The earliest event time at which something is due for this customer (Long.MAX_VALUE: none).
     */
    public long nextDeadline(CustomerProfile profile, LongToDoubleFunction highValueThresholdAt) {
        long next = expiryTime(profile);
        next = Math.min(next, overdueDeadline(profile));
        next = Math.min(next, missedCycleDeadline(profile));
        next = Math.min(next, dormantDeadline(profile));
        next = Math.min(next, paymentDeadline(profile));
        next = Math.min(next, priceComplaintDeadline(profile));
        next = Math.min(next, engagementDropDeadline(profile));
        next = Math.min(next, slowdownDeadline(profile, highValueThresholdAt));
        next = Math.min(next, downgradeExpiry(profile));
        return next;
    }

    /** Whether nothing is pending: only dormancy and retention can still be due. */
    public boolean nothingPending(
            CustomerProfile profile, LongToDoubleFunction highValueThresholdAt) {
        return overdueDeadline(profile) == Long.MAX_VALUE
                && missedCycleDeadline(profile) == Long.MAX_VALUE
                && paymentDeadline(profile) == Long.MAX_VALUE
                && priceComplaintDeadline(profile) == Long.MAX_VALUE
                && engagementDropDeadline(profile) == Long.MAX_VALUE
                && slowdownDeadline(profile, highValueThresholdAt) == Long.MAX_VALUE
                && downgradeExpiry(profile) == Long.MAX_VALUE;
    }

    /** When this customer's state is deleted for inactivity. */
    /**
     * Whether the customer's churn is already known at {@code t}: they cancelled, or, as a cycle
     * subscriber, the delivery due one cycle after the last (plus the grace) did not come. Any
     * further alert would come after the churn: a win-back, not a retention call.
     */
    public boolean churnKnown(CustomerProfile profile, long t) {
        if (profile.cancelled && profile.cancelledTs <= t) {
            return true;
        }
        if (!cycleSubscriber(profile)) {
            return !profile.subscribed && buyerPastDue(profile, t);
        }
        long anchor = cycleAnchor(profile);
        return anchor != 0
                && t >= anchor + profile.cycleDays * DAY_MS + config.missedCycleGrace().toMillis();
    }

    /**
     * A buyer without a subscription whose next order, by the own rhythm, was due before {@code t}
     * and did not come: if the customer is lost, the loss happened at that due date, so what
     * follows is a win-back, not a retention call.
     */
    private boolean buyerPastDue(CustomerProfile profile, long t) {
        double gap = profile.gapCount > 0 ? profile.gapMeanDays : Double.NaN;
        return profile.lastOrderTs > 0
                && !Double.isNaN(gap)
                && t >= profile.lastOrderTs + (long) (gap * DAY_MS);
    }

    public long expiryTime(CustomerProfile profile) {
        return profile.lastActivityTs + config.retention().toMillis();
    }

    /** The customer's own expected gap between orders, in days; NaN when there is no rhythm yet. */
    public double expectedGapDays(CustomerProfile profile) {
        if (profile.gapCount >= config.overdueMinOrders() - 1 && profile.gapCount > 0) {
            return profile.gapMeanDays;
        }
        if (profile.subscribed && profile.cycleDays > 0) {
            return profile.cycleDays;
        }
        return Double.NaN;
    }

    /** A live subscription with a known cycle: its missed orders are SKIPPED_CYCLE. */
    static boolean cycleSubscriber(CustomerProfile profile) {
        return profile.subscribed && !profile.cancelled && profile.cycleDays > 0;
    }

    /**
     * OVERDUE_ORDER: own mean gap + k x own spread after the last order. Not for a cycle
     * subscriber, whose missed order is a missed cycle (SKIPPED_CYCLE) against the contract's
     * cycle: one episode, one pattern.
     */
    long overdueDeadline(CustomerProfile profile) {
        if (profile.cancelled
                || cycleSubscriber(profile)
                || profile.orderDays == 0
                || profile.overdueAlertedForOrderTs == profile.lastOrderTs) {
            return Long.MAX_VALUE;
        }
        double mean = expectedGapDays(profile);
        if (Double.isNaN(mean)) {
            return Long.MAX_VALUE;
        }
        // A perfectly regular customer still gets a little slack: a tenth of the gap, at least a
        // day.
        double spread = Math.max(profile.gapStdDays(), Math.max(0.1 * mean, 1.0));
        return profile.lastOrderTs + (long) ((mean + config.overdueSpreads() * spread) * DAY_MS);
    }

    /**
     * The newest of last cycle order, subscription start and skip: the next cycle counts from it.
     */
    static long cycleAnchor(CustomerProfile profile) {
        return Math.max(
                profile.lastCycleOrderTs, Math.max(profile.subscribedTs, profile.lastSkipTs));
    }

    long missedCycleDeadline(CustomerProfile profile) {
        if (!cycleSubscriber(profile)) {
            return Long.MAX_VALUE;
        }
        long anchor = cycleAnchor(profile);
        if (anchor == 0 || profile.missedCycleAlertedForTs == anchor) {
            return Long.MAX_VALUE;
        }
        return anchor + profile.cycleDays * DAY_MS + config.missedCycleGrace().toMillis();
    }

    /** DORMANT: no event for N days after the newest one, unless that one is the cancellation. */
    long dormantDeadline(CustomerProfile profile) {
        if ((profile.cancelled && profile.cancelledTs >= profile.lastActivityTs)
                || profile.dormantAlertedForActivityTs == profile.lastActivityTs) {
            return Long.MAX_VALUE;
        }
        return profile.lastActivityTs + config.dormantAfter().toMillis();
    }

    long paymentDeadline(CustomerProfile profile) {
        if (profile.paymentPendingTs == 0) {
            return Long.MAX_VALUE;
        }
        return profile.paymentPendingTs + config.paymentRecoveryWindow().toMillis();
    }

    long priceComplaintDeadline(CustomerProfile profile) {
        if (profile.priceComplaintTs == 0) {
            return Long.MAX_VALUE;
        }
        return profile.priceComplaintTs + config.priceComplaintWindow().toMillis();
    }

    long downgradeExpiry(CustomerProfile profile) {
        if (profile.downgradePendingTs == 0) {
            return Long.MAX_VALUE;
        }
        return profile.downgradePendingTs + config.downgradeWindow().toMillis();
    }

    /** Short-horizon over long-horizon engagement rate at {@code now}; NaN without engagement. */
    static double engagementRatio(CustomerProfile profile, long now) {
        double longRate = profile.engagementRateLong(now);
        return longRate > 0 ? profile.engagementRateShort(now) / longRate : Double.NaN;
    }

    /**
     * ENGAGEMENT_DROP: between engagement events both decayed rates fall and their ratio falls as
     * {@code exp(-t (1/14 - 1/90))}, so the moment it crosses the configured ratio is known in
     * closed form; an engagement event only raises the ratio. Due at the later of that crossing and
     * the end of the minimum history, if the own baseline is still high enough then.
     */
    long engagementDropDeadline(CustomerProfile profile) {
        if (profile.cancelled
                || profile.firstEngagementTs == 0
                || profile.engagementDropAlertedTs != 0
                || profile.engagementLong <= 0) {
            return Long.MAX_VALUE;
        }
        double r0 = engagementRatio(profile, profile.engagementTs);
        double x = config.engagementDropRatio();
        double days = r0 <= x ? 0 : Math.log(r0 / x) / ENGAGEMENT_DECAY_PER_DAY;
        long t = profile.engagementTs + (long) Math.ceil(days * DAY_MS);
        t = Math.max(t, profile.firstEngagementTs + config.engagementMinHistory().toMillis());
        if (profile.engagementRateLong(t) < config.engagementMinBaselinePerDay()) {
            return Long.MAX_VALUE; // the baseline only decays from here: never, until engaged
        }
        return t;
    }

    /**
     * HIGH_VALUE_SLOWDOWN: no order for {@code slowdownGapFactor} x own mean gap, with a rhythm of
     * their own; whether the customer is high-value (total spend at or above the population
     * threshold) is decided when this is due.
     */
    long slowdownDeadline(CustomerProfile profile, LongToDoubleFunction highValueThresholdAt) {
        if (highValueThresholdAt == null
                || profile.cancelled
                || profile.gapCount == 0
                || profile.gapCount < config.overdueMinOrders() - 1
                || profile.slowdownAlertedForOrderTs == profile.lastOrderTs) {
            return Long.MAX_VALUE;
        }
        return profile.lastOrderTs
                + (long) (config.slowdownGapFactor() * profile.gapMeanDays * DAY_MS);
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}

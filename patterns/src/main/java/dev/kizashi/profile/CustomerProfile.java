package dev.kizashi.profile;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventIdHash;
import dev.kizashi.model.SupportCategory;
import java.util.Arrays;

/**
 * Everything the detector keeps about one customer: one compact object, so each event costs one
 * state read and one write. A Flink POJO (public fields, no-arg constructor) with no Flink imports;
 * {@link #apply} is the only place that changes it from events.
 *
 * <p>Keep the class name and package, and the names of the fields that existed then: checkpoints
 * and savepoints written before {@code CustomerProfileSerializer} hold this class's state through
 * Flink's POJO serializer, which recorded the class and field names; restoring them migrates the
 * state to the compact format, and needs those names to match.
 */
public class CustomerProfile {
    public static final long DAY_MS = 86_400_000L;

    /** Event time of the first event seen; 0 for a profile that has seen nothing. */
    public long firstSeenTs;

    /** Event time of the newest event of any type. */
    public long lastActivityTs;

    // Purchase intervals, over distinct order days.
    public int orderDays;
    public long orderEvents;
    public long firstOrderTs;
    public long lastOrderTs;
    public int gapCount;
    public double gapMeanDays;
    public double gapM2;
    public double totalSpend;

    // Subscription.
    public boolean subscribed;
    public int cycleDays;
    public String planId;
    public boolean cancelled;
    public long cancelledTs;
    public int skippedCycles;
    public long lastSkipTs;

    // Service and payment.
    public long[] supportContactTs = new long[0];
    public int cancelRequests;
    public long lastCancelRequestTs;
    public long paymentFailedTs;

    // Engagement (logins, message opens and clicks): exponentially decayed counts with time
    // constants of 14 and 90 days, both as of engagementTs. For a steady rate r per day they tend
    // to 14 r and 90 r, so their per-day ratio compares recent engagement with the own baseline.
    public double engagementShort;
    public double engagementLong;
    public long engagementTs;
    public long firstEngagementTs;
    public int unsubscribedChannels;

    // Service and value signals.
    public int negativeContacts;
    public long lastNegativeContactTs;
    public int lastFeedbackScore = -1;
    public long lastFeedbackTs;
    public int downgrades;
    public long lastDowngradeTs;
    public int paymentFailures;

    // Recently seen event ids (64-bit hashes) for deduplication; a ring buffer.
    public long[] recentIdHashes = new long[0];
    public long[] recentIdTs = new long[0];
    public int recentIdNext;

    // What has been alerted already, so absence alerts fire once per gap.
    public long overdueAlertedForOrderTs;
    public long dormantAlertedForActivityTs;
    public long paymentAlertedForFailureTs;
    public long supportSpikeAlertedTs;

    // Detection state kept by PrecursorDetector. Every pending item has a deadline that
    // PrecursorDetector.nextDeadline covers; 0 means nothing pending.
    /** Event time of the newest subscription_started. */
    public long subscribedTs;

    /** Event time of the newest cycle (subscription) order. */
    public long lastCycleOrderTs;

    /** The cycle anchor a missed cycle was alerted for (once per anchor). */
    public long missedCycleAlertedForTs;

    /** The last order a high-value slowdown was decided for (once per gap). */
    public long slowdownAlertedForOrderTs;

    /** When an engagement drop was alerted; 0 when no drop episode is open. */
    public long engagementDropAlertedTs;

    /** The newest price/billing complaint not yet followed by an order; 0: none pending. */
    public long priceComplaintTs;

    /** The newest payment failure not yet recovered nor alerted; 0: none pending. */
    public long paymentPendingTs;

    /** The newest downgrade still waiting for a follow-up; 0: none pending. */
    public long downgradePendingTs;

    /** Newest negative contacts and detractor feedbacks inside the spike window (fixed cap). */
    public long[] negativeSignalTs = new long[0];

    /** The last negative signal that completed a negative-contact spike. */
    public long negativeSpikeAlertedTs;

    /** How many of the configured score snapshot times have been emitted for this customer. */
    public int snapshotsDone;

    /** The event-time timer currently registered for this customer, or 0. */
    public long timerTs;

    // The last score emitted, to emit only material changes.
    public double lastEmittedScore = -1;
    public String lastEmittedReasons;

    // Value population bookkeeping (ValuePopulation).
    /** The value-population epoch this customer was last counted in, plus one; 0: never. */
    public long valueEpoch;

    /** Every pattern alerted for this customer so far, one bit per ChurnPattern ordinal. */
    public int alertedPatterns;

    /** The alert policy's cooldowns and open episode ({@code AlertPolicy}); fixed size. */
    public dev.kizashi.alert.AlertEpisode alertEpisode = new dev.kizashi.alert.AlertEpisode();

    public boolean isEmpty() {
        return firstSeenTs == 0;
    }

    /**
     * Whether {@code eventId} was seen within {@code windowMs} of {@code ts}; if not, remembers it.
     * Bounded by {@code capacity} ids per customer.
     */
    public boolean seenBefore(String eventId, long ts, long windowMs, int capacity) {
        return seenBefore(eventId, ts, windowMs, capacity, Long.MIN_VALUE);
    }

    /**
     * As {@link #seenBefore(String, long, long, int)}, first forgetting ids remembered at event
     * times before {@code forgetBefore}. The job passes its watermark minus the window: a later
     * event is either late (never deduplicated) or at or after the watermark, so it cannot be
     * within the window of those, and the answers stay the same with most of the ring gone.
     */
    public boolean seenBefore(
            String eventId, long ts, long windowMs, int capacity, long forgetBefore) {
        long hash = EventIdHash.of(eventId);
        int live = 0;
        for (int i = 0; i < recentIdHashes.length; i++) {
            if (recentIdTs[i] < forgetBefore) {
                continue;
            }
            live++;
            if (recentIdHashes[i] == hash && Math.abs(ts - recentIdTs[i]) <= windowMs) {
                return true;
            }
        }
        if (live < recentIdHashes.length) {
            forgetIdsBefore(forgetBefore, live);
        }
        if (recentIdHashes.length < capacity) {
            recentIdHashes = Arrays.copyOf(recentIdHashes, recentIdHashes.length + 1);
            recentIdTs = Arrays.copyOf(recentIdTs, recentIdTs.length + 1);
            recentIdNext = recentIdHashes.length - 1;
        }
        recentIdHashes[recentIdNext] = hash;
        recentIdTs[recentIdNext] = ts;
        recentIdNext = (recentIdNext + 1) % recentIdHashes.length;
        return false;
    }

    /** Keeps the {@code live} ids at or after {@code forgetBefore}, oldest first. */
    private void forgetIdsBefore(long forgetBefore, int live) {
        int n = recentIdHashes.length;
        long[] hashes = new long[live];
        long[] times = new long[live];
        int kept = 0;
        for (int j = 0; j < n; j++) {
            int i = (recentIdNext + j) % n;
            if (recentIdTs[i] >= forgetBefore) {
                hashes[kept] = recentIdHashes[i];
                times[kept++] = recentIdTs[i];
            }
        }
        recentIdHashes = hashes;
        recentIdTs = times;
        // Shorter than full: the next id is appended at the end, and the oldest is at 0.
        recentIdNext = 0;
    }

    /** Applies one event to the running statistics. */
    public void apply(CustomerEvent event, long supportWindowMs) {
        long ts = event.ts();
        if (firstSeenTs == 0) {
            firstSeenTs = ts;
        }
        lastActivityTs = Math.max(lastActivityTs, ts);
        switch (event.type()) {
            case ORDER -> applyOrder((CustomerEvent.Order) event);
            case SUBSCRIPTION_STARTED -> {
                var s = (CustomerEvent.SubscriptionStarted) event;
                subscribed = true;
                cancelled = false;
                planId = s.planId();
                if (s.cycleDays() != null) {
                    cycleDays = s.cycleDays();
                }
                subscribedTs = Math.max(subscribedTs, ts);
            }
            case PLAN_CHANGED -> {
                var p = (CustomerEvent.PlanChanged) event;
                if (p.toPlan() != null) {
                    planId = p.toPlan();
                }
                if (p.direction() == dev.kizashi.model.PlanDirection.DOWN) {
                    downgrades++;
                    lastDowngradeTs = Math.max(lastDowngradeTs, ts);
                }
            }
            case LOGIN, MESSAGE_OPENED, MESSAGE_CLICKED -> engage(ts);
            case UNSUBSCRIBED -> unsubscribedChannels++;
            case FEEDBACK -> {
                var f = (CustomerEvent.Feedback) event;
                if (f.score() != null && ts >= lastFeedbackTs) {
                    lastFeedbackScore = f.score();
                    lastFeedbackTs = ts;
                }
            }
            case CYCLE_SKIPPED -> {
                skippedCycles++;
                lastSkipTs = Math.max(lastSkipTs, ts);
            }
            case SUPPORT_CONTACT -> {
                var s = (CustomerEvent.SupportContact) event;
                supportContactTs = appendWithin(supportContactTs, ts, supportWindowMs);
                if (s.category() == SupportCategory.CANCEL_REQUEST) {
                    cancelRequests++;
                    lastCancelRequestTs = Math.max(lastCancelRequestTs, ts);
                }
                if (s.sentiment() == dev.kizashi.model.Sentiment.NEGATIVE) {
                    negativeContacts++;
                    lastNegativeContactTs = Math.max(lastNegativeContactTs, ts);
                }
            }
            case PAYMENT_FAILED -> {
                paymentFailures++;
                if (paymentFailedTs == 0) {
                    paymentFailedTs = ts;
                }
            }
            case PAYMENT_RECOVERED -> paymentFailedTs = 0;
            case SUBSCRIPTION_CANCELLED -> {
                cancelled = true;
                subscribed = false;
                cancelledTs = ts;
            }
            default -> {
                // Other types only move lastActivityTs.
            }
        }
    }

    private void applyOrder(CustomerEvent.Order o) {
        long ts = o.ts();
        orderEvents++;
        if (Boolean.TRUE.equals(o.subscription()) || (o.subscription() == null && subscribed)) {
            lastCycleOrderTs = Math.max(lastCycleOrderTs, ts);
        }
        if (o.amount() != null) {
            totalSpend += o.amount();
        }
        // A customer who orders again after cancelling has come back.
        if (cancelled && ts > cancelledTs) {
            cancelled = false;
        }
        long day = Math.floorDiv(ts, DAY_MS);
        if (orderDays == 0) {
            orderDays = 1;
            firstOrderTs = ts;
            lastOrderTs = ts;
            return;
        }
        long lastDay = Math.floorDiv(lastOrderTs, DAY_MS);
        if (day == lastDay) {
            lastOrderTs = Math.max(lastOrderTs, ts);
            return;
        }
        if (ts < lastOrderTs) {
            // Out of order within the watermark bound: count it, but gaps stay as they are
            // (an earlier gap cannot be split without the full order history).
            orderDays++;
            firstOrderTs = Math.min(firstOrderTs, ts);
            return;
        }
        double gapDays = (ts - lastOrderTs) / (double) DAY_MS;
        orderDays++;
        gapCount++;
        double delta = gapDays - gapMeanDays;
        gapMeanDays += delta / gapCount;
        gapM2 += delta * (gapDays - gapMeanDays);
        lastOrderTs = ts;
    }

    /** Time constant of the short-horizon engagement count, days. */
    public static final double SHORT_TAU_DAYS = 14.0;

    /** Time constant of the long-horizon engagement count (the own baseline), days. */
    public static final double LONG_TAU_DAYS = 90.0;

    /** At most this many support contact times are kept (the newest), so state stays bounded. */
    public static final int MAX_SUPPORT_CONTACTS = 64;

    private void engage(long ts) {
        if (firstEngagementTs == 0) {
            firstEngagementTs = ts;
            engagementTs = ts;
        }
        if (ts >= engagementTs) {
            decayEngagementTo(ts);
            engagementShort += 1;
            engagementLong += 1;
        } else {
            // Out of order within the bound: add it with the weight it has by now.
            double ageDays = (engagementTs - ts) / (double) DAY_MS;
            engagementShort += Math.exp(-ageDays / SHORT_TAU_DAYS);
            engagementLong += Math.exp(-ageDays / LONG_TAU_DAYS);
        }
    }

    private void decayEngagementTo(long ts) {
        double days = (ts - engagementTs) / (double) DAY_MS;
        engagementShort *= Math.exp(-days / SHORT_TAU_DAYS);
        engagementLong *= Math.exp(-days / LONG_TAU_DAYS);
        engagementTs = ts;
    }

    /** Engagement events per day over roughly the last 14 days, as of {@code now}. */
    public double engagementRateShort(long now) {
        double days = Math.max(0, (now - engagementTs) / (double) DAY_MS);
        return engagementShort * Math.exp(-days / SHORT_TAU_DAYS) / SHORT_TAU_DAYS;
    }

    /** Engagement events per day over roughly the last 90 days: the customer's own baseline. */
    public double engagementRateLong(long now) {
        double days = Math.max(0, (now - engagementTs) / (double) DAY_MS);
        return engagementLong * Math.exp(-days / LONG_TAU_DAYS) / LONG_TAU_DAYS;
    }

    /** Mean order amount over order events; 0 without orders. */
    public double averageOrderValue() {
        return orderEvents == 0 ? 0.0 : totalSpend / orderEvents;
    }

    /** Sample standard deviation of the gaps in days; 0 with fewer than two gaps. */
    public double gapStdDays() {
        return gapCount < 2 ? 0.0 : Math.sqrt(gapM2 / (gapCount - 1));
    }

    /** Support contacts within {@code windowMs} before {@code now}. */
    public int supportContactsSince(long now, long windowMs) {
        int n = 0;
        for (long t : supportContactTs) {
            if (t > now - windowMs && t <= now) {
                n++;
            }
        }
        return n;
    }

    private static long[] appendWithin(long[] times, long ts, long windowMs) {
        long newest = ts;
        for (long t : times) {
            newest = Math.max(newest, t);
        }
        long from = newest - windowMs;
        int kept = 0;
        for (long t : times) {
            if (t > from) {
                kept++;
            }
        }
        int skip = Math.max(0, kept + 1 - MAX_SUPPORT_CONTACTS);
        long[] out = new long[kept + 1 - skip];
        int i = 0;
        for (long t : times) {
            if (t > from) {
                if (skip > 0) {
                    skip--;
                } else {
                    out[i++] = t;
                }
            }
        }
        out[i] = ts;
        return out;
    }
}

package dev.kizashi.pdca;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventIdHash;
import dev.kizashi.model.EventType;
import dev.kizashi.model.Sentiment;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The journey analyses of a subscription (定期) business, one customer at a time: cancellations with
 * their reason and what came before them (解約理由, VOC, ルート分析), the first {@value #MAX_DELIVERY}
 * deliveries (回数別継続率) and returns after a cancellation or a dormant spell (休眠復帰). Pure logic over
 * one customer's {@link JourneyState}; the keyed function stores the state and sets the expiry
 * timer at {@link #expiryTime}.
 *
 * <p>Events are taken in arrival order. It sees raw events, so redeliveries are dropped by a ring
 * of the last {@value #RECENT_IDS} event ids. {@code retention_action} events are the business's
 * move: no touchpoint, no activity. An event that arrives out of order is placed in the path by its
 * time, but a record already emitted is not revised.
 */
public final class JourneyTracker implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Deliveries followed per customer (回数別継続率 up to 12 → 13 is not asked). */
    public static final int MAX_DELIVERY = 12;

    /** Steps of a path. */
    public static final int PATH_STEPS = 5;

    /** Support contacts and feedback remembered for the 30-day counts. */
    public static final int VOC_SLOTS = 8;

    /** Event ids remembered to drop redeliveries. */
    public static final int RECENT_IDS = 16;

    /** Feedback scores up to this are detractors (NPS). */
    public static final int DETRACTOR_MAX = 6;

    public static final long DAY_MS = 86_400_000L;

    /** What "before" means for paths and VOC counts. */
    public static final long WINDOW_MS = 30 * DAY_MS;

    /** A customer without a running subscription is dormant after this long without activity. */
    public static final long DORMANT_MS = 30 * DAY_MS;

    static final byte VOC_SUPPORT = 0;
    static final byte VOC_NEGATIVE_SUPPORT = 1;
    static final byte VOC_FEEDBACK = 2;
    static final byte VOC_DETRACTOR = 3;

    private static final EventType[] TYPES = EventType.values();

    private final long retentionMs;

    /**
     * @param retention a customer without activity this long is forgotten (as the profile is)
     */
    public JourneyTracker(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    /**
     * Applies one event and emits the records it makes (none, one, or a reactivation and a
     * delivery).
     *
     * @return false when the event changed nothing: a redelivery or a retention action
     */
    public boolean onEvent(JourneyState s, CustomerEvent e, Consumer<JourneyRecord> out) {
        if (e.type() == EventType.RETENTION_ACTION || !remember(s, e.eventId())) {
            return false;
        }
        long ts = e.ts();
        if (s.firstSeenTs == 0 || ts < s.firstSeenTs) {
            s.firstSeenTs = ts;
        }
        if (e.type() == EventType.ORDER || e.type() == EventType.SUBSCRIPTION_STARTED) {
            reactivation(s, e, out);
        }
        switch (e.type()) {
            case SUBSCRIPTION_STARTED -> {
                var st = (CustomerEvent.SubscriptionStarted) e;
                s.subscriptionStartTs = ts;
                s.subscribed = true;
                s.planId = st.planId() != null ? st.planId() : s.planId;
                s.cycleDays = st.cycleDays() != null ? st.cycleDays() : s.cycleDays;
            }
            case PLAN_CHANGED -> {
                var p = (CustomerEvent.PlanChanged) e;
                s.planId = p.toPlan() != null ? p.toPlan() : s.planId;
            }
            case CYCLE_SKIPPED -> {
                var c = (CustomerEvent.CycleSkipped) e;
                s.planId = s.planId == null ? c.planId() : s.planId;
            }
            case ORDER -> {
                if (Boolean.TRUE.equals(((CustomerEvent.Order) e).subscription())) {
                    delivery(s, e, out);
                }
            }
            case SUBSCRIPTION_CANCELLED -> {
                var c = (CustomerEvent.SubscriptionCancelled) e;
                out.accept(
                        record(s, e, JourneyKind.CANCELLATION, 0, wire(c), path(s, ts), 0, false));
                s.subscribed = false;
                s.cancelledTs = ts;
                s.reactivated = false;
                s.deliveriesSinceReactivation = 0;
            }
            case SUPPORT_CONTACT -> {
                var c = (CustomerEvent.SupportContact) e;
                boolean negative = c.sentiment() == Sentiment.NEGATIVE;
                addVoc(s, ts, negative ? VOC_NEGATIVE_SUPPORT : VOC_SUPPORT);
            }
            case FEEDBACK -> {
                var f = (CustomerEvent.Feedback) e;
                if (f.score() != null) {
                    addVoc(s, ts, f.score() <= DETRACTOR_MAX ? VOC_DETRACTOR : VOC_FEEDBACK);
                    s.lastFeedbackScore = f.score();
                }
            }
            default -> {}
        }
        addStep(s, ts, (byte) e.type().ordinal());
        s.lastActivityTs = Math.max(s.lastActivityTs, ts);
        return true;
    }

    /** When the customer's state is forgotten: {@code retention} after the last activity. */
    public long expiryTime(JourneyState s) {
        return s.lastActivityTs + retentionMs;
    }

    /** An order or subscription start after a cancellation, or after a dormant spell. */
    private static void reactivation(JourneyState s, CustomerEvent e, Consumer<JourneyRecord> out) {
        if (s.lastActivityTs == 0) {
            return; // a new customer, not a returning one
        }
        boolean afterCancellation = s.cancelledTs != 0;
        long away = e.ts() - s.lastActivityTs;
        // A running subscription's delivery after a quiet month is its rhythm, not a return.
        if (!afterCancellation && (s.subscribed || away < DORMANT_MS)) {
            return;
        }
        long since = afterCancellation ? e.ts() - s.cancelledTs : away;
        int days = (int) Math.max(0, since / DAY_MS);
        out.accept(record(s, e, JourneyKind.REACTIVATION, 0, null, null, days, afterCancellation));
        s.cancelledTs = 0;
        s.reactivated = true;
        s.deliveriesSinceReactivation = 0;
    }

    private void delivery(JourneyState s, CustomerEvent e, Consumer<JourneyRecord> out) {
        s.subscribed = true;
        s.deliveries++;
        if (s.reactivated) {
            s.deliveriesSinceReactivation++;
        }
        int k = s.deliveries;
        if (k <= MAX_DELIVERY) {
            // the path before a renewal, to hold against the path before a cancellation
            String path = k >= 2 ? path(s, e.ts()) : null;
            out.accept(record(s, e, JourneyKind.DELIVERY, k, null, path, 0, false));
        }
    }

    private static JourneyRecord record(
            JourneyState s,
            CustomerEvent e,
            JourneyKind kind,
            int k,
            String reason,
            String path,
            int daysAway,
            boolean afterCancellation) {
        long ts = e.ts();
        long from = ts - WINDOW_MS;
        int support = 0;
        int negative = 0;
        int detractor = 0;
        for (int i = 0; i < s.vocTs.length; i++) {
            if (s.vocTs[i] < from || s.vocTs[i] > ts) {
                continue;
            }
            switch (s.vocKinds[i]) {
                case VOC_SUPPORT -> support++;
                case VOC_NEGATIVE_SUPPORT -> {
                    support++;
                    negative++;
                }
                case VOC_DETRACTOR -> detractor++;
                default -> {}
            }
        }
        long start = s.subscriptionStartTs != 0 ? s.subscriptionStartTs : s.firstSeenTs;
        // the voice of the customer goes with a path: before a cancellation or a renewal
        boolean voc = path != null;
        return new JourneyRecord(
                kind,
                e.customerId(),
                ts,
                e.eventId(),
                s.planId,
                cohort(s.firstSeenTs),
                s.cycleDays,
                (int) Math.max(0, (ts - start) / DAY_MS),
                s.deliveries,
                k,
                reason,
                voc ? support : 0,
                voc ? negative : 0,
                voc ? detractor : 0,
                voc && s.lastFeedbackScore >= 0 ? s.lastFeedbackScore : null,
                path,
                kind == JourneyKind.DELIVERY && s.reactivated,
                kind == JourneyKind.DELIVERY && s.reactivated ? s.deliveriesSinceReactivation : 0,
                daysAway,
                afterCancellation);
    }

    private static String wire(CustomerEvent.SubscriptionCancelled c) {
        return c.reason() == null ? null : c.reason().wire();
    }

    /** "YYYY-MM" of an instant, UTC. */
    public static String cohort(long ts) {
        return Instant.ofEpochMilli(ts).atOffset(ZoneOffset.UTC).toString().substring(0, 7);
    }

    /** The steps of the window before {@code ts}, oldest first, joined by {@code >}. */
    static String path(JourneyState s, long ts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.stepTs.length; i++) {
            if (s.stepTs[i] >= ts - WINDOW_MS && s.stepTs[i] <= ts) {
                if (b.length() > 0) {
                    b.append(JourneyRecord.STEP);
                }
                b.append(TYPES[s.stepTypes[i]].wireName());
            }
        }
        return b.toString();
    }

    /** Adds a step; a run of one type is one step (its time moves to the newest event). */
    private static void addStep(JourneyState s, long ts, byte type) {
        int n = s.stepTs.length;
        if (n > 0 && ts >= s.stepTs[n - 1] && s.stepTypes[n - 1] == type) {
            s.stepTs[n - 1] = ts;
            return;
        }
        int at = insertAt(s.stepTs, ts);
        s.stepTs = insert(s.stepTs, at, ts, PATH_STEPS);
        s.stepTypes = insert(s.stepTypes, at, type, n, PATH_STEPS);
    }

    private static void addVoc(JourneyState s, long ts, byte kind) {
        int n = s.vocTs.length;
        int at = insertAt(s.vocTs, ts);
        s.vocTs = insert(s.vocTs, at, ts, VOC_SLOTS);
        s.vocKinds = insert(s.vocKinds, at, kind, n, VOC_SLOTS);
    }

    /** Where {@code ts} goes in an ascending array: after every entry not later than it. */
    private static int insertAt(long[] times, long ts) {
        int at = times.length;
        while (at > 0 && times[at - 1] > ts) {
            at--;
        }
        return at;
    }

    /** {@code a} with {@code v} inserted at {@code at}, the oldest dropped beyond {@code max}. */
    private static long[] insert(long[] a, int at, long v, int max) {
        long[] b = new long[a.length + 1];
        System.arraycopy(a, 0, b, 0, at);
        b[at] = v;
        System.arraycopy(a, at, b, at + 1, a.length - at);
        return b.length > max ? Arrays.copyOfRange(b, b.length - max, b.length) : b;
    }

    private static byte[] insert(byte[] a, int at, byte v, int n, int max) {
        byte[] b = new byte[n + 1];
        System.arraycopy(a, 0, b, 0, at);
        b[at] = v;
        System.arraycopy(a, at, b, at + 1, n - at);
        return b.length > max ? Arrays.copyOfRange(b, b.length - max, b.length) : b;
    }

    /** Whether the id is new (then it is remembered); null ids are never duplicates. */
    private static boolean remember(JourneyState s, String id) {
        if (id == null) {
            return true;
        }
        long print = EventIdHash.of(id);
        for (long seen : s.recentIds) {
            if (seen == print) {
                return false;
            }
        }
        if (s.recentIds.length < RECENT_IDS) {
            s.recentIds = Arrays.copyOf(s.recentIds, s.recentIds.length + 1);
            s.recentIds[s.recentIds.length - 1] = print;
            return true;
        }
        s.recentIds[s.nextId] = print;
        s.nextId = (s.nextId + 1) % RECENT_IDS;
        return true;
    }
}

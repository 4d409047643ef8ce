package dev.kizashi.generator;

import dev.kizashi.model.CancelReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Everything about one generated customer that is decided up front: segment, value, rhythm,
 * engagement rates, and (for churners) the churn time and the planted precursors. A pure function
 * of (seed, customer index, period), so labels exist without generating events.
 *
 * <p>Times are whole seconds since the start of the period ({@code int}).
 */
final class CustomerPlan {

    static final int NEVER = Integer.MAX_VALUE;
    static final int HOUR = 3600;
    static final int DAY = 86_400;

    // agenda codes (scheduled one-off events)
    static final int A_SUB_STARTED = 1;
    static final int A_SKIP = 2;
    static final int A_SPIKE = 3;
    static final int A_CANCEL_INTENT = 4;
    static final int A_NEG_CONTACT = 5;
    static final int A_RETAINED = 6;
    static final int A_CHANGE0 = 7;
    static final int A_CHANGE1 = 8;
    static final int A_UNSUB = 9;
    static final int A_SEQ_NEG = 10;
    static final int A_CANCELLED = 11;

    // actions on a subscription cycle (by nominal time)
    static final int C_NONE = 0;
    static final int C_SKIP = 1;
    static final int C_FAIL_RECOVER = 2;
    static final int C_FAIL_STOP = 3;

    static final String[] TIERS = {"lite", "std", "premium", "family"};
    private static final double[] MONTHLY = {1980, 3980, 6980, 12800};
    static final String[] MSG_CHANNELS = {"email", "line", "push"};

    /** Monthly value (JPY) from which a customer counts as high value (about the top 10-13%). */
    static final double HIGH_VALUE_MONTHLY = 12_000;

    private static final long[] NO_LONGS = new long[0];

    final int index;
    final String number;
    final String customerId;
    final boolean subscriber;
    final int signup;
    final int end;

    int cycleDays;
    int baseTier;
    double meanGapDays;
    double gapShape;
    double meanAmount;
    boolean highValue;

    double loginRate;
    double openRate;
    double clickProb;
    double appShare;
    double supportRate;
    double feedbackRate;
    double satisfaction;
    double spotRate;
    int channelMask;

    ChurnKind kind = ChurnKind.NONE;
    int churn = NEVER;
    int decayStart = NEVER;
    double floor = 1.0;
    int activeEnd;
    int orderStop;
    int slowdownStart = NEVER;
    int quietStart = NEVER;
    int quietEnd = NEVER;
    int change0 = NEVER;
    int tier0;
    int change1 = NEVER;
    int tier1;
    int unsubAt = NEVER;
    int unsubChannel;
    CancelReason cancelReason;

    long[] cycleActions = NO_LONGS;
    long[] agenda;
    private PrecursorKind[] precursorKinds = new PrecursorKind[0];
    private int[] precursorTimes = new int[0];

    // planning scratch
    private LongList agendaList;
    private LongList actionList;
    private List<PrecursorKind> pk;
    private IntList pt;

    static String number(int index) {
        String s = Integer.toString(index);
        return s.length() >= 6 ? s : "000000".substring(s.length()) + s;
    }

    static String customerId(int index) {
        return "c-" + number(index);
    }

    /** The signup time without drawing the whole plan (same draws as the constructor). */
    static int signupOf(long seed, int index, int end) {
        Rng r = new Rng(Rng.seedFor(seed, index, 1));
        r.nextDouble();
        return drawSignup(r, end);
    }

    private static int drawSignup(Rng r, int end) {
        int s = r.chance(0.4) ? r.nextInt(Math.min(DAY, end)) : (int) (r.nextDouble() * 0.7 * end);
        return Math.min(s, end - 1);
    }

    static double price(int tier, int cycleDays) {
        double f = cycleDays == 14 ? 0.55 : cycleDays == 60 ? 1.9 : 1.0;
        return Math.round(MONTHLY[tier] * f / 10.0) * 10.0;
    }

    static String planId(int tier, int cycleDays) {
        return TIERS[tier] + "-" + cycleDays;
    }

    CustomerPlan(long seed, int index, int end) {
        this.index = index;
        this.number = number(index);
        this.customerId = "c-" + number;
        this.end = end;
        Rng r = new Rng(Rng.seedFor(seed, index, 1));
        subscriber = r.chance(0.7);
        signup = drawSignup(r, end);
        double monthly;
        if (subscriber) {
            double c = r.nextDouble();
            cycleDays = c < 0.2 ? 14 : c < 0.8 ? 30 : 60;
            double t = r.nextDouble();
            baseTier = t < 0.3 ? 0 : t < 0.7 ? 1 : t < 0.9 ? 2 : 3;
            monthly = price(baseTier, cycleDays) * 30.0 / cycleDays;
        } else {
            meanGapDays = clamp(r.logNormal(25, 0.6), 5, 120);
            gapShape = r.uniform(1.5, 4.5);
            meanAmount = Math.round(clamp(r.logNormal(4500, 0.7), 500, 100_000) / 10.0) * 10.0;
            monthly = meanAmount * 30.0 / meanGapDays;
        }
        highValue = monthly >= HIGH_VALUE_MONTHLY;
        loginRate = clamp(r.logNormal(0.35, 0.8), 0.02, 5);
        openRate = clamp(r.logNormal(0.25, 0.8), 0.01, 3);
        clickProb = r.uniform(0.05, 0.4);
        appShare = r.nextDouble();
        channelMask = (r.chance(0.85) ? 1 : 0) | (r.chance(0.55) ? 2 : 0) | (r.chance(0.4) ? 4 : 0);
        if (channelMask == 0) {
            channelMask = 1;
        }
        supportRate = 1.0 / r.uniform(60, 240);
        feedbackRate = 1.0 / r.uniform(45, 120);
        satisfaction = clamp(8.0 + 1.3 * r.normal(), 3, 10);
        spotRate = subscriber && r.chance(0.3) ? 1.0 / r.uniform(30, 90) : 0.0;

        activeEnd = end;
        orderStop = end;
        agendaList = new LongList();
        actionList = new LongList();
        pk = new ArrayList<>(4);
        pt = new IntList();
        if (subscriber) {
            agendaList.add(signup, A_SUB_STARTED);
        }
        int minTenure = (int) Math.max(14.0 * DAY, Math.min(45.0 * DAY, 0.25 * end));
        boolean churner = r.chance(subscriber ? 0.27 : 0.37);
        if (churner && (long) signup + minTenure < end - DAY) {
            planChurn(r, minTenure);
        }
        planNoise(r);
        agenda = agendaList.sorted();
        cycleActions = actionList.size == 0 ? NO_LONGS : actionList.sorted();
        sortPrecursors();
        agendaList = null;
        actionList = null;
        pk = null;
        pt = null;
    }

    boolean churner() {
        return kind != ChurnKind.NONE;
    }

    // ---------------------------------------------------------------- planning

    private void planChurn(Rng r, int minTenure) {
        churn = signup + minTenure + (int) (r.nextDouble() * (end - DAY - signup - minTenure));
        int window = (int) (r.uniform(20, 60) * DAY);
        decayStart = Math.max(churn - window, signup + 7 * DAY);
        floor = r.uniform(0.03, 0.2);
        kind = subscriber && r.chance(0.7) ? ChurnKind.CANCELLED : ChurnKind.SILENT;

        List<PrecursorKind> cand = new ArrayList<>();
        if (subscriber) {
            cand.add(PrecursorKind.SKIPPED_CYCLE);
            cand.add(PrecursorKind.OVERDUE_ORDER);
            cand.add(PrecursorKind.SUPPORT_SPIKE);
            cand.add(PrecursorKind.PAYMENT_FAILURE_UNRECOVERED);
            if (kind == ChurnKind.CANCELLED) {
                cand.add(PrecursorKind.DORMANT);
                cand.add(PrecursorKind.CANCEL_INTENT);
                cand.add(PrecursorKind.CANCEL_INTENT);
            }
            if (baseTier > 0) {
                cand.add(PrecursorKind.DOWNGRADE_SEQUENCE);
            }
        } else {
            cand.add(PrecursorKind.SUPPORT_SPIKE);
        }
        if (highValue) {
            cand.add(PrecursorKind.HIGH_VALUE_SLOWDOWN);
            cand.add(PrecursorKind.HIGH_VALUE_SLOWDOWN);
        }
        EnumSet<PrecursorKind> chosen = EnumSet.noneOf(PrecursorKind.class);
        int n = subscriber ? 1 + r.nextInt(3) : r.nextInt(2) + (highValue ? 1 : 0);
        for (int attempt = 0; attempt < 20 && chosen.size() < n; attempt++) {
            chosen.add(cand.get(r.nextInt(cand.size())));
        }
        if (subscriber
                && kind == ChurnKind.SILENT
                && !chosen.contains(PrecursorKind.PAYMENT_FAILURE_UNRECOVERED)
                && !chosen.contains(PrecursorKind.OVERDUE_ORDER)) {
            chosen.add(
                    r.chance(0.5)
                            ? PrecursorKind.PAYMENT_FAILURE_UNRECOVERED
                            : PrecursorKind.OVERDUE_ORDER);
        }

        activeEnd = churn;
        if (chosen.contains(PrecursorKind.DORMANT)) {
            int silence = (int) (r.uniform(14, 28) * DAY);
            int s = churn - silence;
            if (s - 7 * DAY >= signup + 7 * DAY) {
                decayStart = Math.min(decayStart, s - 7 * DAY);
                activeEnd = s;
                plant(PrecursorKind.DORMANT, s);
            }
        }
        orderStop = activeEnd;
        int span = activeEnd - decayStart;
        plant(PrecursorKind.ENGAGEMENT_DROP, decayStart);
        if (chosen.contains(PrecursorKind.HIGH_VALUE_SLOWDOWN)) {
            slowdownStart = decayStart + (int) (r.nextDouble() * span / 3.0);
            plant(PrecursorKind.HIGH_VALUE_SLOWDOWN, slowdownStart);
        }
        if (subscriber) {
            int[] cycles = nominals();
            int failStop = NEVER;
            if (chosen.contains(PrecursorKind.PAYMENT_FAILURE_UNRECOVERED)) {
                int target = decayStart + (int) (r.uniform(0.1, 0.6) * span);
                for (int i = 1; i < cycles.length; i++) {
                    if (cycles[i] >= target && cycles[i] < activeEnd - DAY) {
                        failStop = cycles[i];
                        break;
                    }
                }
                if (failStop != NEVER) {
                    actionList.add(failStop, C_FAIL_STOP);
                    orderStop = failStop + 1;
                    plant(PrecursorKind.PAYMENT_FAILURE_UNRECOVERED, failStop);
                }
            }
            if (chosen.contains(PrecursorKind.OVERDUE_ORDER) && failStop == NEVER) {
                orderStop = Math.min(orderStop, decayStart + (int) (r.uniform(0.2, 0.6) * span));
            }
            for (int c : cycles) {
                if (c >= orderStop && c < churn && c != failStop) {
                    plant(PrecursorKind.OVERDUE_ORDER, c);
                    break;
                }
            }
            if (chosen.contains(PrecursorKind.SKIPPED_CYCLE)) {
                IntList eligible = new IntList();
                for (int i = 1; i < cycles.length; i++) {
                    if (cycles[i] >= decayStart
                            && cycles[i] < orderStop
                            && cycles[i] < activeEnd
                            && cycles[i] != failStop) {
                        eligible.add(cycles[i]);
                    }
                }
                if (eligible.size > 0) {
                    int skips = eligible.size >= 2 && r.chance(0.5) ? 2 : 1;
                    int first = NEVER;
                    int startAt = r.nextInt(eligible.size - skips + 1);
                    for (int k = 0; k < skips; k++) {
                        int c = eligible.get(startAt + k);
                        actionList.add(c, C_SKIP);
                        int t = Math.max(decayStart, c - (int) (r.uniform(1, 3) * DAY));
                        agendaList.add(t, A_SKIP);
                        first = Math.min(first, t);
                    }
                    plant(PrecursorKind.SKIPPED_CYCLE, first);
                }
            }
        } else {
            orderStop = decayStart + (int) (r.uniform(0.0, 0.6) * span);
            double gap = meanGapDays * (slowdownStart <= orderStop ? 2.2 : 1.0);
            long due = orderStop + (long) (gap * DAY);
            if (due >= churn) {
                // a long own rhythm: orders stop earlier so that the missing order is visible
                orderStop = Math.max(signup + HOUR, churn - (int) ((gap + r.uniform(1, 10)) * DAY));
                due = orderStop + (long) (gap * DAY);
            }
            if (due < churn) {
                plant(PrecursorKind.OVERDUE_ORDER, (int) due);
            }
        }
        if (slowdownStart != NEVER && slowdownStart >= orderStop - 7 * DAY) {
            // orders stop before the slowdown could show: it was not really planted
            int i = pk.indexOf(PrecursorKind.HIGH_VALUE_SLOWDOWN);
            pk.remove(i);
            pt.remove(i);
        }
        if (chosen.contains(PrecursorKind.SUPPORT_SPIKE)) {
            int len = Math.min(14 * DAY, activeEnd - decayStart - HOUR);
            int t0 = decayStart + (int) (r.nextDouble() * (activeEnd - HOUR - len - decayStart));
            int contacts = 3 + r.nextInt(3);
            agendaList.add(t0, A_SPIKE);
            for (int k = 1; k < contacts; k++) {
                agendaList.add(t0 + 60 + (int) (r.nextDouble() * (len - 60)), A_SPIKE);
            }
            plant(PrecursorKind.SUPPORT_SPIKE, t0);
        }
        if (chosen.contains(PrecursorKind.CANCEL_INTENT)) {
            int lo = Math.max(decayStart, activeEnd - 21 * DAY);
            int t = lo + (int) (r.nextDouble() * (activeEnd - 12 * HOUR - lo));
            agendaList.add(t, A_CANCEL_INTENT);
            plant(PrecursorKind.CANCEL_INTENT, t);
        }
        if (chosen.contains(PrecursorKind.DOWNGRADE_SEQUENCE)) {
            int hi = activeEnd - 7 * DAY;
            if (hi <= decayStart) {
                hi = decayStart + (activeEnd - decayStart) / 2;
            }
            int t1 = decayStart + (int) (r.nextDouble() * (hi - decayStart));
            change1 = t1;
            tier1 = baseTier - 1;
            agendaList.add(t1, A_CHANGE1);
            int follow = Math.min(t1 + (int) (r.uniform(1, 6) * DAY), t1 + (activeEnd - t1) / 2);
            if (r.chance(0.5)) {
                unsubAt = follow;
                unsubChannel = pickChannel(r);
                agendaList.add(follow, A_UNSUB);
            } else {
                agendaList.add(follow, A_SEQ_NEG);
            }
            plant(PrecursorKind.DOWNGRADE_SEQUENCE, t1);
        }
        if (kind == ChurnKind.CANCELLED) {
            agendaList.add(churn, A_CANCELLED);
            if (chosen.contains(PrecursorKind.SUPPORT_SPIKE)) {
                cancelReason = r.chance(0.6) ? CancelReason.QUALITY : CancelReason.SUPPORT;
            } else if (chosen.contains(PrecursorKind.DOWNGRADE_SEQUENCE)) {
                cancelReason = CancelReason.PRICE;
            } else {
                double x = r.nextDouble();
                cancelReason =
                        x < 0.5
                                ? CancelReason.USAGE
                                : x < 0.75 ? CancelReason.PRICE : CancelReason.OTHER;
            }
        }
    }

    private void planNoise(Rng r) {
        int noiseEnd = churner() ? decayStart : end;
        double scale = Math.min(1.0, (noiseEnd - signup) / (180.0 * DAY));
        if (noiseEnd - signup < 2 * DAY) {
            return;
        }
        if (subscriber) {
            int[] cycles = nominals();
            if (r.chance(0.35 * scale)) {
                int c = pickFreeCycle(r, cycles, noiseEnd);
                if (c != NEVER) {
                    actionList.add(c, C_SKIP);
                    agendaList.add(c - (int) (r.uniform(1, 3) * DAY), A_SKIP);
                }
            }
            if (r.chance(0.25 * scale)) {
                int c = pickFreeCycle(r, cycles, noiseEnd);
                if (c != NEVER) {
                    actionList.add(c, C_FAIL_RECOVER);
                }
            }
            if (r.chance(0.07 * scale) && change1 == NEVER && noiseEnd - signup > 4 * DAY) {
                boolean up = baseTier < 3 && (baseTier == 0 || r.chance(0.55));
                change0 = at(r, signup + 3 * DAY, noiseEnd);
                tier0 = up ? baseTier + 1 : baseTier - 1;
                agendaList.add(change0, A_CHANGE0);
            }
        }
        if (r.chance(0.3 * scale) && noiseEnd - signup > 12 * DAY) {
            quietStart = at(r, signup + DAY, noiseEnd - 11 * DAY);
            quietEnd = quietStart + (int) (r.uniform(7, 10) * DAY);
        }
        if (r.chance(0.08 * scale) && unsubAt == NEVER) {
            unsubAt = at(r, signup + HOUR, noiseEnd);
            unsubChannel = pickChannel(r);
            agendaList.add(unsubAt, A_UNSUB);
        }
        if (r.chance(0.2 * scale)) {
            agendaList.add(at(r, signup + HOUR, noiseEnd), A_NEG_CONTACT);
        }
        if (!churner() && r.chance(0.03 * scale)) {
            agendaList.add(at(r, signup + DAY, noiseEnd), A_RETAINED);
        }
    }

    private int pickFreeCycle(Rng r, int[] cycles, int before) {
        IntList free = new IntList();
        for (int i = 1; i < cycles.length; i++) {
            int c = cycles[i];
            if (c < before - 12 * HOUR && c < orderStop && cycleAction(c, actionList) == C_NONE) {
                free.add(c);
            }
        }
        return free.size == 0 ? NEVER : free.get(r.nextInt(free.size));
    }

    private int pickChannel(Rng r) {
        int[] chans = new int[3];
        int n = 0;
        for (int c = 0; c < 3; c++) {
            if ((channelMask & (1 << c)) != 0) {
                chans[n++] = c;
            }
        }
        return chans[r.nextInt(n)];
    }

    private void plant(PrecursorKind kind, int time) {
        pk.add(kind);
        pt.add(time);
    }

    private void sortPrecursors() {
        int n = pk.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(pt.get(a), pt.get(b)));
        precursorKinds = new PrecursorKind[n];
        precursorTimes = new int[n];
        for (int i = 0; i < n; i++) {
            precursorKinds[i] = pk.get(order[i]);
            precursorTimes[i] = pt.get(order[i]);
        }
    }

    // ---------------------------------------------------------------- queries used by the stream

    /** All nominal cycle times (first delivery 2 minutes after signup) before the end. */
    int[] nominals() {
        IntList l = new IntList();
        for (int c = signup + 120; c < end; c = nextNominal(c)) {
            l.add(c);
        }
        return l.toArray();
    }

    int nextNominal(int prev) {
        long interval = (long) cycleDays * DAY;
        if (prev >= slowdownStart) {
            interval = Math.round(interval * 1.8);
        }
        long n = prev + interval;
        return n >= NEVER ? NEVER : (int) n;
    }

    int cycleAction(int nominal) {
        return cycleAction(nominal, null);
    }

    private int cycleAction(int nominal, LongList pending) {
        long[] a = pending != null ? pending.data : cycleActions;
        int n = pending != null ? pending.size : cycleActions.length;
        for (int i = 0; i < n; i++) {
            if ((int) (a[i] >>> 8) == nominal) {
                return (int) (a[i] & 0xFF);
            }
        }
        return C_NONE;
    }

    int tierAt(int t) {
        int tier = baseTier;
        if (t >= change0) {
            tier = tier0;
        }
        if (t >= change1) {
            tier = tier1;
        }
        return tier;
    }

    double priceAt(int t) {
        return price(tierAt(t), cycleDays);
    }

    String planIdAt(int t) {
        return planId(tierAt(t), cycleDays);
    }

    /** Engagement multiplier in [0, 1] at time t relative to the customer's own baseline. */
    double factor(int t) {
        if (t >= quietStart && t < quietEnd) {
            return 0.0;
        }
        if (t < decayStart) {
            return 1.0;
        }
        double x = (double) (t - decayStart) / Math.max(1, activeEnd - decayStart);
        if (x >= 1.0) {
            return floor;
        }
        double y = 1.0 - x;
        return floor + (1.0 - floor) * y * y;
    }

    GroundTruth truth(Instant start) {
        List<PlantedPrecursor> list = new ArrayList<>(precursorKinds.length);
        for (int i = 0; i < precursorKinds.length; i++) {
            list.add(new PlantedPrecursor(precursorKinds[i], start.plusSeconds(precursorTimes[i])));
        }
        return new GroundTruth(
                customerId, churner(), churner() ? start.plusSeconds(churn) : null, kind, list);
    }

    private static int at(Rng r, int a, int b) {
        return b <= a ? a : a + (int) (r.nextDouble() * (b - a));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * Growable list of (time, code) packed into longs: time in the high bits, code in the low 8.
     */
    static final class LongList {
        long[] data = new long[4];
        int size;

        void add(int time, int code) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = ((long) time << 8) | code;
        }

        long[] sorted() {
            long[] a = Arrays.copyOf(data, size);
            Arrays.sort(a);
            return a;
        }
    }

    static final class IntList {
        int[] data = new int[8];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int get(int i) {
            return data[i];
        }

        void remove(int i) {
            System.arraycopy(data, i + 1, data, i, size - i - 1);
            size--;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}

package dev.kizashi.generator;

import dev.kizashi.generator.PlanLists.IntList;
import dev.kizashi.generator.PlanLists.LongList;
import dev.kizashi.model.CancelReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything about one generated customer that is decided up front: segment, value, rhythm,
 * engagement rates, and (for churners) the churn time and the planted precursors. A pure function
 * of (seed, customer index, period, world), so labels exist without generating events. Churn is
 * drawn by {@link ChurnPlanner} (decaying) or {@link AbruptChurn} (just stopping), benign noise by
 * {@link LookAlikes}.
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
    static final int A_RESOLVED = 12;

    // actions on a subscription cycle (by nominal time)
    static final int C_NONE = 0;
    static final int C_SKIP = 1;
    static final int C_FAIL_RECOVER = 2;
    static final int C_FAIL_STOP = 3;

    static final String[] TIERS = {"lite", "std", "premium", "family"};
    private static final double[] MONTHLY = {1980, 3980, 6980, 12800};
    private static final int[] CYCLES = {7, 14, 30, 60, 90};
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
    final World world;
    final long seed;

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

    // first delivery: 2 minutes after signup, or when the trial ends
    int firstNominal;
    boolean trial;
    int commitEnd = NEVER;
    // seasonal engagement dips (1.0: this customer does not dip)
    double dipLevel = 1.0;
    // repeat orders drawn from their own Rng so that the plan can replay them
    boolean plannedGaps;
    int pauseFrom = NEVER;
    double pauseFactor = 1.0;
    // look-alike noise is drawn before this time
    int noiseEnd;

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
    LongList agendaList;
    LongList actionList;
    List<PrecursorKind> pk;
    IntList pt;

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
        double f =
                cycleDays == 14
                        ? 0.55
                        : cycleDays == 60
                                ? 1.9
                                : cycleDays == 7 ? 0.3 : cycleDays == 90 ? 2.7 : 1.0;
        return Math.round(MONTHLY[tier] * f / 10.0) * 10.0;
    }

    static String planId(int tier, int cycleDays) {
        return TIERS[tier] + "-" + cycleDays;
    }

    CustomerPlan(long seed, int index, int end, World w) {
        this(seed, index, end, w, false);
    }

    /**
     * @param spared the customer as a retention action left them: the same person (segment, value,
     *     rhythm, engagement) whose churn does not happen
     */
    CustomerPlan(long seed, int index, int end, World w, boolean spared) {
        this.index = index;
        this.number = number(index);
        this.customerId = "c-" + number;
        this.end = end;
        this.world = w;
        this.seed = seed;
        Rng r = new Rng(Rng.seedFor(seed, index, 1));
        subscriber = r.chance(w.subscriberShare());
        signup = drawSignup(r, end);
        double monthly;
        if (subscriber) {
            cycleDays = cycle(w, r.nextDouble());
            double t = r.nextDouble();
            baseTier = t < 0.3 ? 0 : t < 0.7 ? 1 : t < 0.9 ? 2 : 3;
            monthly = price(baseTier, cycleDays) * 30.0 / cycleDays;
        } else {
            meanGapDays = clamp(r.logNormal(w.buyerGapDays(), 0.6), 5, 120);
            gapShape = r.uniform(1.5, 4.5);
            meanAmount = Math.round(clamp(r.logNormal(4500, 0.7), 500, 100_000) / 10.0) * 10.0;
            monthly = meanAmount * 30.0 / meanGapDays;
        }
        highValue = monthly >= HIGH_VALUE_MONTHLY;
        loginRate = clamp(r.logNormal(w.loginsPerDay(), 0.8), 0.02, 5);
        openRate = clamp(r.logNormal(w.opensPerDay(), 0.8), 0.01, 3);
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
        noiseEnd = end;
        firstNominal = signup + 120;
        agendaList = new LongList();
        actionList = new LongList();
        pk = new ArrayList<>(4);
        pt = new IntList();
        // knobs that World.DEFAULT leaves off draw nothing, so its stream stays as it was
        drawWorldTraits(r, w);
        if (subscriber) {
            agendaList.add(signup, A_SUB_STARTED);
        }
        int minTenure = (int) Math.max(14.0 * DAY, Math.min(45.0 * DAY, 0.25 * end));
        if (trial) {
            minTenure = Math.max(minTenure, firstNominal - signup + 7 * DAY);
        }
        boolean churner = r.chance(subscriber ? w.subscriberChurn() : w.buyerChurn());
        boolean fits =
                (long) signup + minTenure < end - DAY
                        && (commitEnd == NEVER || (long) commitEnd + 3 * DAY < end - DAY);
        if (spared) {
            // no churn planned
        } else if (trial && w.trialChurn() > 0 && r.chance(w.trialChurn())) {
            AbruptChurn.trialNotConverted(this, r);
        } else if (churner && fits) {
            ChurnPlanner.plan(this, r, w, minTenure);
        } else if (!subscriber && w.dropoutPerOrder() > 0) {
            AbruptChurn.dropout(this, r, w);
        }
        LookAlikes.plan(this, r, w);
        agenda = agendaList.sorted();
        cycleActions = actionList.size == 0 ? NO_LONGS : actionList.sorted();
        sortPrecursors();
        agendaList = null;
        actionList = null;
        pk = null;
        pt = null;
    }

    /** The plan length for a uniform draw c: the shares in order 7, 14, 30, 60, 90 days. */
    private static int cycle(World w, double c) {
        double[] shares = {w.cycle7(), w.cycle14(), w.cycle30(), w.cycle60(), w.cycle90()};
        int last = shares.length - 1;
        while (last > 0 && shares[last] == 0) {
            last--;
        }
        double cum = 0;
        for (int i = 0; i < last; i++) {
            cum += shares[i];
            if (c < cum) {
                return CYCLES[i];
            }
        }
        return CYCLES[last];
    }

    /** Trials, commitments, seasonal dips and order pauses: drawn only when the world has them. */
    private void drawWorldTraits(Rng r, World w) {
        if (subscriber && w.trialShare() > 0 && r.chance(w.trialShare())) {
            trial = true;
            firstNominal = (int) Math.min(NEVER - 1L, signup + (long) w.trialDays() * DAY);
        }
        if (subscriber && w.commitmentShare() > 0 && r.chance(w.commitmentShare())) {
            commitEnd = (int) Math.min(NEVER - 1L, signup + (long) w.commitmentDays() * DAY);
        }
        if (w.dipShare() > 0 && w.dipEveryDays() > 0 && r.chance(w.dipShare())) {
            dipLevel = w.dipLevel();
        }
        if (!subscriber && w.orderPause() > 0 && r.chance(w.orderPause())) {
            pauseFrom = signup + DAY + (int) (r.nextDouble() * Math.max(0, end - signup - DAY));
            pauseFactor = r.uniform(3, 5);
        }
    }

    boolean churner() {
        return kind != ChurnKind.NONE;
    }

    // ---------------------------------------------------------------- planning

    int pickFreeCycle(Rng r, int[] cycles, int before) {
        IntList free = new IntList();
        for (int i = 1; i < cycles.length; i++) {
            int c = cycles[i];
            if (c < before - 12 * HOUR && c < orderStop && cycleAction(c, actionList) == C_NONE) {
                free.add(c);
            }
        }
        return free.size == 0 ? NEVER : free.get(r.nextInt(free.size));
    }

    int pickChannel(Rng r) {
        int[] chans = new int[3];
        int n = 0;
        for (int c = 0; c < 3; c++) {
            if ((channelMask & (1 << c)) != 0) {
                chans[n++] = c;
            }
        }
        return chans[r.nextInt(n)];
    }

    void plant(PrecursorKind kind, int time) {
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

    /**
     * All nominal cycle times (first delivery 2 minutes after signup, or at the end of a trial)
     * before the end.
     */
    int[] nominals() {
        IntList l = new IntList();
        for (int c = firstNominal; c < end; c = nextNominal(c)) {
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

    int cycleAction(int nominal, LongList pending) {
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
        double season = dips(t) ? dipLevel : 1.0;
        if (t < decayStart) {
            return season;
        }
        double x = (double) (t - decayStart) / Math.max(1, activeEnd - decayStart);
        if (x >= 1.0) {
            return floor * season;
        }
        double y = 1.0 - x;
        return (floor + (1.0 - floor) * y * y) * season;
    }

    /** Whether t is inside one of this customer's seasonal dips. */
    boolean dips(int t) {
        if (dipLevel >= 1.0) {
            return false;
        }
        int every = world.dipEveryDays();
        int d = t / DAY - every / 2;
        return d >= 0 && d % every < world.dipDays();
    }

    /**
     * Seconds from a repeat order at t to the next, drawn from g (the stream's own Rng, or the
     * plan's replayable one): the own gamma-distributed gap, stretched by a slowdown, a seasonal
     * dip, and once by the pause that starts with the first order at or after {@link #pauseFrom}.
     */
    long orderGap(Rng g, int previousOrder, int t) {
        double gapDays =
                g.gamma(gapShape) * meanGapDays / gapShape * (t >= slowdownStart ? 2.2 : 1.0);
        if (t >= pauseFrom && previousOrder < pauseFrom) {
            gapDays *= pauseFactor;
        }
        if (dips(t)) {
            gapDays /= Math.max(0.25, dipLevel);
        }
        return (long) (Math.max(0.5, gapDays) * DAY);
    }

    /** The replayable Rng of the repeat-order gaps (used when {@link #plannedGaps}). */
    Rng gapRng() {
        return new Rng(Rng.seedFor(seed, index, 4));
    }

    /** The plan id announced at the start: trials and minimum terms show in it. */
    String startPlanId() {
        String id = planId(baseTier, cycleDays);
        if (trial) {
            id += "-trial";
        }
        if (commitEnd != NEVER) {
            id += "-c" + world.commitmentDays();
        }
        return id;
    }

    GroundTruth truth(Instant start) {
        List<PlantedPrecursor> list = new ArrayList<>(precursorKinds.length);
        for (int i = 0; i < precursorKinds.length; i++) {
            list.add(new PlantedPrecursor(precursorKinds[i], start.plusSeconds(precursorTimes[i])));
        }
        return new GroundTruth(
                customerId, churner(), churner() ? start.plusSeconds(churn) : null, kind, list);
    }

    static int at(Rng r, int a, int b) {
        return b <= a ? a : a + (int) (r.nextDouble() * (b - a));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}

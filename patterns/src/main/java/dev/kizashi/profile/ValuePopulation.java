package dev.kizashi.profile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.DoubleHistogram;

/**
 * The population's value distribution, so a customer's LTV tier and RFM frequency/monetary scores
 * are ranks among the customers actually seen, not fixed amounts.
 *
 * <p>Each customer with an order is counted once per epoch (a span of event time), with the value
 * it had at its first event in that epoch; tiers use the last complete epoch, so within an epoch
 * thresholds do not move and do not depend on the order in which customers arrive. Until one epoch
 * is complete the running epoch is used once it holds {@code minPopulation} customers.
 *
 * <p>The sketches are log-bucketed histograms (HdrHistogram, three significant digits, so values
 * are ranked to 0.1%): mergeable across parallel instances and, unlike randomised compactors,
 * deterministic, so a replay of the same input gives the same tiers and the same alerts.
 */
public final class ValuePopulation {
    public static final String TIER_TOP_10 = "top10";
    public static final String TIER_TOP_30 = "top30";
    public static final String TIER_MIDDLE = "middle";
    public static final String TIER_LOW = "low";

    /** No order yet, or the population is too small to rank against. */
    public static final String TIER_UNRANKED = "unranked";

    private static final int DIGITS = 3;
    private static final long RANGE = 1L << 40;

    private final long epochMs;
    private final int minPopulation;

    private long epoch = Long.MIN_VALUE;
    private DoubleHistogram spendNow = newHistogram();
    private DoubleHistogram ordersNow = newHistogram();
    private DoubleHistogram spendDone = newHistogram();
    private DoubleHistogram ordersDone = newHistogram();

    // Cut-offs cached per epoch (or per refresh while only the running epoch can be used).
    private double[] tierCuts;
    private double[] spendQuintiles;
    private double[] orderQuintiles;
    private long countAtCuts = -1;

    public ValuePopulation(long epochMs, int minPopulation) {
        if (epochMs <= 0 || minPopulation < 1) {
            throw new IllegalArgumentException("epochMs and minPopulation must be positive");
        }
        this.epochMs = epochMs;
        this.minPopulation = minPopulation;
    }

    /**
     * Counts the customer into the population of the epoch {@code ts} falls in, once per epoch;
     * customers without an order are not part of the value population.
     */
    public void observe(CustomerProfile p, long ts) {
        long e = Math.floorDiv(ts, epochMs);
        if (e > epoch) {
            rotateTo(e);
        }
        if (p.orderDays == 0 || p.valueEpoch == epoch + 1) {
            return;
        }
        // Stored +1 so the profile's default 0 means "never counted".
        p.valueEpoch = epoch + 1;
        spendNow.recordValue(Math.max(0, p.totalSpend));
        ordersNow.recordValue(p.orderDays);
    }

    private void rotateTo(long e) {
        if (epoch != Long.MIN_VALUE && e == epoch + 1) {
            spendDone = spendNow;
            ordersDone = ordersNow;
        } else {
            // A gap of whole epochs with no customer: nothing recent to rank against.
            spendDone = newHistogram();
            ordersDone = newHistogram();
        }
        spendNow = newHistogram();
        ordersNow = newHistogram();
        epoch = e;
        countAtCuts = -1;
    }

    /** The customer's value tier: top 10%, next 20%, next 30%, or the lower 40%. */
    public String tierOf(CustomerProfile p) {
        if (p.orderDays == 0 || !refreshCuts()) {
            return TIER_UNRANKED;
        }
        double v = p.totalSpend;
        if (v >= tierCuts[2]) {
            return TIER_TOP_10;
        }
        if (v >= tierCuts[1]) {
            return TIER_TOP_30;
        }
        return v >= tierCuts[0] ? TIER_MIDDLE : TIER_LOW;
    }

    /**
     * The spend at which the top 10% begins, for HIGH_VALUE_SLOWDOWN; +infinity while the
     * population is too small to say.
     */
    public double topDecileSpend() {
        return refreshCuts() ? tierCuts[2] : Double.POSITIVE_INFINITY;
    }

    /** RFM monetary score 1..5 (quintile of total spend); 0 when unranked. */
    public int monetaryScore(CustomerProfile p) {
        return p.orderDays == 0 || !refreshCuts() ? 0 : quintile(p.totalSpend, spendQuintiles);
    }

    /** RFM frequency score 1..5 (quintile of order days); 0 when unranked. */
    public int frequencyScore(CustomerProfile p) {
        return p.orderDays == 0 || !refreshCuts() ? 0 : quintile(p.orderDays, orderQuintiles);
    }

    /** Customers in the population the cut-offs come from; 0 while too few to rank. */
    public long rankedPopulation() {
        return refreshCuts() ? countAtCuts : 0;
    }

    /**
     * 1 plus the quintile boundaries strictly below {@code v}: ties at a boundary take the lower
     * score, so the many one-order customers of a retail log all score frequency 1.
     */
    private static int quintile(double v, double[] bounds) {
        int s = 1;
        for (double b : bounds) {
            if (v > b) {
                s++;
            }
        }
        return s;
    }

    private boolean refreshCuts() {
        boolean useDone = spendDone.getTotalCount() >= minPopulation;
        DoubleHistogram spend = useDone ? spendDone : spendNow;
        DoubleHistogram orders = useDone ? ordersDone : ordersNow;
        long n = spend.getTotalCount();
        if (n < minPopulation) {
            return false;
        }
        // A complete epoch never changes; the running one is re-read each time it doubles.
        boolean stale = countAtCuts < 0 || (!useDone && n >= 2 * countAtCuts);
        if (stale) {
            tierCuts = lowerBounds(spend, 40, 70, 90);
            spendQuintiles = upperBounds(spend, 20, 40, 60, 80);
            orderQuintiles = upperBounds(orders, 20, 40, 60, 80);
            countAtCuts = n;
        }
        return true;
    }

    /** The lowest value of the bucket holding each percentile: a tier begins there. */
    private static double[] lowerBounds(DoubleHistogram h, double... percentiles) {
        double[] out = new double[percentiles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = h.lowestEquivalentValue(h.getValueAtPercentile(percentiles[i]));
        }
        return out;
    }

    /** The highest value of the bucket holding each percentile: a score rises above it. */
    private static double[] upperBounds(DoubleHistogram h, double... percentiles) {
        double[] out = new double[percentiles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = h.highestEquivalentValue(h.getValueAtPercentile(percentiles[i]));
        }
        return out;
    }

    /** The state to checkpoint: epoch and the four histograms. */
    public byte[] toBytes() {
        DoubleHistogram[] all = {spendNow, ordersNow, spendDone, ordersDone};
        byte[][] encoded = new byte[all.length][];
        int size = Long.BYTES;
        for (int i = 0; i < all.length; i++) {
            encoded[i] = encode(all[i]);
            size += Integer.BYTES + encoded[i].length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putLong(epoch);
        for (byte[] e : encoded) {
            buf.putInt(e.length);
            buf.put(e);
        }
        return buf.array();
    }

    // HdrHistogram's compressed codec assumes a buffer of its own starting at index 0.
    private static byte[] encode(DoubleHistogram h) {
        ByteBuffer own = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(own);
        return Arrays.copyOf(own.array(), n);
    }

    /**
     * Restores from checkpointed pieces: one after a restart, one per former instance after
     * rescaling (each instance saw a share of the customers; their union is the population). Pieces
     * of the newest epoch are added; a piece one epoch behind counts as complete.
     */
    public static ValuePopulation restore(long epochMs, int minPopulation, List<byte[]> pieces) {
        ValuePopulation pop = new ValuePopulation(epochMs, minPopulation);
        long newest = Long.MIN_VALUE;
        for (byte[] b : pieces) {
            newest = Math.max(newest, ByteBuffer.wrap(b).getLong());
        }
        if (newest == Long.MIN_VALUE) {
            return pop;
        }
        pop.epoch = newest;
        for (byte[] b : pieces) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            long e = buf.getLong();
            DoubleHistogram[] h = new DoubleHistogram[4];
            for (int i = 0; i < 4; i++) {
                h[i] = decode(buf);
            }
            if (e == newest) {
                pop.spendNow.add(h[0]);
                pop.ordersNow.add(h[1]);
                pop.spendDone.add(h[2]);
                pop.ordersDone.add(h[3]);
            } else if (e == newest - 1) {
                pop.spendDone.add(h[0]);
                pop.ordersDone.add(h[1]);
            }
        }
        return pop;
    }

    private static DoubleHistogram decode(ByteBuffer buf) {
        byte[] own = new byte[buf.getInt()];
        buf.get(own);
        try {
            return DoubleHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(own), RANGE);
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt value population state", e);
        }
    }

    private static DoubleHistogram newHistogram() {
        return new DoubleHistogram(RANGE, DIGITS);
    }
}

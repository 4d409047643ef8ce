package dev.kizashi.profile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.DoubleHistogram;

/**
 * The population's value distribution, so a customer's LTV tier and RFM frequency/monetary scores
 * are ranks among the customers actually seen, not fixed amounts.
 *
 * <p>Event time is cut into epochs of {@code epochMs}. Each customer with an order is counted once
 * per epoch, in the epoch of its event's own time, with the value it has then. A rank asked for at
 * event time {@code t} uses the epoch that ended at least one whole epoch before {@code t}: by the
 * time any event at or after {@code t} is processed that epoch is complete unless the input is out
 * of event-time order by more than an epoch (e.g. one Kafka partition replayed a month behind the
 * others), so the same input ranks alike in a file replay, a Kafka run and after a restore, on the
 * event path and at timers.
 *
 * <p>The sketches are log-bucketed histograms (HdrHistogram, three significant digits, so values
 * are ranked to 0.1%): mergeable across parallel instances and, unlike randomised compactors,
 * deterministic, so the same input gives the same tiers and the same alerts.
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

    /** Epochs kept: the running one, the margin epoch, and the one ranks use. */
    private static final int KEPT_EPOCHS = 3;

    private final long epochMs;
    private final int minPopulation;
    private final TreeMap<Long, Epoch> epochs = new TreeMap<>();

    /** One epoch's customers: spend and order days, and the cut-offs last read from them. */
    private static final class Epoch {
        final DoubleHistogram spend;
        final DoubleHistogram orders;
        long countAtCuts = -1;
        double[] tierCuts;
        double[] spendQuintiles;
        double[] orderQuintiles;

        Epoch(DoubleHistogram spend, DoubleHistogram orders) {
            this.spend = spend;
            this.orders = orders;
        }

        Epoch() {
            this(newHistogram(), newHistogram());
        }

        /** Cut-offs for the current content; re-read only when the count changed. */
        Epoch cuts() {
            long n = spend.getTotalCount();
            if (n != countAtCuts) {
                tierCuts = lowerBounds(spend, 40, 70, 90);
                spendQuintiles = upperBounds(spend, 20, 40, 60, 80);
                orderQuintiles = upperBounds(orders, 20, 40, 60, 80);
                countAtCuts = n;
            }
            return this;
        }
    }

    public ValuePopulation(long epochMs, int minPopulation) {
        if (epochMs <= 0 || minPopulation < 1) {
            throw new IllegalArgumentException("epochMs and minPopulation must be positive");
        }
        this.epochMs = epochMs;
        this.minPopulation = minPopulation;
    }

    /**
     * Counts the customer into the epoch {@code ts} falls in, once per epoch; customers without an
     * order are not part of the value population.
     */
    public void observe(CustomerProfile p, long ts) {
        long e = Math.floorDiv(ts, epochMs);
        // valueEpoch is stored +1 so the profile's default 0 means "never counted".
        if (p.orderDays == 0 || p.valueEpoch >= e + 1) {
            return;
        }
        Epoch epoch = epochs.get(e);
        if (epoch == null) {
            if (!epochs.isEmpty() && e < epochs.lastKey() - (KEPT_EPOCHS - 1)) {
                return; // older than anything a rank still uses
            }
            epoch = new Epoch();
            epochs.put(e, epoch);
            // keep the newest few, and none so old that no rank can use them
            long oldest = epochs.lastKey() - (KEPT_EPOCHS - 1);
            while (epochs.size() > KEPT_EPOCHS || epochs.firstKey() < oldest) {
                epochs.pollFirstEntry();
            }
        }
        p.valueEpoch = e + 1;
        epoch.spend.recordValue(Math.max(0, p.totalSpend));
        epoch.orders.recordValue(p.orderDays);
    }

    /** The complete epoch ranks at {@code t} use, or null while it is too small. */
    private Epoch rankingAt(long t) {
        Epoch e = epochs.get(Math.floorDiv(t, epochMs) - 2);
        return e == null || e.spend.getTotalCount() < minPopulation ? null : e.cuts();
    }

    /** The customer's value tier at {@code t}: top 10%, next 20%, next 30%, or the lower 40%. */
    public String tierOf(CustomerProfile p, long t) {
        Epoch e = rankingAt(t);
        if (p.orderDays == 0 || e == null) {
            return TIER_UNRANKED;
        }
        return tierOf(p.totalSpend, e);
    }

    private static String tierOf(double v, Epoch e) {
        if (v >= e.tierCuts[2]) {
            return TIER_TOP_10;
        }
        if (v >= e.tierCuts[1]) {
            return TIER_TOP_30;
        }
        return v >= e.tierCuts[0] ? TIER_MIDDLE : TIER_LOW;
    }

    /**
     * The spend at which the top 10% begins at {@code t}, for HIGH_VALUE_SLOWDOWN; +infinity while
     * the population is too small to say.
     */
    public double topDecileSpendAt(long t) {
        Epoch e = rankingAt(t);
        return e == null ? Double.POSITIVE_INFINITY : e.tierCuts[2];
    }

    /** RFM monetary score 1..5 at {@code t} (quintile of total spend); 0 when unranked. */
    public int monetaryScore(CustomerProfile p, long t) {
        Epoch e = rankingAt(t);
        return p.orderDays == 0 || e == null ? 0 : quintile(p.totalSpend, e.spendQuintiles);
    }

    /** RFM frequency score 1..5 at {@code t} (quintile of order days); 0 when unranked. */
    public int frequencyScore(CustomerProfile p, long t) {
        Epoch e = rankingAt(t);
        return p.orderDays == 0 || e == null ? 0 : quintile(p.orderDays, e.orderQuintiles);
    }

    /** A customer's tier and RFM frequency and monetary scores, from one ranking lookup. */
    public record Standing(String tier, int frequencyScore, int monetaryScore) {
        static final Standing UNRANKED = new Standing(TIER_UNRANKED, 0, 0);
    }

    /** {@link #tierOf}, {@link #frequencyScore} and {@link #monetaryScore} at {@code t} at once. */
    public Standing standingOf(CustomerProfile p, long t) {
        Epoch e = rankingAt(t);
        if (p.orderDays == 0 || e == null) {
            return Standing.UNRANKED;
        }
        return new Standing(
                tierOf(p.totalSpend, e),
                quintile(p.orderDays, e.orderQuintiles),
                quintile(p.totalSpend, e.spendQuintiles));
    }

    /** Customers in the population ranks at {@code t} use; 0 while too few to rank. */
    public long rankedPopulation(long t) {
        Epoch e = rankingAt(t);
        return e == null ? 0 : e.spend.getTotalCount();
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

    /**
     * The state to checkpoint, tagged with the instance that wrote it: {@code subtask} of {@code
     * parallelism}.
     */
    public byte[] toBytes(int subtask, int parallelism) {
        int size = 3 * Integer.BYTES;
        byte[][][] encoded = new byte[epochs.size()][][];
        long[] ids = new long[epochs.size()];
        int i = 0;
        for (Map.Entry<Long, Epoch> e : epochs.entrySet()) {
            ids[i] = e.getKey();
            encoded[i] = new byte[][] {encode(e.getValue().spend), encode(e.getValue().orders)};
            size += Long.BYTES + 2 * Integer.BYTES + encoded[i][0].length + encoded[i][1].length;
            i++;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(subtask).putInt(parallelism).putInt(ids.length);
        for (int k = 0; k < ids.length; k++) {
            buf.putLong(ids[k]);
            for (byte[] h : encoded[k]) {
                buf.putInt(h.length).put(h);
            }
        }
        return buf.array();
    }

    /**
     * Restores the instance {@code subtask} of {@code parallelism} from every instance's pieces. At
     * the same parallelism it takes back exactly its own piece, so a restored run ranks exactly as
     * an uninterrupted one; after rescaling it starts from the union of all pieces (each former
     * instance saw a share of the customers; together they are the population).
     */
    public static ValuePopulation restore(
            long epochMs, int minPopulation, List<byte[]> pieces, int subtask, int parallelism) {
        ValuePopulation pop = new ValuePopulation(epochMs, minPopulation);
        boolean sameParallelism =
                pieces.stream().allMatch(b -> ByteBuffer.wrap(b).getInt(4) == parallelism);
        for (byte[] b : pieces) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            int from = buf.getInt();
            buf.getInt();
            int n = buf.getInt();
            boolean take = !sameParallelism || from == subtask;
            for (int k = 0; k < n; k++) {
                long id = buf.getLong();
                DoubleHistogram spend = decode(buf);
                DoubleHistogram orders = decode(buf);
                if (take) {
                    Epoch e = pop.epochs.computeIfAbsent(id, x -> new Epoch());
                    e.spend.add(spend);
                    e.orders.add(orders);
                }
            }
        }
        while (pop.epochs.size() > KEPT_EPOCHS) {
            pop.epochs.pollFirstEntry();
        }
        return pop;
    }

    // HdrHistogram's compressed codec assumes a buffer of its own starting at index 0.
    private static byte[] encode(DoubleHistogram h) {
        ByteBuffer own = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(own);
        return Arrays.copyOf(own.array(), n);
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

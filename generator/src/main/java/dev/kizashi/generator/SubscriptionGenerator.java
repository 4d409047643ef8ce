package dev.kizashi.generator;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import java.util.AbstractList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * Seeded, deterministic generator of subscription-commerce customers (定期購入 e-commerce / SaaS) with
 * planted churn and ground truth, in one of a family of {@link World}s (businesses with different
 * mechanics). What follows describes {@link World#DEFAULT}.
 *
 * <p>About 70% of customers are subscribers (cycle 14/30/60 days, four price tiers), the rest
 * repeat buyers with gamma-distributed gaps around their own mean. About 30% of customers churn
 * inside the period (fewer when the period is too short for a tenure); churners' engagement decays
 * against their own baseline over 20..60 days and a random subset of precursors is planted (see
 * {@link PrecursorKind}); they end with {@code subscription_cancelled} or go silent. Everybody gets
 * transient noise (an isolated skip, a negative contact, a recovered payment failure, a quiet week,
 * a plan change, a retained cancel request).
 *
 * <p>{@link #events()} merges per-customer lazy streams through a primitive 8-ary heap keyed by
 * (time, customer), so memory is a few hundred bytes per customer whatever the length of the
 * period; customers are materialised at their signup and dropped when their stream ends. Event
 * times are whole seconds; the stream is in non-decreasing {@code ts} order. Ground truth ({@link
 * #groundTruth()}) is computed from the per-customer plans without generating events.
 */
public final class SubscriptionGenerator {

    private static final int CUSTOMER_BITS = 30;

    /** Event id letter of a kept customer's continuation. */
    private static final char KEPT_TAG = 'k';

    private static final long CUSTOMER_MASK = (1L << CUSTOMER_BITS) - 1;

    private final GeneratorConfig config;
    private final Ctx ctx;
    private final BusinessResponse response;
    private long badLines;
    private final Map<BadLineKind, Long> badByKind = new EnumMap<>(BadLineKind.class);

    public SubscriptionGenerator(GeneratorConfig config) {
        this(config, BusinessResponse.NONE);
    }

    /**
     * The world with the business's response in it: its {@code retention_action} events, and the
     * customers those actions kept, who from then on follow their plan without its churn.
     */
    public SubscriptionGenerator(GeneratorConfig config, BusinessResponse response) {
        this.config = Objects.requireNonNull(config, "config");
        this.ctx = new Ctx(config);
        this.response = Objects.requireNonNull(response, "response");
    }

    public GeneratorConfig config() {
        return config;
    }

    /** A fresh iterator over the whole stream; every call yields the identical sequence. */
    public Iterator<CustomerEvent> events() {
        Iterator<CustomerEvent> customers = new Merge();
        return response.actions().isEmpty()
                ? customers
                : BusinessResponse.mergeByTime(customers, response.actions().iterator());
    }

    /**
     * The stream encoded line by line; before an event, with the seeded probability that makes
     * malformed lines about {@code badLineRate} of all lines, a malformed line is inserted (the
     * event itself is never dropped, so the ground truth stays valid). Resets {@link
     * #badLinesEmitted()}.
     */
    public Iterator<String> lines(Function<CustomerEvent, String> encoder) {
        Objects.requireNonNull(encoder, "encoder");
        badLines = 0;
        badByKind.clear();
        double rate = config.badLineRate();
        double insertP = rate <= 0 ? 0 : rate / (1.0 - rate);
        Iterator<CustomerEvent> events = events();
        Rng r = new Rng(Rng.seedFor(config.seed(), -1, 3));
        return new Iterator<>() {
            private String pending;

            @Override
            public boolean hasNext() {
                return pending != null || events.hasNext();
            }

            @Override
            public String next() {
                if (pending != null) {
                    String p = pending;
                    pending = null;
                    return p;
                }
                CustomerEvent e = events.next();
                String good = encoder.apply(e);
                if (insertP > 0 && r.nextDouble() < insertP) {
                    pending = good;
                    BadLineKind kind = BadLineKind.values()[r.nextInt(BadLineKind.values().length)];
                    badLines++;
                    badByKind.merge(kind, 1L, Long::sum);
                    return BadLines.make(kind, e, good, badLines, r);
                }
                return good;
            }
        };
    }

    /** Malformed lines inserted by the most recent {@link #lines} iterator so far. */
    public long badLinesEmitted() {
        return badLines;
    }

    /** {@link #badLinesEmitted()} by kind. */
    public Map<BadLineKind, Long> badLinesByKind() {
        return new EnumMap<>(badByKind);
    }

    /**
     * Ground truth of every customer, in customer order, computed lazily from the plans (no events
     * generated, no per-customer memory kept).
     */
    public List<GroundTruth> groundTruth() {
        return new Labels();
    }

    /** Ground truth of customer {@code index} ({@code c-<index>}). */
    public GroundTruth groundTruth(int index) {
        Objects.checkIndex(index, config.customers());
        boolean kept = response.keptFrom(index) != null;
        return new CustomerPlan(config.seed(), index, ctx.end, ctx.world, kept)
                .truth(config.start());
    }

    /**
     * The cancellation the customer's plan has ({@code subscription_cancelled} at a time, with a
     * reason), or null: what a retention action can prevent. Ignores the response.
     */
    public PlannedCancellation plannedCancellation(int index) {
        Objects.checkIndex(index, config.customers());
        CustomerPlan p = new CustomerPlan(config.seed(), index, ctx.end, ctx.world);
        return p.kind == ChurnKind.CANCELLED
                ? new PlannedCancellation(config.start().plusSeconds(p.churn), p.cancelReason)
                : null;
    }

    /** A planned {@code subscription_cancelled}. */
    public record PlannedCancellation(
            java.time.Instant at, dev.kizashi.model.CancelReason reason) {}

    /** Counts the events of a config by generating them. */
    public static long count(GeneratorConfig config) {
        long n = 0;
        for (Iterator<CustomerEvent> it = new SubscriptionGenerator(config).events();
                it.hasNext(); ) {
            it.next();
            n++;
        }
        return n;
    }

    /** Customer id of an index: {@code c-000123}. */
    public static String customerId(int index) {
        return CustomerPlan.customerId(index);
    }

    private final class Labels extends AbstractList<GroundTruth> implements RandomAccess {
        @Override
        public GroundTruth get(int index) {
            return groundTruth(index);
        }

        @Override
        public int size() {
            return config.customers();
        }
    }

    /** Shared, immutable context of one generator. */
    static final class Ctx {
        final long seed;
        final long startMs;
        final int end;
        final World world;
        private final String[] campaigns;

        Ctx(GeneratorConfig c) {
            seed = c.seed();
            world = c.world();
            startMs = c.start().toEpochMilli();
            end = c.days() * CustomerPlan.DAY;
            int weeks = c.days() / 7 + 2;
            campaigns = new String[weeks * 3];
            for (int w = 0; w < weeks; w++) {
                for (int ch = 0; ch < 3; ch++) {
                    campaigns[w * 3 + ch] = "cmp-w" + w + "-" + CustomerPlan.MSG_CHANNELS[ch];
                }
            }
        }

        int week(int t) {
            return t / (7 * CustomerPlan.DAY);
        }

        String campaign(int week, int channel) {
            return campaigns[week * 3 + channel];
        }

        double amountJitter(Rng r, double mean) {
            return mean * Math.exp(0.35 * r.normal() - 0.06125);
        }
    }

    /** k-way merge of the customers' lazy streams through a heap of (time << 30 | customer). */
    private final class Merge implements Iterator<CustomerEvent> {
        private final long[] heap;
        private int size;
        private final CustomerStream[] streams;
        private CustomerEvent ahead;
        private int prefetchSink;

        Merge() {
            int n = config.customers();
            heap = new long[n];
            streams = new CustomerStream[n];
            for (int i = 0; i < n; i++) {
                heap[i] = key(CustomerPlan.signupOf(config.seed(), i, ctx.end), i);
            }
            size = n;
            for (int i = (size - 2) >> 3; i >= 0; i--) {
                siftDown(i, heap[i]);
            }
        }

        /** Plan time from which customer {@code idx} was kept, else NEVER. */
        private int keptFrom(int idx) {
            java.time.Instant at = response.keptFrom(idx);
            if (at == null) {
                return CustomerPlan.NEVER;
            }
            long t = at.getEpochSecond() - config.start().getEpochSecond();
            return (int) Math.max(0, Math.min(CustomerPlan.NEVER - 1L, t));
        }

        /** The kept customer's spared plan from the time it was kept (earlier events skipped). */
        private CustomerStream keptContinuation(int idx) {
            int from = keptFrom(idx);
            CustomerStream b =
                    new CustomerStream(
                            new CustomerPlan(config.seed(), idx, ctx.end, ctx.world, true),
                            ctx,
                            KEPT_TAG);
            while (b.nextTime() < from) {
                b.emit();
            }
            return b;
        }

        private long key(int time, int customer) {
            return ((long) time << CUSTOMER_BITS) | customer;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                ahead = advance();
            }
            return ahead != null;
        }

        @Override
        public CustomerEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            CustomerEvent e = ahead;
            ahead = null;
            return e;
        }

        private CustomerEvent advance() {
            while (size > 0) {
                int idx = (int) (heap[0] & CUSTOMER_MASK);
                CustomerStream s = streams[idx];
                CustomerEvent e = null;
                if (s == null) {
                    s =
                            new CustomerStream(
                                    new CustomerPlan(config.seed(), idx, ctx.end, ctx.world), ctx);
                    streams[idx] = s;
                } else {
                    e = s.emit();
                }
                int t = s.nextTime();
                if (t != CustomerPlan.NEVER && t >= keptFrom(idx) && s.idTag() != KEPT_TAG) {
                    s = keptContinuation(idx);
                    streams[idx] = s;
                    t = s.nextTime();
                }
                if (t == CustomerPlan.NEVER) {
                    streams[idx] = null;
                    size--;
                    if (size > 0) {
                        siftDown(0, heap[size]);
                    }
                } else {
                    siftDown(0, key(t, idx));
                }
                if (e != null) {
                    touchNext();
                    return e;
                }
            }
            return null;
        }

        /**
         * Reads the stream that comes next so that its cache miss overlaps with the caller's work
         * on the current event (a software prefetch; worth ~30% at 1M customers).
         */
        private void touchNext() {
            if (size > 0) {
                CustomerStream n = streams[(int) (heap[0] & CUSTOMER_MASK)];
                if (n != null) {
                    prefetchSink += n.nextTime();
                }
            }
        }

        /** 8-ary heap: 7 levels for 1M customers, each level one or two cache lines. */
        private void siftDown(int pos, long k) {
            long[] h = heap;
            int n = size;
            while (true) {
                int first = (pos << 3) + 1;
                if (first >= n) {
                    break;
                }
                int last = Math.min(first + 8, n);
                int best = first;
                long bk = h[first];
                for (int c = first + 1; c < last; c++) {
                    long v = h[c];
                    if (v < bk) {
                        bk = v;
                        best = c;
                    }
                }
                if (k <= bk) {
                    break;
                }
                h[pos] = bk;
                pos = best;
            }
            h[pos] = k;
        }
    }

    /**
     * Generates a run and prints events/s, the event mix and the churn share. Arguments: customers
     * days [seed [world]].
     */
    public static void main(String[] args) {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : GeneratorConfig.DEFAULT_SEED;
        World world = World.of(args.length > 3 ? Integer.parseInt(args[3]) : 0);
        GeneratorConfig cfg = GeneratorConfig.of(customers, days, seed).withWorld(world);
        SubscriptionGenerator g = new SubscriptionGenerator(cfg);
        long[] byType = new long[EventType.values().length];
        long n = 0;
        java.lang.management.ThreadMXBean mx =
                java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (Iterator<CustomerEvent> it = g.events(); it.hasNext(); ) {
            byType[it.next().type().ordinal()]++;
            n++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf(
                "%d customers x %d days: %d events in %.2f s wall (%.0f events/s), %.2f s cpu of the"
                        + " generating thread (%.0f events/s)%n",
                customers, days, n, secs, n / secs, cpu, n / cpu);
        for (EventType t : EventType.values()) {
            System.out.printf(
                    "  %-24s %10d  %6.2f%%%n",
                    t.wireName(), byType[t.ordinal()], 100.0 * byType[t.ordinal()] / n);
        }
        long churned = 0;
        long cancelled = 0;
        t0 = System.nanoTime();
        for (GroundTruth gt : g.groundTruth()) {
            if (gt.churned()) {
                churned++;
                if (gt.kind() == ChurnKind.CANCELLED) {
                    cancelled++;
                }
            }
        }
        System.out.printf(
                "churned %d of %d (%.1f%%), cancelled %d, silent %d; labels in %.2f s%n",
                churned,
                customers,
                100.0 * churned / Math.max(1, customers),
                cancelled,
                churned - cancelled,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Convenience: the customer index of a generated id ({@code c-000123} -> 123). */
    public static int customerIndex(String customerId) {
        return Integer.parseInt(customerId.substring(2));
    }
}

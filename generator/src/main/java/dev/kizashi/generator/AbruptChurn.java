package dev.kizashi.generator;

import static dev.kizashi.generator.CustomerPlan.A_CANCELLED;
import static dev.kizashi.generator.CustomerPlan.DAY;
import static dev.kizashi.generator.CustomerPlan.HOUR;
import static dev.kizashi.generator.CustomerPlan.NEVER;

import dev.kizashi.generator.PlanLists.IntList;
import dev.kizashi.model.CancelReason;

/**
 * Churners who just stop, with no precursor and no decay: abrupt silent churners, trialists who do
 * not convert, and repeat buyers who drop out after an order (BG/NBD-like). A silent churn's time
 * is the first expected delivery or order that did not come (see {@link GroundTruth}); the
 * customer's events end at a random moment between the last delivery or order and that time.
 */
final class AbruptChurn {

    private AbruptChurn() {}

    /**
     * A silent churner (already drawn by {@link ChurnPlanner}) who stops around {@code candidate}
     * instead of decaying; becomes a non-churner when no expected delivery or order inside the
     * period could be missed.
     */
    static void stop(CustomerPlan p, Rng r, int candidate) {
        p.decayStart = NEVER;
        p.floor = 1.0;
        boolean done = p.subscriber ? stopDeliveries(p, r, candidate) : stopOrders(p, r, candidate);
        if (!done) {
            p.kind = ChurnKind.NONE;
            p.churn = NEVER;
            p.activeEnd = p.end;
            p.orderStop = p.end;
            p.noiseEnd = p.end;
        }
    }

    private static boolean stopDeliveries(CustomerPlan p, Rng r, int candidate) {
        int[] cycles = p.nominals();
        int m = 1;
        while (m < cycles.length && cycles[m] <= candidate) {
            m++;
        }
        // the missed delivery must fall inside the period
        while (m >= cycles.length || (m >= 1 && cycles[m] >= p.end - DAY)) {
            m--;
            if (m < 1) {
                return false;
            }
        }
        int last = cycles[m - 1];
        int missed = cycles[m];
        // after the last delivery (at most 12 h late), before the missed one
        int from = last + 13 * HOUR;
        int stop = from + (int) (r.nextDouble() * Math.max(1, missed - HOUR - from));
        p.kind = ChurnKind.SILENT;
        p.churn = missed;
        p.activeEnd = stop;
        p.orderStop = stop;
        p.noiseEnd = last;
        return true;
    }

    private static boolean stopOrders(CustomerPlan p, Rng r, int candidate) {
        IntList orders = replayOrders(p, candidate);
        int gap = (int) (p.meanGapDays * DAY);
        int k = orders.size - 1;
        while (k >= 0 && (long) orders.get(k) + gap >= p.end - DAY) {
            k--;
        }
        if (k < 0) {
            return false;
        }
        stopAfterOrder(p, r, orders.get(k), gap);
        p.kind = ChurnKind.SILENT;
        return true;
    }

    /**
     * Orders stop after the order at {@code last}; the churn, when inside the period, is at {@code
     * last + gap}; activity ends before it.
     */
    private static void stopAfterOrder(CustomerPlan p, Rng r, int last, int gap) {
        long due = (long) last + gap;
        p.plannedGaps = true;
        p.orderStop = last + 1;
        p.activeEnd = (int) Math.min(p.end, last + 1 + (long) (r.nextDouble() * (due - last - 1)));
        p.noiseEnd = last;
        p.churn = due < p.end - DAY ? (int) due : NEVER;
    }

    /** Repeat-order times before {@code until}, as the stream will draw them. */
    private static IntList replayOrders(CustomerPlan p, int until) {
        IntList out = new IntList();
        Rng g = p.gapRng();
        int prev = Integer.MIN_VALUE;
        long t = p.signup + 60;
        while (t < until) {
            out.add((int) t);
            long next = t + p.orderGap(g, prev, (int) t);
            prev = (int) t;
            t = next;
        }
        return out;
    }

    /**
     * A repeat buyer who does not churn otherwise drops out after each order with an own
     * probability (beta around the world's mean). A dropout whose next order would have been due
     * after the period is censored: the orders stop but the label stays NONE.
     */
    static void dropout(CustomerPlan p, Rng r, World w) {
        double mean = w.dropoutPerOrder();
        double a = r.gamma(6 * mean);
        double q = a / (a + r.gamma(6 * (1 - mean)));
        Rng g = p.gapRng();
        int gap = (int) (p.meanGapDays * DAY);
        int prev = Integer.MIN_VALUE;
        long t = p.signup + 60;
        while (t < p.end) {
            if (r.chance(q)) {
                stopAfterOrder(p, r, (int) t, gap);
                if (p.churn != NEVER) {
                    p.kind = ChurnKind.SILENT;
                }
                return;
            }
            long next = t + p.orderGap(g, prev, (int) t);
            prev = (int) t;
            t = next;
        }
    }

    /**
     * A trialist who does not convert: engaged little from the start, then cancels shortly before
     * the first paid delivery or lets it lapse (silent; the churn is that first delivery). Nothing
     * happens when the trial ends after the period.
     */
    static void trialNotConverted(CustomerPlan p, Rng r) {
        int first = p.firstNominal;
        if (first >= p.end - DAY) {
            return;
        }
        p.loginRate *= 0.3;
        p.openRate *= 0.3;
        int trial = first - p.signup;
        p.decayStart = NEVER;
        if (r.chance(p.world.cancelShare())) {
            p.kind = ChurnKind.CANCELLED;
            p.churn = first - (int) (r.uniform(0.05, 0.4) * trial);
            p.activeEnd = p.churn;
            p.agendaList.add(p.churn, A_CANCELLED);
            p.cancelReason = r.chance(0.6) ? CancelReason.USAGE : CancelReason.PRICE;
        } else {
            p.kind = ChurnKind.SILENT;
            p.churn = first;
            p.activeEnd = p.signup + (int) (r.uniform(0.3, 0.9) * trial);
        }
        p.orderStop = p.activeEnd;
        p.noiseEnd = p.activeEnd;
    }
}

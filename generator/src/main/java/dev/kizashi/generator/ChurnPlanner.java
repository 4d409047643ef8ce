package dev.kizashi.generator;

import static dev.kizashi.generator.CustomerPlan.A_CANCELLED;
import static dev.kizashi.generator.CustomerPlan.A_CANCEL_INTENT;
import static dev.kizashi.generator.CustomerPlan.A_CHANGE1;
import static dev.kizashi.generator.CustomerPlan.A_SEQ_NEG;
import static dev.kizashi.generator.CustomerPlan.A_SKIP;
import static dev.kizashi.generator.CustomerPlan.A_SPIKE;
import static dev.kizashi.generator.CustomerPlan.A_UNSUB;
import static dev.kizashi.generator.CustomerPlan.C_FAIL_STOP;
import static dev.kizashi.generator.CustomerPlan.C_SKIP;
import static dev.kizashi.generator.CustomerPlan.DAY;
import static dev.kizashi.generator.CustomerPlan.HOUR;
import static dev.kizashi.generator.CustomerPlan.NEVER;

import dev.kizashi.generator.PlanLists.IntList;
import dev.kizashi.model.CancelReason;
import dev.kizashi.model.EventType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Plans a decaying churn: the customer's engagement decays against the own baseline for the world's
 * lead time and a weighted random subset of precursors is planted; the churn is a cancellation or a
 * silence. Silent churners the world makes abrupt are handed to {@link AbruptChurn}. With {@link
 * World#DEFAULT} the draws are exactly those of the generator before worlds.
 */
final class ChurnPlanner {

    private ChurnPlanner() {}

    static void plan(CustomerPlan p, Rng r, World w, int minTenure) {
        int signup = p.signup;
        int end = p.end;
        if (p.commitEnd != NEVER) {
            // a minimum term: the cancellation takes effect right after it
            p.churn = p.commitEnd + (int) (r.uniform(0, 3) * DAY);
        } else {
            p.churn =
                    signup + minTenure + (int) (r.nextDouble() * (end - DAY - signup - minTenure));
        }
        int churn = p.churn;
        int window = (int) (r.uniform(w.leadMinDays(), w.leadMaxDays()) * DAY);
        p.decayStart = Math.max(churn - window, signup + 7 * DAY);
        p.floor = r.uniform(w.floorMin(), w.floorMax());
        p.kind = p.subscriber && r.chance(w.cancelShare()) ? ChurnKind.CANCELLED : ChurnKind.SILENT;
        if (p.kind == ChurnKind.SILENT && w.abruptShare() > 0 && r.chance(w.abruptShare())) {
            // after a minimum term the first delivery missed is the first one due after it
            AbruptChurn.stop(p, r, p.commitEnd != NEVER ? p.commitEnd - 1 : churn);
            return;
        }

        EnumSet<PrecursorKind> chosen = choose(p, r, w);
        p.activeEnd = churn;
        if (chosen.contains(PrecursorKind.DORMANT)) {
            int silence = (int) (r.uniform(14, 28) * DAY);
            int s = churn - silence;
            if (s - 7 * DAY >= signup + 7 * DAY) {
                p.decayStart = Math.min(p.decayStart, s - 7 * DAY);
                p.activeEnd = s;
                p.plant(PrecursorKind.DORMANT, s);
            }
        }
        int decayStart = p.decayStart;
        int activeEnd = p.activeEnd;
        p.orderStop = activeEnd;
        int span = activeEnd - decayStart;
        if (w.sendsEngagement()) {
            p.plant(PrecursorKind.ENGAGEMENT_DROP, decayStart);
        }
        if (chosen.contains(PrecursorKind.HIGH_VALUE_SLOWDOWN)) {
            p.slowdownStart = decayStart + (int) (r.nextDouble() * span / 3.0);
            p.plant(PrecursorKind.HIGH_VALUE_SLOWDOWN, p.slowdownStart);
        }
        if (p.subscriber) {
            planDeliveries(p, r, chosen);
        } else {
            p.orderStop = decayStart + (int) (r.uniform(0.0, 0.6) * span);
            double gap = p.meanGapDays * (p.slowdownStart <= p.orderStop ? 2.2 : 1.0);
            long due = p.orderStop + (long) (gap * DAY);
            if (due >= churn) {
                // a long own rhythm: orders stop earlier so that the missing order is visible
                p.orderStop =
                        Math.max(signup + HOUR, churn - (int) ((gap + r.uniform(1, 10)) * DAY));
                due = p.orderStop + (long) (gap * DAY);
            }
            if (due < churn) {
                p.plant(PrecursorKind.OVERDUE_ORDER, (int) due);
            }
        }
        if (p.slowdownStart != NEVER && p.slowdownStart >= p.orderStop - 7 * DAY) {
            // orders stop before the slowdown could show: it was not really planted
            int i = p.pk.indexOf(PrecursorKind.HIGH_VALUE_SLOWDOWN);
            p.pk.remove(i);
            p.pt.remove(i);
        }
        if (chosen.contains(PrecursorKind.SUPPORT_SPIKE)) {
            int len = Math.min(14 * DAY, activeEnd - decayStart - HOUR);
            int t0 = decayStart + (int) (r.nextDouble() * (activeEnd - HOUR - len - decayStart));
            int contacts = 3 + r.nextInt(3);
            p.agendaList.add(t0, A_SPIKE);
            for (int k = 1; k < contacts; k++) {
                p.agendaList.add(t0 + 60 + (int) (r.nextDouble() * (len - 60)), A_SPIKE);
            }
            p.plant(PrecursorKind.SUPPORT_SPIKE, t0);
        }
        if (chosen.contains(PrecursorKind.CANCEL_INTENT)) {
            int lo = Math.max(decayStart, activeEnd - 21 * DAY);
            int t = lo + (int) (r.nextDouble() * (activeEnd - 12 * HOUR - lo));
            p.agendaList.add(t, A_CANCEL_INTENT);
            p.plant(PrecursorKind.CANCEL_INTENT, t);
        }
        if (chosen.contains(PrecursorKind.DOWNGRADE_SEQUENCE)) {
            planDowngrade(p, r, w);
        }
        if (p.kind == ChurnKind.CANCELLED) {
            p.agendaList.add(churn, A_CANCELLED);
            if (chosen.contains(PrecursorKind.SUPPORT_SPIKE)) {
                p.cancelReason = r.chance(0.6) ? CancelReason.QUALITY : CancelReason.SUPPORT;
            } else if (chosen.contains(PrecursorKind.DOWNGRADE_SEQUENCE)) {
                p.cancelReason = CancelReason.PRICE;
            } else {
                double x = r.nextDouble();
                p.cancelReason =
                        x < 0.5
                                ? CancelReason.USAGE
                                : x < 0.75 ? CancelReason.PRICE : CancelReason.OTHER;
            }
        }
        p.noiseEnd = p.decayStart;
    }

    /**
     * Draws the precursors from a ticket list (each eligible precursor as many tickets as its
     * weight, in a fixed order). A precursor that could only show in an event type the world does
     * not send gets no ticket.
     */
    private static EnumSet<PrecursorKind> choose(CustomerPlan p, Rng r, World w) {
        World.PrecursorWeights wt = w.precursorWeights();
        boolean support = w.sends(EventType.SUPPORT_CONTACT);
        List<PrecursorKind> cand = new ArrayList<>();
        if (p.subscriber) {
            add(
                    cand,
                    PrecursorKind.SKIPPED_CYCLE,
                    visible(w, EventType.CYCLE_SKIPPED, wt.skippedCycle()));
            add(cand, PrecursorKind.OVERDUE_ORDER, wt.overdueOrder());
            add(cand, PrecursorKind.SUPPORT_SPIKE, support ? wt.supportSpike() : 0);
            add(
                    cand,
                    PrecursorKind.PAYMENT_FAILURE_UNRECOVERED,
                    visible(w, EventType.PAYMENT_FAILED, wt.paymentFailure()));
            if (p.kind == ChurnKind.CANCELLED) {
                add(cand, PrecursorKind.DORMANT, wt.dormant());
                add(cand, PrecursorKind.CANCEL_INTENT, support ? wt.cancelIntent() : 0);
            }
            if (p.baseTier > 0
                    && w.sends(EventType.PLAN_CHANGED)
                    && (support || w.sends(EventType.UNSUBSCRIBED))) {
                add(cand, PrecursorKind.DOWNGRADE_SEQUENCE, wt.downgrade());
            }
        } else {
            add(cand, PrecursorKind.SUPPORT_SPIKE, support ? wt.supportSpike() : 0);
        }
        if (p.highValue) {
            add(cand, PrecursorKind.HIGH_VALUE_SLOWDOWN, wt.highValueSlowdown());
        }
        EnumSet<PrecursorKind> chosen = EnumSet.noneOf(PrecursorKind.class);
        int lo = w.minPrecursors();
        int n =
                p.subscriber
                        ? lo + r.nextInt(w.maxPrecursors() - lo + 1)
                        : r.nextInt(2) + (p.highValue ? 1 : 0);
        for (int attempt = 0; attempt < 20 && chosen.size() < n && !cand.isEmpty(); attempt++) {
            chosen.add(cand.get(r.nextInt(cand.size())));
        }
        if (p.subscriber
                && p.kind == ChurnKind.SILENT
                && !chosen.contains(PrecursorKind.PAYMENT_FAILURE_UNRECOVERED)
                && !chosen.contains(PrecursorKind.OVERDUE_ORDER)) {
            // a silent subscriber's deliveries stop before the silence
            boolean fail = r.chance(0.5) && w.sends(EventType.PAYMENT_FAILED);
            chosen.add(
                    fail ? PrecursorKind.PAYMENT_FAILURE_UNRECOVERED : PrecursorKind.OVERDUE_ORDER);
        }
        return chosen;
    }

    private static int visible(World w, EventType type, int weight) {
        return w.sends(type) ? weight : 0;
    }

    private static void add(List<PrecursorKind> cand, PrecursorKind kind, int weight) {
        for (int i = 0; i < weight; i++) {
            cand.add(kind);
        }
    }

    /** Payment failure, overdue delivery and skips of a decaying subscriber. */
    private static void planDeliveries(CustomerPlan p, Rng r, EnumSet<PrecursorKind> chosen) {
        int decayStart = p.decayStart;
        int activeEnd = p.activeEnd;
        int span = activeEnd - decayStart;
        int[] cycles = p.nominals();
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
                p.actionList.add(failStop, C_FAIL_STOP);
                p.orderStop = failStop + 1;
                p.plant(PrecursorKind.PAYMENT_FAILURE_UNRECOVERED, failStop);
            }
        }
        if (chosen.contains(PrecursorKind.OVERDUE_ORDER) && failStop == NEVER) {
            p.orderStop = Math.min(p.orderStop, decayStart + (int) (r.uniform(0.2, 0.6) * span));
        }
        for (int c : cycles) {
            if (c >= p.orderStop && c < p.churn && c != failStop) {
                p.plant(PrecursorKind.OVERDUE_ORDER, c);
                break;
            }
        }
        if (chosen.contains(PrecursorKind.SKIPPED_CYCLE)) {
            IntList eligible = new IntList();
            for (int i = 1; i < cycles.length; i++) {
                if (cycles[i] >= decayStart
                        && cycles[i] < p.orderStop
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
                    p.actionList.add(c, C_SKIP);
                    int t = Math.max(decayStart, c - (int) (r.uniform(1, 3) * DAY));
                    p.agendaList.add(t, A_SKIP);
                    first = Math.min(first, t);
                }
                p.plant(PrecursorKind.SKIPPED_CYCLE, first);
            }
        }
    }

    /** A downgrade followed by an unsubscribe or a negative price contact. */
    private static void planDowngrade(CustomerPlan p, Rng r, World w) {
        int decayStart = p.decayStart;
        int activeEnd = p.activeEnd;
        int hi = activeEnd - 7 * DAY;
        if (hi <= decayStart) {
            hi = decayStart + (activeEnd - decayStart) / 2;
        }
        int t1 = decayStart + (int) (r.nextDouble() * (hi - decayStart));
        p.change1 = t1;
        p.tier1 = p.baseTier - 1;
        p.agendaList.add(t1, A_CHANGE1);
        int follow = Math.min(t1 + (int) (r.uniform(1, 6) * DAY), t1 + (activeEnd - t1) / 2);
        boolean unsub = r.chance(0.5);
        if (!w.sends(EventType.UNSUBSCRIBED) || !w.sends(EventType.SUPPORT_CONTACT)) {
            unsub = w.sends(EventType.UNSUBSCRIBED);
        }
        if (unsub) {
            p.unsubAt = follow;
            p.unsubChannel = p.pickChannel(r);
            p.agendaList.add(follow, A_UNSUB);
        } else {
            p.agendaList.add(follow, A_SEQ_NEG);
        }
        p.plant(PrecursorKind.DOWNGRADE_SEQUENCE, t1);
    }
}

package dev.kizashi.generator;

import static dev.kizashi.generator.CustomerPlan.A_CHANGE0;
import static dev.kizashi.generator.CustomerPlan.A_NEG_CONTACT;
import static dev.kizashi.generator.CustomerPlan.A_RESOLVED;
import static dev.kizashi.generator.CustomerPlan.A_RETAINED;
import static dev.kizashi.generator.CustomerPlan.A_SEQ_NEG;
import static dev.kizashi.generator.CustomerPlan.A_SKIP;
import static dev.kizashi.generator.CustomerPlan.A_SPIKE;
import static dev.kizashi.generator.CustomerPlan.A_UNSUB;
import static dev.kizashi.generator.CustomerPlan.C_FAIL_RECOVER;
import static dev.kizashi.generator.CustomerPlan.C_SKIP;
import static dev.kizashi.generator.CustomerPlan.DAY;
import static dev.kizashi.generator.CustomerPlan.HOUR;
import static dev.kizashi.generator.CustomerPlan.NEVER;
import static dev.kizashi.generator.CustomerPlan.at;

import dev.kizashi.model.EventType;

/**
 * Benign look-alikes of the precursors, drawn for everybody before {@link CustomerPlan#noiseEnd}
 * (the end of the period, or the start of a churner's decay): an isolated skip, a recovered payment
 * failure, a plan change, a quiet week, an unsubscribe, a negative contact, a retained cancel
 * request, and (in worlds that have them) a resolved support incident and a downgrade after which
 * the customer stays. Chances scale down for tenures under 180 days.
 */
final class LookAlikes {

    private LookAlikes() {}

    static void plan(CustomerPlan p, Rng r, World w) {
        int signup = p.signup;
        int noiseEnd = p.noiseEnd;
        double scale = Math.min(1.0, (noiseEnd - signup) / (180.0 * DAY));
        if (noiseEnd - signup < 2 * DAY) {
            return;
        }
        if (p.subscriber) {
            int[] cycles = p.nominals();
            for (int k = 0; k < w.routineSkipTries(); k++) {
                if (r.chance(w.routineSkip() * scale)) {
                    int c = p.pickFreeCycle(r, cycles, noiseEnd);
                    if (c != NEVER) {
                        p.actionList.add(c, C_SKIP);
                        p.agendaList.add(c - (int) (r.uniform(1, 3) * DAY), A_SKIP);
                    }
                }
            }
            if (r.chance(w.recoveredPayment() * scale)) {
                int c = p.pickFreeCycle(r, cycles, noiseEnd);
                if (c != NEVER) {
                    p.actionList.add(c, C_FAIL_RECOVER);
                }
            }
            if (r.chance(w.planChange() * scale)
                    && p.change1 == NEVER
                    && noiseEnd - signup > 4 * DAY) {
                boolean up = p.baseTier < 3 && (p.baseTier == 0 || r.chance(0.55));
                p.change0 = at(r, signup + 3 * DAY, noiseEnd);
                p.tier0 = up ? p.baseTier + 1 : p.baseTier - 1;
                p.agendaList.add(p.change0, A_CHANGE0);
            }
        }
        if (r.chance(w.quietWeek() * scale) && noiseEnd - signup > 12 * DAY) {
            p.quietStart = at(r, signup + DAY, noiseEnd - 11 * DAY);
            p.quietEnd = p.quietStart + (int) (r.uniform(7, 10) * DAY);
        }
        if (r.chance(w.unsubscribe() * scale) && p.unsubAt == NEVER) {
            p.unsubAt = at(r, signup + HOUR, noiseEnd);
            p.unsubChannel = p.pickChannel(r);
            p.agendaList.add(p.unsubAt, A_UNSUB);
        }
        if (r.chance(w.negativeContact() * scale)) {
            p.agendaList.add(at(r, signup + HOUR, noiseEnd), A_NEG_CONTACT);
        }
        if (!p.churner() && r.chance(w.retainedCancel() * scale)) {
            p.agendaList.add(at(r, signup + DAY, noiseEnd), A_RETAINED);
        }
        // look-alikes World.DEFAULT does not have: no draw at all when off
        if (w.resolvedIncident() > 0
                && noiseEnd - signup > 20 * DAY
                && r.chance(w.resolvedIncident() * scale)) {
            resolvedIncident(p, r, noiseEnd);
        }
        if (w.downgradeStays() > 0
                && p.subscriber
                && p.baseTier > 0
                && p.change0 == NEVER
                && p.change1 == NEVER
                && noiseEnd - signup > 12 * DAY
                && r.chance(w.downgradeStays() * scale)) {
            downgradeThatStays(p, r, w, noiseEnd);
        }
    }

    /** 3-5 mostly negative contacts within 14 days, then a positive one: the problem is solved. */
    private static void resolvedIncident(CustomerPlan p, Rng r, int noiseEnd) {
        int t0 = at(r, p.signup + DAY, noiseEnd - 19 * DAY);
        int len = 14 * DAY;
        int contacts = 3 + r.nextInt(3);
        int last = t0;
        p.agendaList.add(t0, A_SPIKE);
        for (int k = 1; k < contacts; k++) {
            int t = t0 + 60 + (int) (r.nextDouble() * (len - 60));
            last = Math.max(last, t);
            p.agendaList.add(t, A_SPIKE);
        }
        p.agendaList.add(last + (int) (r.uniform(1, 4) * DAY), A_RESOLVED);
    }

    /** A downgrade, then an unsubscribe or a price complaint, and the customer stays. */
    private static void downgradeThatStays(CustomerPlan p, Rng r, World w, int noiseEnd) {
        int t = at(r, p.signup + 3 * DAY, noiseEnd - 8 * DAY);
        p.change0 = t;
        p.tier0 = p.baseTier - 1;
        p.agendaList.add(t, A_CHANGE0);
        int follow = t + (int) (r.uniform(1, 6) * DAY);
        boolean support = w.sends(EventType.SUPPORT_CONTACT);
        boolean unsub =
                w.sends(EventType.UNSUBSCRIBED)
                        && p.unsubAt == NEVER
                        && (!support || r.chance(0.5));
        if (unsub) {
            p.unsubAt = follow;
            p.unsubChannel = p.pickChannel(r);
            p.agendaList.add(follow, A_UNSUB);
        } else if (support) {
            p.agendaList.add(follow, A_SEQ_NEG);
        }
    }
}

package dev.kizashi.generator;

import static dev.kizashi.model.EventType.CYCLE_SKIPPED;
import static dev.kizashi.model.EventType.LOGIN;
import static dev.kizashi.model.EventType.MESSAGE_CLICKED;
import static dev.kizashi.model.EventType.MESSAGE_OPENED;
import static dev.kizashi.model.EventType.ORDER;
import static dev.kizashi.model.EventType.PAYMENT_FAILED;
import static dev.kizashi.model.EventType.PAYMENT_RECOVERED;
import static dev.kizashi.model.EventType.PLAN_CHANGED;
import static dev.kizashi.model.EventType.SUBSCRIPTION_CANCELLED;
import static dev.kizashi.model.EventType.SUBSCRIPTION_STARTED;
import static dev.kizashi.model.EventType.SUPPORT_CONTACT;
import static dev.kizashi.model.EventType.UNSUBSCRIBED;

import dev.kizashi.generator.World.PrecursorWeights;
import java.util.Set;

/**
 * The numbered family of {@link World#of} (one line each in {@link World}'s comment). Each world
 * names only the knobs that differ from {@link World#DEFAULT}. Worlds 5-9 are held out for
 * reporting: they have mechanics that 0-4 lack (minimum terms, seasonal dips, 90-day and weekly
 * plans, weak precursors), so tuning on 0-4 cannot fit them by accident.
 */
final class Worlds {

    private static final World[] FAMILY = new World[World.COUNT];

    private Worlds() {}

    static World of(int n) {
        if (n < 0 || n >= World.COUNT) {
            throw new IllegalArgumentException(
                    "no world " + n + ": worlds are 0 .. " + (World.COUNT - 1));
        }
        synchronized (FAMILY) {
            if (FAMILY[n] == null) {
                FAMILY[n] = build(n);
            }
            return FAMILY[n];
        }
    }

    /**
     * Weights in the order skipped cycle, overdue order, support spike, payment failure, dormant,
     * cancel intent, downgrade, high-value slowdown.
     */
    private static PrecursorWeights weights(int... w) {
        return new PrecursorWeights(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
    }

    private static World build(int n) {
        WorldBuilder b = World.DEFAULT.toBuilder();
        switch (n) {
            case 0:
                return World.DEFAULT;
            case 1:
                b.name("box", "monthly subscription box: no logins sent, many routine skips")
                        .subscriberShare(0.95)
                        .cycles(0, 0.05, 0.85, 0.1, 0)
                        .without(LOGIN)
                        .engagement(0.35, 0.4)
                        .churn(0.25, 0.3)
                        .silence(0.6, 0.2)
                        .precursors(weights(3, 1, 1, 2, 1, 2, 1, 1), 1, 3)
                        .routineSkips(0.6, 3)
                        .recoveredPayment(0.45);
                break;
            case 2:
                b.name("saas", "SaaS-like plans with trials: heavy logins and support, few silent")
                        .subscriberShare(1.0)
                        .cycles(0, 0, 0.85, 0, 0.15)
                        .without(CYCLE_SKIPPED)
                        .engagement(1.5, 0.2)
                        .trial(0.3, 14, 0.3)
                        .churn(0.18, 0.3)
                        .silence(0.92, 0.3)
                        .lead(25, 75)
                        .floor(0.02, 0.15)
                        .precursors(weights(0, 0, 3, 1, 1, 3, 3, 1), 1, 3)
                        .routineSkips(0, 0)
                        .supportNoise(0.4, 0.05, 0.25)
                        .downgradeStays(0.12);
                break;
            case 3:
                b.name("retail", "retail order log (CDNOW-like): orders only, dropout after orders")
                        .subscriberShare(0)
                        .sendsOnly(Set.of(ORDER))
                        .buyerGapDays(30)
                        .churn(0.27, 0.08)
                        .dropoutPerOrder(0.06)
                        .orderPause(0.15);
                break;
            case 4:
                b.name("mealkit", "7/14-day meal kits with trials: no support sent, many skips")
                        .subscriberShare(0.9)
                        .cycles(0.5, 0.5, 0, 0, 0)
                        .without(SUPPORT_CONTACT)
                        .engagement(0.6, 0.3)
                        .trial(0.5, 7, 0.3)
                        .churn(0.2, 0.35)
                        .silence(0.5, 0.5)
                        .lead(14, 40)
                        .precursors(weights(3, 2, 0, 1, 1, 0, 1, 1), 1, 3)
                        .routineSkips(0.5, 4);
                break;
            case 5:
                b.name("gym", "monthly plans with 90-day minimum terms: no messages, long leads")
                        .subscriberShare(1.0)
                        .cycles(0, 0, 1, 0, 0)
                        .without(MESSAGE_OPENED, MESSAGE_CLICKED, UNSUBSCRIBED, CYCLE_SKIPPED)
                        .engagement(0.5, 0.25)
                        .commitment(0.6, 90)
                        .churn(0.3, 0)
                        .silence(0.85, 0.4)
                        .lead(45, 110)
                        .floor(0.05, 0.3)
                        .precursors(weights(0, 1, 1, 2, 3, 2, 1, 0), 1, 2)
                        .quietWeek(0.45);
                break;
            case 6:
                b.name("shop", "app e-commerce: repeat buyers who drop out, seasonal dips, pauses")
                        .subscriberShare(0.15)
                        .engagement(0.6, 0.35)
                        .buyerGapDays(20)
                        .churn(0.25, 0.12)
                        .dropoutPerOrder(0.05)
                        .silence(0.6, 0.6)
                        .quietWeek(0.4)
                        .orderPause(0.2)
                        .seasons(0.7, 120, 18, 0.3);
                break;
            case 7:
                b.name("club", "60/90-day premium club: sparse, no support sent, abrupt silence")
                        .subscriberShare(0.9)
                        .cycles(0, 0, 0, 0.5, 0.5)
                        .without(SUPPORT_CONTACT)
                        .engagement(0.1, 0.15)
                        .churn(0.25, 0.3)
                        .silence(0.5, 0.7)
                        .lead(30, 90)
                        .precursors(weights(2, 1, 0, 2, 1, 0, 2, 2), 1, 2)
                        .recoveredPayment(0.5);
                break;
            case 8:
                b.name("weekly", "weekly home delivery: only orders, skips, plans and payments")
                        .subscriberShare(1.0)
                        .cycles(1, 0, 0, 0, 0)
                        .sendsOnly(
                                Set.of(
                                        SUBSCRIPTION_STARTED,
                                        ORDER,
                                        CYCLE_SKIPPED,
                                        PLAN_CHANGED,
                                        PAYMENT_FAILED,
                                        PAYMENT_RECOVERED,
                                        SUBSCRIPTION_CANCELLED))
                        .churn(0.2, 0)
                        .silence(0.75, 0.3)
                        .precursors(weights(3, 2, 0, 2, 2, 0, 1, 1), 1, 3)
                        .routineSkips(0.6, 6)
                        .recoveredPayment(0.3);
                break;
            case 9:
                b.name("streaming", "streaming-like with trials: weak short precursors, dips")
                        .subscriberShare(1.0)
                        .cycles(0, 0, 1, 0, 0)
                        .without(CYCLE_SKIPPED)
                        .engagement(1.2, 0.2)
                        .trial(0.5, 30, 0.25)
                        .churn(0.2, 0)
                        .silence(0.95, 0.5)
                        .lead(7, 21)
                        .floor(0.4, 0.8)
                        .precursors(weights(0, 0, 1, 2, 1, 1, 1, 0), 0, 2)
                        .routineSkips(0, 0)
                        .quietWeek(0.6)
                        .seasons(0.8, 90, 14, 0.35);
                break;
            default:
                throw new IllegalArgumentException("no world " + n);
        }
        return b.build();
    }
}

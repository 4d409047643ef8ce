package dev.kizashi.generator;

import static dev.kizashi.generator.StreamTexts.BASE_CATEGORIES;
import static dev.kizashi.generator.StreamTexts.SPIKE_CATEGORIES;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;

/**
 * The one-off events of a plan's agenda (see the {@code A_*} codes of {@link CustomerPlan}), built
 * with the stream's ids and random state.
 */
final class AgendaEvents {

    private AgendaEvents() {}

    static CustomerEvent event(CustomerStream s, CustomerPlan p, int t, int code) {
        switch (code) {
            case CustomerPlan.A_SUB_STARTED:
                return new CustomerEvent.SubscriptionStarted(
                        s.id(),
                        s.customerId(),
                        s.ms(t),
                        p.startPlanId(),
                        p.cycleDays,
                        CustomerPlan.price(p.baseTier, p.cycleDays));
            case CustomerPlan.A_SKIP:
                return new CustomerEvent.CycleSkipped(
                        s.id(), s.customerId(), s.ms(t), p.planIdAt(t));
            case CustomerPlan.A_SPIKE:
                return s.support(
                        t,
                        SPIKE_CATEGORIES[s.nextInt(SPIKE_CATEGORIES.length)],
                        s.chance(0.8) ? Sentiment.NEGATIVE : Sentiment.NEUTRAL);
            case CustomerPlan.A_CANCEL_INTENT:
                return s.support(
                        t,
                        SupportCategory.CANCEL_REQUEST,
                        s.chance(0.7) ? Sentiment.NEGATIVE : Sentiment.NEUTRAL);
            case CustomerPlan.A_NEG_CONTACT:
                return s.support(
                        t, BASE_CATEGORIES[s.nextInt(BASE_CATEGORIES.length)], Sentiment.NEGATIVE);
            case CustomerPlan.A_RETAINED:
                return s.support(
                        t,
                        SupportCategory.CANCEL_REQUEST,
                        s.chance(0.6) ? Sentiment.NEUTRAL : Sentiment.NEGATIVE);
            case CustomerPlan.A_CHANGE0:
            case CustomerPlan.A_CHANGE1:
                {
                    int before = p.tierAt(t - 1);
                    int after = p.tierAt(t);
                    return new CustomerEvent.PlanChanged(
                            s.id(),
                            s.customerId(),
                            s.ms(t),
                            CustomerPlan.planId(before, p.cycleDays),
                            CustomerPlan.planId(after, p.cycleDays),
                            after > before ? PlanDirection.UP : PlanDirection.DOWN);
                }
            case CustomerPlan.A_UNSUB:
                return new CustomerEvent.Unsubscribed(
                        s.id(), s.customerId(), s.ms(t), CustomerPlan.MSG_CHANNELS[p.unsubChannel]);
            case CustomerPlan.A_SEQ_NEG:
                return s.support(t, SupportCategory.PRICE, Sentiment.NEGATIVE);
            case CustomerPlan.A_RESOLVED:
                return s.support(
                        t,
                        SPIKE_CATEGORIES[s.nextInt(SPIKE_CATEGORIES.length)],
                        Sentiment.POSITIVE);
            case CustomerPlan.A_CANCELLED:
                return new CustomerEvent.SubscriptionCancelled(
                        s.id(), s.customerId(), s.ms(t), p.cancelReason);
            default:
                throw new IllegalStateException("agenda code " + code);
        }
    }
}

package dev.kizashi.detect;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.PlanDirection;

/**
 * Single events that may announce a churn on their own: a skipped cycle, a failed payment, a
 * support contact, an unsubscribe, a downgrade, a detractor score (6 or less). The naive rule
 * alerts on each of them; the job asks the fitted model about each of them.
 */
public final class PrecursorEvents {
    /** The highest feedback score that counts as a detractor (NPS-style 0-10). */
    public static final int DETRACTOR_MAX_SCORE = 6;

    private PrecursorEvents() {}

    public static boolean isPrecursor(CustomerEvent e) {
        return switch (e.type()) {
            case CYCLE_SKIPPED, PAYMENT_FAILED, SUPPORT_CONTACT, UNSUBSCRIBED -> true;
            case PLAN_CHANGED -> ((CustomerEvent.PlanChanged) e).direction() == PlanDirection.DOWN;
            case FEEDBACK -> {
                Integer score = ((CustomerEvent.Feedback) e).score();
                yield score != null && score <= DETRACTOR_MAX_SCORE;
            }
            default -> false;
        };
    }
}

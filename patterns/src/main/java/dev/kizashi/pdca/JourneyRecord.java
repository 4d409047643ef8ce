package dev.kizashi.pdca;

/**
 * One step of a customer's journey as a subscription business reads it: a cancellation with its
 * reason and voice of the customer, the k-th delivery (回数別継続率), or a return (休眠復帰). The document of
 * the journeys index and of {@code journeys.jsonl} ({@code OutputJson.journey}); fields that do not
 * apply to a kind are 0, false or null and are not written.
 *
 * @param eventTime event time of the event that made the record, epoch ms
 * @param eventId that event's id
 * @param planId the customer's plan at the time (from subscription_started or plan_changed), if any
 * @param cohort acquisition cohort: the UTC month the customer was first seen, "YYYY-MM"
 * @param cycleDays the plan's delivery cycle in days, 0 when unknown
 * @param tenureDays whole days since the subscription started (or since first seen without one)
 * @param deliveries subscription deliveries so far (for a DELIVERY: including this one)
 * @param k DELIVERY: which delivery this is (1-based); 0 for other kinds
 * @param cancelReason CANCELLATION: price, quality, usage, support, other, or null
 * @param supportContacts30d support contacts in the 30 days before (at most {@link
 *     JourneyTracker#VOC_SLOTS} are remembered)
 * @param negativeContacts30d of those, with negative sentiment
 * @param negativeFeedback30d feedback scores of 6 or less (detractors) in the 30 days before
 * @param lastFeedbackScore the customer's latest feedback score before the event, null if none
 * @param path the touchpoints of the 30 days before, oldest first, e.g. {@code
 *     login>support_contact>cycle_skipped}: event types, a run of one type is one step, at most
 *     {@link JourneyTracker#PATH_STEPS} steps; "" when there were none; null where no path is taken
 *     (a first delivery, a reactivation)
 * @param afterReactivation DELIVERY: the customer came back (REACTIVATION) before it
 * @param deliveriesSinceReactivation DELIVERY after a reactivation: deliveries since, including
 *     this one
 * @param daysAway REACTIVATION: whole days since the cancellation, or since the last activity
 * @param afterCancellation REACTIVATION: the customer had cancelled (else: a dormant spell)
 */
public record JourneyRecord(
        JourneyKind kind,
        String customerId,
        long eventTime,
        String eventId,
        String planId,
        String cohort,
        int cycleDays,
        int tenureDays,
        int deliveries,
        int k,
        String cancelReason,
        int supportContacts30d,
        int negativeContacts30d,
        int negativeFeedback30d,
        Integer lastFeedbackScore,
        String path,
        boolean afterReactivation,
        int deliveriesSinceReactivation,
        int daysAway,
        boolean afterCancellation) {

    /** The separator of {@link #path}'s steps. */
    public static final String STEP = ">";

    /** Steps in {@link #path}. */
    public int pathLength() {
        return path == null || path.isEmpty() ? 0 : path.split(STEP, -1).length;
    }

    /** The last {@code n} steps of {@link #path} (all of it when shorter); null without a path. */
    public String lastSteps(int n) {
        if (path == null || path.isEmpty()) {
            return path;
        }
        String[] steps = path.split(STEP, -1);
        if (steps.length <= n) {
            return path;
        }
        return String.join(
                STEP, java.util.Arrays.copyOfRange(steps, steps.length - n, steps.length));
    }

    /**
     * Deterministic document id: a delivery by its number, the others by their event time, so a
     * replay writes the same documents again.
     */
    public String documentId() {
        return customerId + ":" + kind + ":" + (kind == JourneyKind.DELIVERY ? k : eventTime);
    }
}

package dev.kizashi.pdca;

/**
 * What the journey remembers of one customer: a few facts and three small rings, so its size does
 * not grow with the customer's history. A Flink POJO (public fields, no-arg constructor, arrays
 * rather than lists) without Flink imports; only {@link JourneyTracker} changes it.
 *
 * <p>Keep the class name, package and field names: savepoints record them (Flink's POJO
 * serializer). Add fields only. The step codes in {@link #stepTypes} are {@code EventType}
 * ordinals, which the event codec already fixes.
 */
public class JourneyState {
    /** Earliest event time seen: the acquisition cohort. */
    public long firstSeenTs;

    /** Newest event time of the customer's own activity (retention actions do not count). */
    public long lastActivityTs;

    /** The latest subscription_started, 0: none. */
    public long subscriptionStartTs;

    public String planId;
    public int cycleDays;

    /** A subscription is running: started or delivering, and not cancelled since. */
    public boolean subscribed;

    /** Subscription deliveries so far. */
    public int deliveries;

    /** The cancellation not yet followed by a return, 0: none. */
    public long cancelledTs;

    /** The customer came back (and has not cancelled since): deliveries are counted from it. */
    public boolean reactivated;

    public int deliveriesSinceReactivation;

    /** Latest feedback score, -1: none. */
    public int lastFeedbackScore = -1;

    /** The newest path steps, oldest first: when each step last happened, and its event type. */
    public long[] stepTs = new long[0];

    public byte[] stepTypes = new byte[0];

    /** The newest support contacts and feedback, oldest first: when, and a VOC_* code. */
    public long[] vocTs = new long[0];

    public byte[] vocKinds = new byte[0];

    /**
     * Ring of recent event ids' hashes ({@code EventIdHash}; redeliveries are dropped); {@link
     * #nextId} is the next slot.
     */
    public long[] recentIds = new long[0];

    public int nextId;

    /** The expiry timer set for this customer, 0: none. */
    public long timerTs;
}

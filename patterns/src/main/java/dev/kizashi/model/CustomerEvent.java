package dev.kizashi.model;

/**
 * One customer event of the input contract. Each type is a record; optional attributes are {@code
 * null} when absent. Attributes the contract does not know are ignored by the codec.
 */
public sealed interface CustomerEvent
        permits CustomerEvent.SubscriptionStarted,
                CustomerEvent.Order,
                CustomerEvent.CycleSkipped,
                CustomerEvent.PlanChanged,
                CustomerEvent.Login,
                CustomerEvent.MessageOpened,
                CustomerEvent.MessageClicked,
                CustomerEvent.Unsubscribed,
                CustomerEvent.SupportContact,
                CustomerEvent.Feedback,
                CustomerEvent.PaymentFailed,
                CustomerEvent.PaymentRecovered,
                CustomerEvent.SubscriptionCancelled,
                CustomerEvent.RetentionAction {

    /** Unique per event; a repeated id is a duplicate. */
    String eventId();

    /** The key everything is partitioned by. */
    String customerId();

    /** Event time, epoch milliseconds. */
    long ts();

    EventType type();

    /** A 定期 (subscription) contract begins. */
    record SubscriptionStarted(
            String eventId,
            String customerId,
            long ts,
            String planId,
            Integer cycleDays,
            Double price)
            implements CustomerEvent {
        public EventType type() {
            return EventType.SUBSCRIPTION_STARTED;
        }
    }

    /** A purchase or a delivered subscription cycle. */
    record Order(
            String eventId,
            String customerId,
            long ts,
            String orderId,
            Double amount,
            String currency,
            Boolean subscription,
            Integer items)
            implements CustomerEvent {
        public EventType type() {
            return EventType.ORDER;
        }
    }

    /** The customer skipped (postponed) one delivery. */
    record CycleSkipped(String eventId, String customerId, long ts, String planId)
            implements CustomerEvent {
        public EventType type() {
            return EventType.CYCLE_SKIPPED;
        }
    }

    /** Upgrade or downgrade. */
    record PlanChanged(
            String eventId,
            String customerId,
            long ts,
            String fromPlan,
            String toPlan,
            PlanDirection direction)
            implements CustomerEvent {
        public EventType type() {
            return EventType.PLAN_CHANGED;
        }
    }

    /** A session or visit ({@code web}/{@code app}). */
    record Login(String eventId, String customerId, long ts, String channel)
            implements CustomerEvent {
        public EventType type() {
            return EventType.LOGIN;
        }
    }

    /** Engagement with outbound messaging ({@code email}/{@code line}/{@code push}). */
    record MessageOpened(
            String eventId, String customerId, long ts, String channel, String campaignId)
            implements CustomerEvent {
        public EventType type() {
            return EventType.MESSAGE_OPENED;
        }
    }

    /** A click in an outbound message. */
    record MessageClicked(
            String eventId, String customerId, long ts, String channel, String campaignId)
            implements CustomerEvent {
        public EventType type() {
            return EventType.MESSAGE_CLICKED;
        }
    }

    /** Opted out of a messaging channel. */
    record Unsubscribed(String eventId, String customerId, long ts, String channel)
            implements CustomerEvent {
        public EventType type() {
            return EventType.UNSUBSCRIBED;
        }
    }

    /** A support inquiry. */
    record SupportContact(
            String eventId,
            String customerId,
            long ts,
            String channel,
            SupportCategory category,
            Sentiment sentiment)
            implements CustomerEvent {
        public EventType type() {
            return EventType.SUPPORT_CONTACT;
        }
    }

    /** A survey answer or review; {@code score} is NPS-style 0..10. */
    record Feedback(String eventId, String customerId, long ts, Integer score, String text)
            implements CustomerEvent {
        public EventType type() {
            return EventType.FEEDBACK;
        }
    }

    /** A charge was declined. */
    record PaymentFailed(String eventId, String customerId, long ts, String reason)
            implements CustomerEvent {
        public EventType type() {
            return EventType.PAYMENT_FAILED;
        }
    }

    /** A failed charge later succeeded. */
    record PaymentRecovered(String eventId, String customerId, long ts) implements CustomerEvent {
        public EventType type() {
            return EventType.PAYMENT_RECOVERED;
        }
    }

    /** The customer churned: the label. */
    record SubscriptionCancelled(String eventId, String customerId, long ts, CancelReason reason)
            implements CustomerEvent {
        public EventType type() {
            return EventType.SUBSCRIPTION_CANCELLED;
        }
    }

    /**
     * What the business did about an alert (a call, a message, a coupon, a DM), written back by the
     * call-center tool or the messaging system. Not customer activity: it feeds the outcome of the
     * episode it answers, never the detection.
     *
     * @param episodeId the episode answered (the alertId of the alert that opened it), if known
     * @param alertId the alert answered, if known
     * @param cost what the action cost (JPY), if known
     */
    record RetentionAction(
            String eventId,
            String customerId,
            long ts,
            String episodeId,
            String alertId,
            ActionChannel channel,
            String action,
            String campaign,
            String offer,
            ContactOutcome outcome,
            Double cost)
            implements CustomerEvent {
        public EventType type() {
            return EventType.RETENTION_ACTION;
        }
    }
}

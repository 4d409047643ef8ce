package dev.kizashi.cep;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Event builders for the CEP tests; day numbers count from 2026-01-01. */
final class Ev {
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    private static final AtomicLong IDS = new AtomicLong();

    private Ev() {}

    static long day(double d) {
        return T0 + (long) (d * DAY);
    }

    private static String id() {
        return "p-" + IDS.incrementAndGet();
    }

    static CustomerEvent.Order order(String c, double d) {
        return new CustomerEvent.Order(id(), c, day(d), "o", 10.0, "JPY", false, 1);
    }

    static CustomerEvent.Login login(String c, double d) {
        return new CustomerEvent.Login(id(), c, day(d), "web");
    }

    static CustomerEvent.CycleSkipped skip(String c, double d) {
        return new CustomerEvent.CycleSkipped(id(), c, day(d), "plan");
    }

    static CustomerEvent.SupportContact support(
            String c, double d, SupportCategory category, Sentiment sentiment) {
        return new CustomerEvent.SupportContact(id(), c, day(d), "phone", category, sentiment);
    }

    static CustomerEvent.Feedback feedback(String c, double d, int score) {
        return new CustomerEvent.Feedback(id(), c, day(d), score, null);
    }

    static CustomerEvent.PaymentFailed failed(String c, double d) {
        return new CustomerEvent.PaymentFailed(id(), c, day(d), "card_declined");
    }

    static CustomerEvent.PaymentRecovered recovered(String c, double d) {
        return new CustomerEvent.PaymentRecovered(id(), c, day(d));
    }

    static CustomerEvent.PlanChanged downgrade(String c, double d) {
        return new CustomerEvent.PlanChanged(id(), c, day(d), "gold", "silver", PlanDirection.DOWN);
    }

    static CustomerEvent.Unsubscribed unsubscribed(String c, double d) {
        return new CustomerEvent.Unsubscribed(id(), c, day(d), "email");
    }

    static CustomerEvent.SubscriptionCancelled cancelled(String c, double d) {
        return new CustomerEvent.SubscriptionCancelled(
                id(), c, day(d), dev.kizashi.model.CancelReason.PRICE);
    }
}

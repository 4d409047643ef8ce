package dev.kizashi;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Small builders of contract events for tests; day numbers count from 2026-01-01. */
public final class TestEvents {
    public static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    public static final long DAY = 86_400_000L;
    private static final AtomicLong IDS = new AtomicLong();

    private TestEvents() {}

    public static long day(double d) {
        return T0 + (long) (d * DAY);
    }

    private static String id() {
        return "t-" + IDS.incrementAndGet();
    }

    public static CustomerEvent.Order order(String c, double day, double amount) {
        return new CustomerEvent.Order(
                id(), c, day(day), "o-" + IDS.get(), amount, "JPY", false, 1);
    }

    public static CustomerEvent.SubscriptionStarted subscribe(String c, double day, int cycle) {
        return new CustomerEvent.SubscriptionStarted(id(), c, day(day), "plan-a", cycle, 3980.0);
    }

    public static CustomerEvent.Login login(String c, double day) {
        return new CustomerEvent.Login(id(), c, day(day), "web");
    }

    public static CustomerEvent.SupportContact support(
            String c, double day, SupportCategory category, Sentiment sentiment) {
        return new CustomerEvent.SupportContact(id(), c, day(day), "phone", category, sentiment);
    }

    public static CustomerEvent.CycleSkipped skip(String c, double day) {
        return new CustomerEvent.CycleSkipped(id(), c, day(day), "plan-a");
    }

    public static CustomerEvent.PaymentFailed paymentFailed(String c, double day) {
        return new CustomerEvent.PaymentFailed(id(), c, day(day), "card_declined");
    }

    public static CustomerEvent.PaymentRecovered paymentRecovered(String c, double day) {
        return new CustomerEvent.PaymentRecovered(id(), c, day(day));
    }

    public static CustomerEvent.SubscriptionCancelled cancel(String c, double day) {
        return new CustomerEvent.SubscriptionCancelled(
                id(), c, day(day), dev.kizashi.model.CancelReason.PRICE);
    }
}

package dev.kizashi.jobs;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Contract events for job tests; day numbers count from 2026-01-01. */
final class JobEvents {
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final AtomicLong IDS = new AtomicLong();

    private JobEvents() {}

    static long day(double d) {
        return T0 + (long) (d * 86_400_000L);
    }

    static String id() {
        return "j-" + IDS.incrementAndGet();
    }

    static CustomerEvent.Order order(String c, double day) {
        return new CustomerEvent.Order(id(), c, day(day), null, 100.0, "JPY", false, 1);
    }

    static CustomerEvent.Order order(String c, double day, double amount) {
        return new CustomerEvent.Order(id(), c, day(day), null, amount, "JPY", false, 1);
    }

    static CustomerEvent.Login login(String c, double day) {
        return new CustomerEvent.Login(id(), c, day(day), "app");
    }

    static CustomerEvent.SupportContact support(
            String c, double day, SupportCategory category, Sentiment sentiment) {
        return new CustomerEvent.SupportContact(id(), c, day(day), "chat", category, sentiment);
    }

    static CustomerEvent.SubscriptionStarted subscribe(String c, double day, int cycle) {
        return new CustomerEvent.SubscriptionStarted(id(), c, day(day), "plan-a", cycle, 3980.0);
    }

    static CustomerEvent.CycleSkipped skip(String c, double day) {
        return new CustomerEvent.CycleSkipped(id(), c, day(day), "plan-a");
    }

    static CustomerEvent.SubscriptionCancelled cancel(String c, double day) {
        return new CustomerEvent.SubscriptionCancelled(
                id(), c, day(day), dev.kizashi.model.CancelReason.PRICE);
    }
}

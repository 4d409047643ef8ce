package dev.kizashi;

import dev.kizashi.model.CancelReason;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small builders of contract events for tests of every module (flink-jobs uses them through the
 * patterns test-jar); day numbers count from 2026-01-01. Every event gets a new id ({@code t-1},
 * {@code t-2}, ...), unique within the JVM. Attributes a test does not name get fixed values: an
 * order is one item in JPY, a login is on the {@code web} channel, a support contact by {@code
 * phone}, plans are {@code plan-a} (or {@code gold} and {@code silver} for plan changes).
 */
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

    // ---- orders and subscriptions ----

    /** A one-off (not subscription) order of 100 JPY. */
    public static CustomerEvent.Order order(String c, double day) {
        return order(c, day, 100.0);
    }

    /** A one-off (not subscription) order of {@code amount} JPY. */
    public static CustomerEvent.Order order(String c, double day, double amount) {
        return new CustomerEvent.Order(
                id(), c, day(day), "o-" + IDS.get(), amount, "JPY", false, 1);
    }

    /** A subscription (cycle) order of 3,980 JPY: what a subscriber's delivery looks like. */
    public static CustomerEvent.Order cycleOrder(String c, double day) {
        return new CustomerEvent.Order(id(), c, day(day), "o-" + IDS.get(), 3980.0, "JPY", true, 1);
    }

    /** A subscription to {@code plan-a} every {@code cycle} days at 3,980 JPY. */
    public static CustomerEvent.SubscriptionStarted subscribe(String c, double day, int cycle) {
        return new CustomerEvent.SubscriptionStarted(id(), c, day(day), "plan-a", cycle, 3980.0);
    }

    public static CustomerEvent.CycleSkipped skip(String c, double day) {
        return new CustomerEvent.CycleSkipped(id(), c, day(day), "plan-a");
    }

    /** From {@code gold} to {@code silver}. */
    public static CustomerEvent.PlanChanged downgrade(String c, double day) {
        return new CustomerEvent.PlanChanged(
                id(), c, day(day), "gold", "silver", PlanDirection.DOWN);
    }

    /** From {@code silver} to {@code gold}. */
    public static CustomerEvent.PlanChanged upgrade(String c, double day) {
        return new CustomerEvent.PlanChanged(id(), c, day(day), "silver", "gold", PlanDirection.UP);
    }

    /** Cancelled for {@link CancelReason#PRICE}. */
    public static CustomerEvent.SubscriptionCancelled cancel(String c, double day) {
        return new CustomerEvent.SubscriptionCancelled(id(), c, day(day), CancelReason.PRICE);
    }

    // ---- engagement ----

    public static CustomerEvent.Login login(String c, double day) {
        return new CustomerEvent.Login(id(), c, day(day), "web");
    }

    /** Campaign {@code cmp} opened on {@code line}. */
    public static CustomerEvent.MessageOpened messageOpened(String c, double day) {
        return new CustomerEvent.MessageOpened(id(), c, day(day), "line", "cmp");
    }

    /** Unsubscribed from {@code email}. */
    public static CustomerEvent.Unsubscribed unsubscribed(String c, double day) {
        return new CustomerEvent.Unsubscribed(id(), c, day(day), "email");
    }

    // ---- service and payment ----

    public static CustomerEvent.SupportContact support(
            String c, double day, SupportCategory category, Sentiment sentiment) {
        return new CustomerEvent.SupportContact(id(), c, day(day), "phone", category, sentiment);
    }

    /** A feedback score without text. */
    public static CustomerEvent.Feedback feedback(String c, double day, int score) {
        return new CustomerEvent.Feedback(id(), c, day(day), score, null);
    }

    public static CustomerEvent.PaymentFailed paymentFailed(String c, double day) {
        return new CustomerEvent.PaymentFailed(id(), c, day(day), "card_declined");
    }

    /** A reached call-center action on episode {@code episodeId} (may be null). */
    public static CustomerEvent.RetentionAction action(String c, double day, String episodeId) {
        return new CustomerEvent.RetentionAction(
                id(),
                c,
                day(day),
                episodeId,
                null,
                dev.kizashi.model.ActionChannel.CALL_CENTER,
                "call",
                null,
                null,
                dev.kizashi.model.ContactOutcome.REACHED,
                500.0);
    }

    public static CustomerEvent.PaymentRecovered paymentRecovered(String c, double day) {
        return new CustomerEvent.PaymentRecovered(id(), c, day(day));
    }
}

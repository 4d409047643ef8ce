package dev.kizashi.detect;

import static dev.kizashi.TestEvents.day;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.PlanDirection;
import java.util.concurrent.atomic.AtomicLong;

/** Builders for the event types the detector tests need beyond {@code TestEvents}. */
final class DetectEvents {
    private static final AtomicLong IDS = new AtomicLong();

    private DetectEvents() {}

    private static String id() {
        return "d-" + IDS.incrementAndGet();
    }

    static CustomerEvent.Order cycleOrder(String c, double d) {
        return new CustomerEvent.Order(id(), c, day(d), "o-" + IDS.get(), 3980.0, "JPY", true, 1);
    }

    static CustomerEvent.Order spend(String c, double d, double amount) {
        return new CustomerEvent.Order(id(), c, day(d), "o-" + IDS.get(), amount, "JPY", false, 1);
    }

    static CustomerEvent.Feedback feedback(String c, double d, int score) {
        return new CustomerEvent.Feedback(id(), c, day(d), score, null);
    }

    static CustomerEvent.PlanChanged downgrade(String c, double d) {
        return new CustomerEvent.PlanChanged(id(), c, day(d), "gold", "silver", PlanDirection.DOWN);
    }

    static CustomerEvent.PlanChanged upgrade(String c, double d) {
        return new CustomerEvent.PlanChanged(id(), c, day(d), "silver", "gold", PlanDirection.UP);
    }

    static CustomerEvent.Unsubscribed unsubscribed(String c, double d) {
        return new CustomerEvent.Unsubscribed(id(), c, day(d), "email");
    }

    static CustomerEvent.MessageOpened opened(String c, double d) {
        return new CustomerEvent.MessageOpened(id(), c, day(d), "line", "cmp");
    }
}

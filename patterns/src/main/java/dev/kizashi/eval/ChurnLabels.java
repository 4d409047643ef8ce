package dev.kizashi.eval;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.model.CustomerEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Churn labels taken from an event history itself, for businesses that have no ground truth:
 *
 * <ul>
 *   <li>{@link Kind#CANCELLED}: the last {@code subscription_cancelled} after which the customer
 *       neither ordered nor subscribed again; churn at the cancellation.
 *   <li>{@link Kind#DELIVERIES_STOPPED}: a subscriber whose cycle orders (or skips) simply stop;
 *       churn at the last one plus one cycle, the delivery that never came. Known only once the
 *       data runs a further cycle past that point.
 *   <li>{@link Kind#NO_ORDER}: a buyer without a subscription who did not order again within the
 *       horizon after the last order; churn when the next order was due (the last order plus the
 *       own mean gap, at most the horizon; the horizon for one-time buyers).
 * </ul>
 *
 * A customer whose history ends too close to the end of the data to tell is not churned: the label
 * is censored, never guessed.
 */
public final class ChurnLabels {
    private ChurnLabels() {}

    /** How a churn shows in the data. */
    public enum Kind {
        CANCELLED,
        DELIVERIES_STOPPED,
        NO_ORDER
    }

    /** A churn taken from the data. */
    public record Churn(String customerId, long churnTs, Kind kind) {}

    /** What one customer's history shows, in event-time order. */
    private static final class History {
        long lastOrderTs = Long.MIN_VALUE;
        long firstOrderTs = Long.MIN_VALUE;
        int orderDays;
        long lastOrderDay = Long.MIN_VALUE;
        long cycleDays;
        boolean subscriber;
        long lastCycleTs = Long.MIN_VALUE;
        long cancelledTs = Long.MIN_VALUE;

        void apply(CustomerEvent e) {
            if (e instanceof CustomerEvent.SubscriptionStarted s) {
                subscriber = true;
                cycleDays = s.cycleDays() == null ? 0 : s.cycleDays();
                lastCycleTs = s.ts();
                cancelledTs = Long.MIN_VALUE;
            } else if (e instanceof CustomerEvent.Order o) {
                long day = Math.floorDiv(o.ts(), DAY_MS);
                if (day != lastOrderDay) {
                    orderDays++;
                    lastOrderDay = day;
                }
                if (firstOrderTs == Long.MIN_VALUE) {
                    firstOrderTs = o.ts();
                }
                lastOrderTs = o.ts();
                if (subscriber) {
                    lastCycleTs = o.ts();
                }
                cancelledTs = Long.MIN_VALUE;
            } else if (e instanceof CustomerEvent.CycleSkipped k) {
                lastCycleTs = Math.max(lastCycleTs, k.ts());
            } else if (e instanceof CustomerEvent.SubscriptionCancelled c) {
                cancelledTs = c.ts();
                subscriber = false;
            }
        }

        /** The churn this history shows by {@code dataEnd}, or null. */
        Churn churn(String id, long dataEnd, long horizonMs) {
            if (cancelledTs != Long.MIN_VALUE) {
                return new Churn(id, cancelledTs, Kind.CANCELLED);
            }
            if (subscriber && cycleDays > 0) {
                long cycle = cycleDays * DAY_MS;
                long missed = lastCycleTs + cycle;
                return dataEnd >= missed + cycle
                        ? new Churn(id, missed, Kind.DELIVERIES_STOPPED)
                        : null;
            }
            if (!subscriber
                    && lastOrderTs != Long.MIN_VALUE
                    && dataEnd >= lastOrderTs + horizonMs) {
                long due = horizonMs;
                if (orderDays >= 2) {
                    due = Math.min(horizonMs, (lastOrderTs - firstOrderTs) / (orderDays - 1));
                }
                return new Churn(id, lastOrderTs + due, Kind.NO_ORDER);
            }
            return null;
        }
    }

    /**
     * The churns in a history.
     *
     * @param events every event, in event-time order
     * @param dataEnd the end of the data (epoch ms): nothing after it is known
     * @param horizon how long a buyer without a subscription must stay away to count as churned
     * @return churn by customer, for the customers who churned; every customer seen is in {@code
     *     seen} if given
     */
    public static Map<String, Churn> from(
            Iterator<? extends CustomerEvent> events,
            long dataEnd,
            Duration horizon,
            Map<String, Boolean> seen) {
        Map<String, History> histories = new HashMap<>();
        while (events.hasNext()) {
            CustomerEvent e = events.next();
            if (e.ts() >= dataEnd) {
                continue;
            }
            histories.computeIfAbsent(e.customerId(), k -> new History()).apply(e);
        }
        Map<String, Churn> out = new TreeMap<>();
        histories.forEach(
                (id, h) -> {
                    Churn c = h.churn(id, dataEnd, horizon.toMillis());
                    if (c != null) {
                        out.put(id, c);
                    }
                    if (seen != null) {
                        seen.put(id, c != null);
                    }
                });
        return out;
    }
}

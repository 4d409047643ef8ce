package dev.kizashi.alert;

import dev.kizashi.score.Reason;
import java.util.List;

/**
 * A customer's churn score as of an event time, emitted when it changes materially.
 *
 * @param customerId the customer
 * @param asOf event time the score refers to (epoch ms)
 * @param score churn probability in [0,1]
 * @param reasons top reasons, strongest first
 * @param orderDays distinct days with an order
 * @param lastOrderTs event time of the last order, 0 if none
 * @param expectedGapDays the customer's own expected gap between orders (NaN: no rhythm yet)
 * @param totalSpend sum of order amounts
 * @param subscribed whether a subscription is active
 */
public record ScoreUpdate(
        String customerId,
        long asOf,
        double score,
        List<Reason> reasons,
        int orderDays,
        long lastOrderTs,
        double expectedGapDays,
        double totalSpend,
        boolean subscribed) {}

package dev.kizashi.alert;

import dev.kizashi.model.Reason;
import java.util.List;

/**
 * A customer's churn score as of an event time, emitted when it changes materially or a new pattern
 * alerts.
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
 * @param firstSeenTs event time of the customer's first event (the signup cohort)
 * @param churned cancelled, or dormant as of {@code asOf} (Segments.churned)
 * @param alertedPatterns every pattern alerted for the customer so far
 * @param segment lifecycle segment as of {@code asOf}
 * @param ltvTier value tier among the population (ValuePopulation)
 * @param ltvEstimate spend to date plus the expected spend of the next year
 * @param averageOrderValue mean order amount
 * @param recencyScore RFM recency 1..5 (0: no order)
 * @param frequencyScore RFM frequency 1..5 (0: unranked)
 * @param monetaryScore RFM monetary 1..5 (0: unranked)
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
        boolean subscribed,
        long firstSeenTs,
        boolean churned,
        List<String> alertedPatterns,
        String segment,
        String ltvTier,
        double ltvEstimate,
        double averageOrderValue,
        int recencyScore,
        int frequencyScore,
        int monetaryScore) {

    /** RFM as three digits, e.g. "534"; null while any part is unranked. */
    public String rfm() {
        if (recencyScore == 0 || frequencyScore == 0 || monetaryScore == 0) {
            return null;
        }
        return "" + recencyScore + frequencyScore + monetaryScore;
    }
}

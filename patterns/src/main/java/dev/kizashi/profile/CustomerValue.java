package dev.kizashi.profile;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

/** Value measures of one customer that need no population: LTV estimate and RFM recency. */
public final class CustomerValue {
    /** Upper ends (days since the last order) of recency scores 5, 4, 3 and 2; beyond: 1. */
    public static final int[] RECENCY_DAYS = {30, 60, 90, 180};

    private static final double YEAR_DAYS = 365.0;

    private CustomerValue() {}

    /**
     * Spend to date plus the expected spend of the next year: the customer's own order rhythm and
     * average order, weighted by the probability of staying. Without a rhythm (fewer than two order
     * days) only the spend to date is known.
     */
    public static double ltvEstimate(
            CustomerProfile p, double expectedGapDays, double churnProbability) {
        if (!(expectedGapDays > 0)) {
            return p.totalSpend;
        }
        double ordersPerYear = YEAR_DAYS / Math.max(1.0, expectedGapDays);
        double stay = 1.0 - Math.min(1.0, Math.max(0.0, churnProbability));
        return p.totalSpend + p.averageOrderValue() * ordersPerYear * stay;
    }

    /** RFM recency score 5 (ordered within 30 days) .. 1 (over 180 days); 0 without an order. */
    public static int recencyScore(CustomerProfile p, long now) {
        if (p.orderDays == 0) {
            return 0;
        }
        double days = (now - p.lastOrderTs) / (double) DAY_MS;
        int score = 5;
        for (int limit : RECENCY_DAYS) {
            if (days <= limit) {
                return score;
            }
            score--;
        }
        return 1;
    }
}

package dev.kizashi.step;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.profile.ValuePopulation;

/**
 * Lifecycle segment of a customer from their profile and value tier, first rule that holds:
 *
 * <ol>
 *   <li>{@code lapsed}: cancelled, or no activity of any kind for {@value #LAPSED_DAYS} days;
 *   <li>{@code dormant_risk}: no activity for {@value #DORMANT_DAYS} days;
 *   <li>{@code new_subscriber} / {@code new_customer}: at most one order day so far;
 *   <li>{@code loyal_high_value}: top 30% by value with at least {@value #LOYAL_ORDER_DAYS} order
 *       days;
 *   <li>{@code subscriber} / {@code repeat_buyer}: everyone else.
 * </ol>
 */
public final class Segments {
    public static final int DORMANT_DAYS = 30;
    public static final int LAPSED_DAYS = 90;
    public static final int LOYAL_ORDER_DAYS = 3;

    public static final String LAPSED = "lapsed";
    public static final String DORMANT_RISK = "dormant_risk";
    public static final String NEW_SUBSCRIBER = "new_subscriber";
    public static final String NEW_CUSTOMER = "new_customer";
    public static final String LOYAL_HIGH_VALUE = "loyal_high_value";
    public static final String SUBSCRIBER = "subscriber";
    public static final String REPEAT_BUYER = "repeat_buyer";

    private Segments() {}

    public static String of(CustomerProfile p, long now, String ltvTier) {
        long idle = now - p.lastActivityTs;
        if (p.cancelled || idle >= LAPSED_DAYS * DAY_MS) {
            return LAPSED;
        }
        if (idle >= DORMANT_DAYS * DAY_MS) {
            return DORMANT_RISK;
        }
        if (p.orderDays <= 1) {
            return p.subscribed ? NEW_SUBSCRIBER : NEW_CUSTOMER;
        }
        boolean highValue =
                ValuePopulation.TIER_TOP_10.equals(ltvTier)
                        || ValuePopulation.TIER_TOP_30.equals(ltvTier);
        if (highValue && p.orderDays >= LOYAL_ORDER_DAYS) {
            return LOYAL_HIGH_VALUE;
        }
        return p.subscribed ? SUBSCRIBER : REPEAT_BUYER;
    }

    /**
     * Whether the customer counts as churned for retention KPIs: cancelled, or dormant (no activity
     * for {@value #DORMANT_DAYS} days).
     */
    public static boolean churned(CustomerProfile p, long now) {
        return p.cancelled || now - p.lastActivityTs >= DORMANT_DAYS * DAY_MS;
    }
}

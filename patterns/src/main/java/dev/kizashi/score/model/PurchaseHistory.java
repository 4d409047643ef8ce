package dev.kizashi.score.model;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One customer's purchases collapsed to distinct purchase days: several orders on the same day are
 * one transaction (their spend is summed). Days are epoch days ({@link
 * java.time.LocalDate#toEpochDay()}).
 */
public final class PurchaseHistory {
    private final String customerId;
    private final int[] days;
    private final double[] spend;
    private final double[] units;

    private PurchaseHistory(String customerId, int[] days, double[] spend, double[] units) {
        this.customerId = customerId;
        this.days = days;
        this.spend = spend;
        this.units = units;
    }

    /** Builds a history from raw orders, one unit per order. */
    public static PurchaseHistory of(String customerId, int[] orderDays, double[] orderSpend) {
        double[] ones = new double[orderDays.length];
        Arrays.fill(ones, 1.0);
        return of(customerId, orderDays, orderSpend, ones);
    }

    /**
     * Builds a history from raw orders (any order, several per day allowed): spend and units (items
     * bought) of the orders of one day are summed.
     */
    public static PurchaseHistory of(
            String customerId, int[] orderDays, double[] orderSpend, double[] orderUnits) {
        if (orderDays.length != orderSpend.length
                || orderDays.length != orderUnits.length
                || orderDays.length == 0) {
            throw new IllegalArgumentException(
                    "need one spend and one unit count per order, and at least one order");
        }
        TreeMap<Integer, double[]> perDay = new TreeMap<>();
        for (int i = 0; i < orderDays.length; i++) {
            double[] acc = perDay.computeIfAbsent(orderDays[i], k -> new double[2]);
            acc[0] += orderSpend[i];
            acc[1] += orderUnits[i];
        }
        int[] d = new int[perDay.size()];
        double[] s = new double[perDay.size()];
        double[] u = new double[perDay.size()];
        int i = 0;
        for (Map.Entry<Integer, double[]> e : perDay.entrySet()) {
            d[i] = e.getKey();
            s[i] = e.getValue()[0];
            u[i] = e.getValue()[1];
            i++;
        }
        return new PurchaseHistory(customerId, d, s, u);
    }

    public String customerId() {
        return customerId;
    }

    /** Distinct purchase days, ascending. */
    public int[] days() {
        return days.clone();
    }

    public int firstDay() {
        return days[0];
    }

    /** Whether the first purchase happened on or before {@code cutoffDay}. */
    public boolean acquiredBy(int cutoffDay) {
        return days[0] <= cutoffDay;
    }

    /** Number of purchase days {@code <= cutoffDay}. */
    public int transactionsUpTo(int cutoffDay) {
        int idx = Arrays.binarySearch(days, cutoffDay);
        return idx >= 0 ? idx + 1 : -idx - 1;
    }

    /**
     * BG/NBD summary in days as of the end of {@code cutoffDay}: {@code x} repeat purchase days,
     * {@code tx} = last purchase day − first purchase day, {@code T} = cutoff − first purchase day.
     */
    public RfmSummary summaryAt(int cutoffDay) {
        int k = transactionsUpTo(cutoffDay);
        if (k == 0) {
            throw new IllegalArgumentException(customerId + " not acquired by day " + cutoffDay);
        }
        return new RfmSummary(k - 1, days[k - 1] - days[0], cutoffDay - days[0]);
    }

    /** Mean spend per purchase day up to and including {@code cutoffDay}. */
    public double meanSpendUpTo(int cutoffDay) {
        int k = transactionsUpTo(cutoffDay);
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += spend[i];
        }
        return k == 0 ? 0 : s / k;
    }

    /** Total spend up to and including {@code cutoffDay}. */
    public double totalSpendUpTo(int cutoffDay) {
        int k = transactionsUpTo(cutoffDay);
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += spend[i];
        }
        return s;
    }

    /** Total units (items) bought up to and including {@code cutoffDay}. */
    public double totalUnitsUpTo(int cutoffDay) {
        int k = transactionsUpTo(cutoffDay);
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += units[i];
        }
        return s;
    }

    /** Spend of the last purchase day up to and including {@code cutoffDay}. */
    public double lastSpendUpTo(int cutoffDay) {
        int k = transactionsUpTo(cutoffDay);
        return k == 0 ? 0 : spend[k - 1];
    }

    /** Whether there is a purchase day in {@code (fromDayExclusive, toDayInclusive]}. */
    public boolean purchasedIn(int fromDayExclusive, int toDayInclusive) {
        return transactionsUpTo(toDayInclusive) > transactionsUpTo(fromDayExclusive);
    }
}

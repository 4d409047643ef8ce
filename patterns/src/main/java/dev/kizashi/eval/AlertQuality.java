package dev.kizashi.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Detection quality of alerts against ground truth (who churned, when), per pattern and overall.
 * Definitions, with H the horizon (60 days) and an alert "predicting" a churn when the churn comes
 * at or after the alert and less than H after it:
 *
 * <ul>
 *   <li><b>alerts per 1,000 customers per month</b>: alert records (ALERT and ESCALATION, not
 *       episode closings) / (customers / 1000) / (period / 30.4375 days).
 *   <li><b>precision</b>: among customers with an alert whose outcome is known (it predicts a
 *       churn, or its H window ends inside the period), those with a predicting alert. Alerts after
 *       the customer's churn are left out (counted as {@code afterChurn}): they are late, not
 *       false.
 *   <li><b>recall</b>: churners (churn inside the period) with a predicting alert / all churners.
 *   <li><b>median lead</b>: over recalled churners, days from the first predicting alert to the
 *       churn (so at most H).
 *   <li><b>repeats in cooldown</b>: alert records of a customer+pattern less than the cooldown
 *       after the previous one (escalations included).
 * </ul>
 */
public final class AlertQuality {
    /** The row name of all patterns together. */
    public static final String ALL = "ALL";

    private static final double MONTH_DAYS = 365.25 / 12;
    private static final double DAY_MS = 86_400_000.0;

    private AlertQuality() {}

    /** One alert record: customer, pattern name, event time (epoch ms). */
    public record AlertRecord(String customerId, String pattern, long eventTime) {}

    /** One row of the table. */
    public record Row(
            String pattern,
            long alerts,
            double alertsPer1kCustomerMonths,
            int alertedCustomers,
            int truePositiveCustomers,
            double precision,
            int churners,
            int churnersAlerted,
            double recall,
            double medianLeadDays,
            long repeatsInCooldown,
            long afterChurn,
            int firstAlertJudged,
            int firstAlertHits) {
        /**
         * Among customers whose first alert (not after their churn) has a known outcome, the share
         * whose churn came within the horizon after that first alert: what an agent calling on the
         * first alert sees. NaN when none is judged.
         */
        public double firstAlertPrecision() {
            return firstAlertJudged == 0 ? Double.NaN : firstAlertHits / (double) firstAlertJudged;
        }

        /** Alerts after the customer's churn, as a share of all alerts (0 without alerts). */
        public double afterChurnShare() {
            return alerts == 0 ? 0 : afterChurn / (double) alerts;
        }
    }

    /**
     * @param alerts alert records (ALERT and ESCALATION)
     * @param churnTimes churn time per churned customer (epoch ms); customers not in it did not
     *     churn
     * @param customers number of customers in the ground truth
     * @param periodStart start of the data (epoch ms)
     * @param periodEnd end of the data (epoch ms, exclusive)
     * @return one row per pattern that alerted (by name), then {@link #ALL}
     */
    public static List<Row> evaluate(
            List<AlertRecord> alerts,
            Map<String, Long> churnTimes,
            int customers,
            long periodStart,
            long periodEnd,
            Duration horizon,
            Duration cooldown) {
        if (customers <= 0 || periodEnd <= periodStart) {
            throw new IllegalArgumentException("need customers and a non-empty period");
        }
        Map<String, List<AlertRecord>> byPattern = new TreeMap<>();
        for (AlertRecord a : alerts) {
            byPattern.computeIfAbsent(a.pattern(), k -> new ArrayList<>()).add(a);
        }
        List<Row> rows = new ArrayList<>();
        Params p =
                new Params(
                        churnTimes,
                        customers,
                        periodStart,
                        periodEnd,
                        horizon.toMillis(),
                        cooldown.toMillis());
        byPattern.forEach((name, list) -> rows.add(row(name, list, p)));
        rows.add(row(ALL, alerts, p));
        return rows;
    }

    private record Params(
            Map<String, Long> churnTimes,
            int customers,
            long start,
            long end,
            long horizonMs,
            long cooldownMs) {}

    private static Row row(String name, List<AlertRecord> alerts, Params p) {
        List<AlertRecord> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparingLong(AlertRecord::eventTime));
        Set<String> known = new HashSet<>();
        Set<String> positive = new HashSet<>();
        Map<String, Long> firstPredicting = new HashMap<>();
        Map<String, Long> lastByCustomerPattern = new HashMap<>();
        Set<String> firstSeen = new HashSet<>();
        int firstJudged = 0;
        int firstHits = 0;
        long repeats = 0;
        long afterChurn = 0;
        for (AlertRecord a : sorted) {
            String cp = a.customerId() + '\u0000' + a.pattern();
            Long prev = lastByCustomerPattern.put(cp, a.eventTime());
            if (prev != null && a.eventTime() - prev < p.cooldownMs()) {
                repeats++;
            }
            Long churn = p.churnTimes().get(a.customerId());
            if (churn != null && churn < a.eventTime()) {
                afterChurn++;
                continue;
            }
            boolean predicts = churn != null && churn - a.eventTime() < p.horizonMs();
            boolean judged = predicts || a.eventTime() + p.horizonMs() <= p.end();
            if (firstSeen.add(a.customerId()) && judged) {
                firstJudged++;
                firstHits += predicts ? 1 : 0;
            }
            if (predicts) {
                known.add(a.customerId());
                positive.add(a.customerId());
                firstPredicting.putIfAbsent(a.customerId(), a.eventTime());
            } else if (a.eventTime() + p.horizonMs() <= p.end()) {
                known.add(a.customerId());
            }
        }
        int churners = 0;
        for (long t : p.churnTimes().values()) {
            if (t >= p.start() && t < p.end()) {
                churners++;
            }
        }
        double[] leads =
                firstPredicting.entrySet().stream()
                        .filter(e -> inPeriod(p.churnTimes().get(e.getKey()), p))
                        .mapToDouble(e -> (p.churnTimes().get(e.getKey()) - e.getValue()) / DAY_MS)
                        .toArray();
        double months = (p.end() - p.start()) / DAY_MS / MONTH_DAYS;
        return new Row(
                name,
                alerts.size(),
                alerts.size() / (p.customers() / 1000.0) / months,
                known.size(),
                positive.size(),
                known.isEmpty() ? Double.NaN : positive.size() / (double) known.size(),
                churners,
                leads.length,
                churners == 0 ? Double.NaN : leads.length / (double) churners,
                median(leads),
                repeats,
                afterChurn,
                firstJudged,
                firstHits);
    }

    private static boolean inPeriod(Long t, Params p) {
        return t != null && t >= p.start() && t < p.end();
    }

    /** The median; the mean of the two middle values for an even count; NaN when empty. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}

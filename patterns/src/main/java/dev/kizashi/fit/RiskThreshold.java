package dev.kizashi.fit;

import dev.kizashi.eval.AlertQuality;
import dev.kizashi.eval.AlertQuality.AlertRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The churn probability from which the job alerts, chosen on a business's own history: the job's
 * candidate alerts (every pattern and every single precursor event, each with the model's
 * probability at that moment) are measured against churn taken from the data at a grid of
 * thresholds, beside the naive rule on the same history.
 *
 * <p>Without a target the threshold is the one whose worse ratio to the naive rule, of recall and
 * of first-alert precision, is the best, among thresholds that alert no more often than the naive
 * rule: the point that beats the simplest rule on both by the widest margin. With a target
 * precision it is the lowest threshold that reaches it.
 */
public final class RiskThreshold {
    /** Thresholds tried: quantiles of the candidates' probabilities. */
    static final int GRID = 60;

    private RiskThreshold() {}

    /** A candidate alert and the model's churn probability when it was raised. */
    public record Candidate(String customerId, String pattern, long eventTime, double risk) {}

    /** What the history showed at one threshold. */
    public record Point(
            double threshold,
            double recall,
            double firstAlertPrecision,
            double alertsPer1kCustomerMonths,
            double medianLeadDays) {}

    /**
     * @param threshold the chosen threshold (0 when no candidate could be judged)
     * @param naive the naive rule on the same history
     * @param curve every threshold tried, ascending
     */
    public record Result(double threshold, AlertQuality.Row naive, List<Point> curve) {
        public Point chosen() {
            for (Point p : curve) {
                if (p.threshold() == threshold) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * @param targetPrecision first-alert precision to reach; NaN to beat the naive rule instead
     */
    public static Result choose(
            List<Candidate> candidates,
            List<AlertRecord> naiveAlerts,
            Map<String, Long> churnTimes,
            int customers,
            long start,
            long end,
            Duration horizon,
            Duration cooldown,
            double targetPrecision) {
        AlertQuality.Row naive =
                last(
                        AlertQuality.evaluate(
                                naiveAlerts, churnTimes, customers, start, end, horizon, cooldown));
        List<Point> curve = new ArrayList<>();
        for (double t : grid(candidates)) {
            List<AlertRecord> kept = new ArrayList<>();
            for (Candidate c : candidates) {
                if (c.risk() >= t) {
                    kept.add(new AlertRecord(c.customerId(), c.pattern(), c.eventTime()));
                }
            }
            AlertQuality.Row r =
                    last(
                            AlertQuality.evaluate(
                                    kept, churnTimes, customers, start, end, horizon, cooldown));
            curve.add(
                    new Point(
                            t,
                            r.recall(),
                            r.firstAlertPrecision(),
                            r.alertsPer1kCustomerMonths(),
                            r.medianLeadDays()));
        }
        return new Result(pick(curve, naive, targetPrecision), naive, List.copyOf(curve));
    }

    /** Days in an average month, to turn a monthly alert rate into a daily one. */
    private static final double DAYS_PER_MONTH = 365.25 / 12;

    /**
     * The threshold from which the alerts routed to one channel go there: the lowest that reaches
     * {@code targetPrecision} and keeps the channel under {@code maxPerDay} alerts a day over
     * {@code customers}, as the history showed; NaN for a condition not asked.
     *
     * @param routed the candidates the job let out (at or above its risk threshold) that the
     *     routing table sends to the channel
     */
    public static Result forChannel(
            List<Candidate> routed,
            List<AlertRecord> naiveAlerts,
            Map<String, Long> churnTimes,
            int customers,
            long start,
            long end,
            Duration horizon,
            Duration cooldown,
            double targetPrecision,
            double maxPerDay) {
        Result r =
                choose(
                        routed,
                        naiveAlerts,
                        churnTimes,
                        customers,
                        start,
                        end,
                        horizon,
                        cooldown,
                        Double.isNaN(targetPrecision) ? 0 : targetPrecision);
        if (Double.isNaN(maxPerDay)) {
            return r;
        }
        double perDay = customers / 1000.0 / DAYS_PER_MONTH;
        double capped = r.curve().isEmpty() ? 0 : r.curve().get(r.curve().size() - 1).threshold();
        for (Point p : r.curve()) {
            if (p.alertsPer1kCustomerMonths() * perDay <= maxPerDay) {
                capped = p.threshold();
                break;
            }
        }
        return new Result(Math.max(capped, r.threshold()), r.naive(), r.curve());
    }

    static double pick(List<Point> curve, AlertQuality.Row naive, double targetPrecision) {
        if (!Double.isNaN(targetPrecision)) {
            for (Point p : curve) {
                if (p.firstAlertPrecision() >= targetPrecision) {
                    return p.threshold();
                }
            }
            return curve.isEmpty() ? 0 : curve.get(curve.size() - 1).threshold();
        }
        double best = Double.NEGATIVE_INFINITY;
        double bestBoth = Double.NEGATIVE_INFINITY;
        double chosen = 0;
        for (Point p : curve) {
            if (Double.isNaN(p.firstAlertPrecision())
                    || p.alertsPer1kCustomerMonths() > naive.alertsPer1kCustomerMonths()) {
                continue;
            }
            double gain =
                    Math.min(
                            ratio(p.recall(), naive.recall()),
                            ratio(p.firstAlertPrecision(), naive.firstAlertPrecision()));
            // Equal worse ratios: the threshold better on both together.
            double both = p.recall() + p.firstAlertPrecision();
            if (gain > best || (gain == best && both > bestBoth)) {
                best = gain;
                bestBoth = both;
                chosen = p.threshold();
            }
        }
        return chosen;
    }

    /** Ratio to the naive rule's figure; a naive rule that never hits counts as a tiny one. */
    private static double ratio(double kizashi, double naive) {
        return kizashi / (Double.isNaN(naive) || naive <= 0 ? 1e-3 : naive);
    }

    /** Distinct quantiles of the candidates' probabilities, ascending, starting at 0. */
    static double[] grid(List<Candidate> candidates) {
        double[] risks = candidates.stream().mapToDouble(Candidate::risk).sorted().toArray();
        double[] out = new double[GRID + 1];
        out[0] = 0;
        for (int i = 1; i <= GRID && risks.length > 0; i++) {
            out[i] = risks[(int) Math.min(risks.length - 1, (long) risks.length * i / (GRID + 1))];
        }
        return Arrays.stream(out).distinct().sorted().toArray();
    }

    private static AlertQuality.Row last(List<AlertQuality.Row> rows) {
        return rows.get(rows.size() - 1);
    }
}

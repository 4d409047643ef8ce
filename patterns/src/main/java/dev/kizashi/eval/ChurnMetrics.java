package dev.kizashi.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Evaluation metrics for churn scores. Throughout, {@code churned[i] == true} is the positive class
 * and a higher score means "more likely to churn".
 */
public final class ChurnMetrics {
    /** Probabilities are clipped to {@code [EPS, 1 - EPS]} in the log-loss. */
    public static final double EPS = 1e-15;

    private ChurnMetrics() {}

    /**
     * ROC AUC as the Mann-Whitney statistic on average ranks: the probability that a random churner
     * scores higher than a random non-churner, ties counting one half.
     */
    public static double auc(double[] score, boolean[] churned) {
        check(score, churned);
        int n = score.length;
        Integer[] idx = sortedIndex(score, false);
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1.0; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (churned[idx[k]]) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Mean negative log-likelihood of the labels, natural log, probabilities clipped by {@link
     * #EPS}.
     */
    public static double logLoss(double[] probability, boolean[] churned) {
        check(probability, churned);
        double s = 0;
        for (int i = 0; i < probability.length; i++) {
            double p = Math.min(Math.max(probability[i], EPS), 1 - EPS);
            s -= churned[i] ? Math.log(p) : Math.log1p(-p);
        }
        return s / probability.length;
    }

    /** Mean squared difference between the probability and the 0/1 label. */
    public static double brier(double[] probability, boolean[] churned) {
        check(probability, churned);
        double s = 0;
        for (int i = 0; i < probability.length; i++) {
            double d = probability[i] - (churned[i] ? 1 : 0);
            s += d * d;
        }
        return s / probability.length;
    }

    /** Share of churners overall. */
    public static double baseRate(boolean[] churned) {
        long pos = 0;
        for (boolean c : churned) {
            if (c) {
                pos++;
            }
        }
        return (double) pos / churned.length;
    }

    /** {@link #liftAt} for the top 10%. */
    public static double topDecileLift(double[] score, boolean[] churned) {
        return liftAt(score, churned, 0.1);
    }

    /**
     * Churn rate among the {@code ceil(fraction * n)} highest scores divided by the overall churn
     * rate. Ties straddling the cut are counted in expectation (each tied item contributes the tie
     * group's churn rate), so the result does not depend on the input order.
     */
    public static double liftAt(double[] score, boolean[] churned, double fraction) {
        check(score, churned);
        int n = score.length;
        int k = (int) Math.ceil(fraction * n);
        if (k <= 0) {
            throw new IllegalArgumentException("fraction selects nobody");
        }
        Integer[] idx = sortedIndex(score, true);
        double hits = 0;
        int taken = 0;
        int i = 0;
        while (i < n && taken < k) {
            int j = i;
            while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            int size = j - i + 1;
            int pos = 0;
            for (int m = i; m <= j; m++) {
                if (churned[idx[m]]) {
                    pos++;
                }
            }
            int take = Math.min(size, k - taken);
            hits += take * (double) pos / size;
            taken += take;
            i = j + 1;
        }
        return (hits / k) / baseRate(churned);
    }

    /** One bin of a reliability (calibration) table. */
    public record CalibrationBin(
            double lower, double upper, int count, double meanPredicted, double observedRate) {}

    /**
     * Reliability table with {@code bins} equal-width bins on {@code [0, 1]} (the last bin includes
     * 1). Empty bins are reported with count 0 and NaN means.
     */
    public static List<CalibrationBin> calibrationTable(
            double[] probability, boolean[] churned, int bins) {
        check(probability, churned);
        int[] count = new int[bins];
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        for (int i = 0; i < probability.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(probability[i] * bins)));
            count[b]++;
            sumP[b] += probability[i];
            sumY[b] += churned[i] ? 1 : 0;
        }
        List<CalibrationBin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(
                    new CalibrationBin(
                            (double) b / bins,
                            (double) (b + 1) / bins,
                            count[b],
                            count[b] == 0 ? Double.NaN : sumP[b] / count[b],
                            count[b] == 0 ? Double.NaN : sumY[b] / count[b]));
        }
        return out;
    }

    /** {@link #calibrationTable(double[], boolean[], int)} with 10 bins. */
    public static List<CalibrationBin> calibrationTable(double[] probability, boolean[] churned) {
        return calibrationTable(probability, churned, 10);
    }

    /** All headline metrics of one probability score. */
    public record Summary(
            int n,
            double baseRate,
            double auc,
            double logLoss,
            double brier,
            double topDecileLift) {}

    /** Metrics of a calibrated probability (log-loss and Brier use it as a probability). */
    public static Summary summarise(double[] probability, boolean[] churned) {
        return new Summary(
                probability.length,
                baseRate(churned),
                auc(probability, churned),
                logLoss(probability, churned),
                brier(probability, churned),
                topDecileLift(probability, churned));
    }

    static Integer[] sortedIndex(double[] score, boolean descending) {
        Integer[] idx = new Integer[score.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Comparator<Integer> c = Comparator.comparingDouble(i -> score[i]);
        Arrays.sort(idx, descending ? c.reversed() : c);
        return idx;
    }

    static void check(double[] values, boolean[] churned) {
        if (values.length != churned.length || values.length == 0) {
            throw new IllegalArgumentException(
                    "need equally long non-empty arrays, got "
                            + values.length
                            + " and "
                            + churned.length);
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("NaN score");
            }
        }
    }
}

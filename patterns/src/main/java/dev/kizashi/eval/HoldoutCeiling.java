package dev.kizashi.eval;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.score.model.LogisticCalibrator;
import dev.kizashi.score.model.ProfileFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * How far re-weighting could take the calibrated layer on a hold-out: logistic layers fitted on the
 * hold-out labels themselves and scored out of fold. They see the labels they are scored against
 * (only out of fold), so they are an upper reference for any layer trained on the past, never a
 * score. With more information than the model has ({@link #historyFeatures}: the order history the
 * profile does not keep) and fixed-knot splines ({@link #withHinges}) they also bound what new
 * state or a more flexible shape could add.
 */
public final class HoldoutCeiling {
    /** Names of {@link #historyFeatures}, in order. */
    public static final List<String> HISTORY_NAMES =
            List.of(
                    "log1p_order_days_30d",
                    "log1p_order_days_90d",
                    "log1p_order_days_180d",
                    "log1p_decayed_order_days_30d", // sum of e^(-age/30 d) over order days
                    "log1p_decayed_order_days_90d",
                    "log1p_last_gap_days",
                    "log1p_last_day_spend",
                    "log1p_first_day_spend",
                    "log1p_items_per_order_day",
                    "gap_cv", // sd / mean of the gaps, 0 with fewer than two gaps
                    "log_orders_per_order_day",
                    "log1p_age_days"); // cut-off day minus first order day

    /** Quantiles of a column at which {@link #withHinges} puts its knots. */
    static final double[] KNOTS = {0.25, 0.5, 0.75};

    /** One order of a customer's history. */
    public record Order(long ts, double amount, int items) {}

    private HoldoutCeiling() {}

    /**
     * Features of a customer's orders (any order) before {@code asOf}, in whole days up to the
     * cut-off day as {@link ProfileFeatures} counts them. Orders at or after {@code asOf} are
     * ignored; with no order before it, all zeros.
     */
    public static double[] historyFeatures(List<Order> orders, long asOf) {
        int cutoff = ProfileFeatures.cutoffDay(asOf);
        TreeSet<Long> days = new TreeSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int count = 0;
        long items = 0;
        for (Order o : orders) {
            if (o.ts() >= asOf) {
                continue;
            }
            long d = Math.floorDiv(o.ts(), DAY_MS);
            days.add(d);
            first = Math.min(first, d);
            last = Math.max(last, d);
            count++;
            items += o.items();
        }
        double[] f = new double[HISTORY_NAMES.size()];
        if (days.isEmpty()) {
            return f;
        }
        double firstSpend = 0;
        double lastSpend = 0;
        for (Order o : orders) {
            if (o.ts() >= asOf) {
                continue;
            }
            long d = Math.floorDiv(o.ts(), DAY_MS);
            firstSpend += d == first ? o.amount() : 0;
            lastSpend += d == last ? o.amount() : 0;
        }
        int n30 = 0;
        int n90 = 0;
        int n180 = 0;
        double dec30 = 0;
        double dec90 = 0;
        for (long d : days) {
            long age = cutoff - d;
            n30 += age < 30 ? 1 : 0;
            n90 += age < 90 ? 1 : 0;
            n180 += age < 180 ? 1 : 0;
            dec30 += Math.exp(-age / 30.0);
            dec90 += Math.exp(-age / 90.0);
        }
        List<Long> sorted = new ArrayList<>(days);
        int gaps = sorted.size() - 1;
        double mean = gaps > 0 ? (last - first) / (double) gaps : 0;
        double ss = 0;
        for (int i = 1; i < sorted.size(); i++) {
            double g = sorted.get(i) - sorted.get(i - 1);
            ss += (g - mean) * (g - mean);
        }
        double lastGap = gaps > 0 ? sorted.get(gaps) - sorted.get(gaps - 1) : 0;
        int i = 0;
        f[i++] = Math.log1p(n30);
        f[i++] = Math.log1p(n90);
        f[i++] = Math.log1p(n180);
        f[i++] = Math.log1p(dec30);
        f[i++] = Math.log1p(dec90);
        f[i++] = Math.log1p(lastGap);
        f[i++] = Math.log1p(Math.max(0, lastSpend));
        f[i++] = Math.log1p(Math.max(0, firstSpend));
        f[i++] = Math.log1p(items / (double) days.size());
        f[i++] = gaps >= 2 && mean > 0 ? Math.sqrt(ss / gaps) / mean : 0;
        f[i++] = Math.log(count / (double) days.size());
        f[i++] = Math.log1p(cutoff - first);
        return f;
    }

    /**
     * The columns of {@code x} followed by hinge terms {@code max(0, x_j - k)} for each column
     * {@code j} at knots {@code k} = its 25, 50 and 75% quantiles (nearest rank; repeated knots and
     * knots at the column's minimum left out): a piecewise-linear shape per feature.
     */
    public static double[][] withHinges(double[][] x) {
        int n = x.length;
        int d = n == 0 ? 0 : x[0].length;
        List<double[]> knots = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = x[i][j];
            }
            Arrays.sort(col);
            double prev = col[0];
            for (double q : KNOTS) {
                double k = col[(int) Math.floor(q * (n - 1))];
                if (k > prev) {
                    knots.add(new double[] {j, k});
                    prev = k;
                }
            }
        }
        double[][] out = new double[n][d + knots.size()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, out[i], 0, d);
            for (int k = 0; k < knots.size(); k++) {
                double[] kn = knots.get(k);
                out[i][d + k] = Math.max(0, x[i][(int) kn[0]] - kn[1]);
            }
        }
        return out;
    }

    /**
     * Out-of-fold probabilities of an L2 logistic layer ({@link LogisticCalibrator}): row {@code i}
     * belongs to fold {@code i % folds} and is scored by the layer fitted on the other folds.
     */
    public static double[] outOfFold(double[][] x, boolean[] churned, int folds, double l2) {
        if (folds < 2 || x.length < folds || churned.length != x.length) {
            throw new IllegalArgumentException(
                    "need at least two folds, a row per fold and a label per row");
        }
        int d = x[0].length;
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        double[] p = new double[x.length];
        for (int k = 0; k < folds; k++) {
            int m = 0;
            for (int i = 0; i < x.length; i++) {
                m += i % folds != k ? 1 : 0;
            }
            double[][] tx = new double[m][];
            boolean[] ty = new boolean[m];
            int r = 0;
            for (int i = 0; i < x.length; i++) {
                if (i % folds != k) {
                    tx[r] = x[i];
                    ty[r++] = churned[i];
                }
            }
            LogisticCalibrator c = LogisticCalibrator.fit(names, tx, ty, l2);
            for (int i = k; i < x.length; i += folds) {
                p[i] = c.probability(x[i]);
            }
        }
        return p;
    }
}

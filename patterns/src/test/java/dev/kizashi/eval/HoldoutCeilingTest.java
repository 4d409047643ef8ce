package dev.kizashi.eval;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.score.model.LogisticCalibrator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HoldoutCeilingTest {
    private static HoldoutCeiling.Order order(long day, double amount, int items) {
        return new HoldoutCeiling.Order(day * DAY_MS + 3_600_000L, amount, items);
    }

    @Test
    void historyFeaturesMatchHandComputedValues() {
        // Order days 0 (two orders), 10 and 40; cut-off day 60; day 61 is after the cut-off.
        List<HoldoutCeiling.Order> orders =
                List.of(
                        order(0, 10, 1),
                        order(0, 5, 2),
                        order(10, 20, 1),
                        order(40, 30, 3),
                        order(61, 99, 9));
        double[] f = HoldoutCeiling.historyFeatures(orders, 61 * DAY_MS);
        assertThat(f).hasSize(HoldoutCeiling.HISTORY_NAMES.size());
        double[] expected = {
            Math.log(2), // only day 40 is less than 30 days old
            Math.log(4),
            Math.log(4),
            Math.log1p(Math.exp(-2) + Math.exp(-50 / 30.0) + Math.exp(-20 / 30.0)),
            Math.log1p(Math.exp(-60 / 90.0) + Math.exp(-50 / 90.0) + Math.exp(-20 / 90.0)),
            Math.log(31), // last gap 30 days
            Math.log(31), // last day's spend 30
            Math.log(16), // first day's spend 10 + 5
            Math.log1p(7 / 3.0), // 7 items over 3 order days
            0.5, // gaps 10 and 30: mean 20, sd 10
            Math.log(4 / 3.0), // 4 orders on 3 days
            Math.log(61) // 60 days since the first order
        };
        assertThat(f).containsExactly(expected, within(1e-12));
    }

    @Test
    void noOrderBeforeTheCutoffGivesZeros() {
        double[] f = HoldoutCeiling.historyFeatures(List.of(order(5, 10, 1)), 5 * DAY_MS);
        assertThat(f).containsOnly(0.0);
    }

    @Test
    void hingesAtTheQuartiles() {
        double[][] x = {{0, 7}, {1, 7}, {2, 7}, {3, 7}, {4, 7}};
        double[][] h = HoldoutCeiling.withHinges(x);
        // Column 0: knots 1, 2, 3; column 1 is constant, so no knot.
        assertThat(h[0]).containsExactly(0, 7, 0, 0, 0);
        assertThat(h[4]).containsExactly(4, 7, 3, 2, 1);
        assertThat(h[2]).containsExactly(2, 7, 1, 0, 0);
    }

    @Test
    void outOfFoldPredictionsNeverSeeTheirOwnLabel() {
        Random rnd = new Random(7);
        int n = 300;
        double[][] x = new double[n][2];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rnd.nextGaussian();
            x[i][1] = rnd.nextGaussian();
            y[i] = rnd.nextDouble() < LogisticCalibrator.sigmoid(1.5 * x[i][0] - x[i][1]);
        }
        double[] p = HoldoutCeiling.outOfFold(x, y, 5, 1.0);
        boolean[] flipped = y.clone();
        flipped[3] = !flipped[3];
        double[] q = HoldoutCeiling.outOfFold(x, flipped, 5, 1.0);
        // Row 3 is in fold 3: its own label does not move it, but it moves the other folds.
        assertThat(q[3]).isEqualTo(p[3]);
        assertThat(q[8]).isEqualTo(p[8]);
        assertThat(q[4]).isNotEqualTo(p[4]);

        // Each fold is scored by the layer fitted on exactly the other folds.
        int m = 0;
        double[][] tx = new double[n - n / 5][];
        boolean[] ty = new boolean[n - n / 5];
        for (int i = 0; i < n; i++) {
            if (i % 5 != 2) {
                tx[m] = x[i];
                ty[m++] = y[i];
            }
        }
        LogisticCalibrator c = LogisticCalibrator.fit(List.of("a", "b"), tx, ty, 1.0);
        assertThat(p[7]).isCloseTo(c.probability(x[7]), within(1e-12));
        assertThat(ChurnMetrics.auc(p, y)).isGreaterThan(0.7);
    }
}

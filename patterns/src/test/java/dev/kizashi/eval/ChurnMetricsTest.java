package dev.kizashi.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChurnMetricsTest {
    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void aucPerfectInvertedAndTied() {
        boolean[] y = {F, F, T, T};
        assertThat(ChurnMetrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, y)).isEqualTo(1.0);
        assertThat(ChurnMetrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, y)).isEqualTo(0.0);
        assertThat(ChurnMetrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, y)).isEqualTo(0.5);
        // Pairs (pos, neg): (0.8 vs 0.1) win, (0.8 vs 0.4) win, (0.4 vs 0.1) win, (0.4 vs 0.4) tie
        // -> 3.5 / 4.
        assertThat(ChurnMetrics.auc(new double[] {0.1, 0.4, 0.4, 0.8}, y))
                .isCloseTo(0.875, within(1e-12));
    }

    @Test
    void rocAreaEqualsRankAuc() {
        double[] s = {0.1, 0.4, 0.4, 0.8, 0.3, 0.3};
        boolean[] y = {F, F, T, T, T, F};
        RocCurve roc = RocCurve.of(s, y);
        assertThat(roc.area()).isCloseTo(ChurnMetrics.auc(s, y), within(1e-12));
        assertThat(roc.points().get(0).falsePositiveRate()).isZero();
        RocCurve.Point last = roc.points().get(roc.points().size() - 1);
        assertThat(last.falsePositiveRate()).isEqualTo(1.0);
        assertThat(last.truePositiveRate()).isEqualTo(1.0);
        assertThat(roc.points()).hasSize(5); // start + 4 distinct thresholds
    }

    @Test
    void logLossAndBrierByHand() {
        double[] p = {0.9, 0.2, 0.6};
        boolean[] y = {T, F, F};
        double ll = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3;
        assertThat(ChurnMetrics.logLoss(p, y)).isCloseTo(ll, within(1e-12));
        assertThat(ChurnMetrics.brier(p, y)).isCloseTo((0.01 + 0.04 + 0.36) / 3, within(1e-12));
        // Clipping keeps a confident mistake finite.
        assertThat(ChurnMetrics.logLoss(new double[] {0.0}, new boolean[] {T}))
                .isCloseTo(-Math.log(ChurnMetrics.EPS), within(1e-9));
    }

    @Test
    void topDecileLiftByHand() {
        // 20 customers, 5 churners (base 0.25); top 2 scores: one churner -> rate 0.5, lift 2.
        double[] s = new double[20];
        boolean[] y = new boolean[20];
        for (int i = 0; i < 20; i++) {
            s[i] = i;
        }
        y[19] = true;
        y[0] = y[1] = y[2] = y[3] = true;
        assertThat(ChurnMetrics.topDecileLift(s, y)).isCloseTo(2.0, within(1e-12));
        // Perfect ranking: top decile all churners -> lift 1 / 0.25 = 4.
        boolean[] perfect = new boolean[20];
        for (int i = 15; i < 20; i++) {
            perfect[i] = true;
        }
        assertThat(ChurnMetrics.topDecileLift(s, perfect)).isCloseTo(4.0, within(1e-12));
        // All tied: lift is exactly 1 whatever the order.
        assertThat(ChurnMetrics.topDecileLift(new double[20], y)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void calibrationTableBins() {
        double[] p = {0.05, 0.08, 0.55, 0.95, 1.0};
        boolean[] y = {F, T, T, T, F};
        List<ChurnMetrics.CalibrationBin> t = ChurnMetrics.calibrationTable(p, y);
        assertThat(t).hasSize(10);
        assertThat(t.get(0).count()).isEqualTo(2);
        assertThat(t.get(0).meanPredicted()).isCloseTo(0.065, within(1e-12));
        assertThat(t.get(0).observedRate()).isCloseTo(0.5, within(1e-12));
        assertThat(t.get(5).count()).isEqualTo(1);
        assertThat(t.get(9).count()).isEqualTo(2);
        assertThat(t.get(3).count()).isZero();
        assertThat(t.get(3).meanPredicted()).isNaN();
    }
}

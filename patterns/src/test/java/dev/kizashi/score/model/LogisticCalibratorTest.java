package dev.kizashi.score.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticCalibratorTest {
    @Test
    void recoversKnownWeightsOnSyntheticData() {
        Random rnd = new Random(42);
        int n = 40_000;
        double[][] x = new double[n][3];
        boolean[] y = new boolean[n];
        double b0 = -0.5;
        double[] w = {1.2, -0.8, 0.3};
        for (int i = 0; i < n; i++) {
            x[i][0] = rnd.nextGaussian();
            x[i][1] = 2 + 3 * rnd.nextGaussian(); // different scale and offset
            x[i][2] = rnd.nextDouble() * 10;
            double z = b0 + w[0] * x[i][0] + w[1] * x[i][1] + w[2] * x[i][2];
            y[i] = rnd.nextDouble() < LogisticCalibrator.sigmoid(z);
        }
        LogisticCalibrator c = LogisticCalibrator.fit(List.of("a", "b", "c"), x, y, 0.0);
        assertThat(c.intercept()).isCloseTo(b0, within(0.08));
        assertThat(c.weights()[0]).isCloseTo(w[0], within(0.05));
        assertThat(c.weights()[1]).isCloseTo(w[1], within(0.03));
        assertThat(c.weights()[2]).isCloseTo(w[2], within(0.02));
        // A strong penalty shrinks the weights.
        LogisticCalibrator shrunk = LogisticCalibrator.fit(List.of("a", "b", "c"), x, y, 1e5);
        assertThat(Math.abs(shrunk.weights()[0])).isLessThan(Math.abs(c.weights()[0]) / 2);
    }

    /**
     * Rows that two features separate completely (60 churners: a signal only they have, and a flag
     * a few others share), beside a feature with two values: undamped Newton steps ran off to an
     * intercept of -1.7e11 here, so every probability was 0.
     */
    @Test
    void separableRowsGiveFiniteWeightsAndTheRightOrder() {
        Random rnd = new Random(1);
        int n = 2_000;
        double[][] x = new double[n][3];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < 60;
            x[i][0] = y[i] ? Math.log1p(rnd.nextDouble()) : rnd.nextGaussian() * 0.1;
            x[i][1] = y[i] || rnd.nextDouble() < 0.01 ? 1 : 0;
            x[i][2] = Math.log(90 + (i % 2) * 30);
        }
        LogisticCalibrator c = LogisticCalibrator.fit(List.of("a", "b", "c"), x, y, 1.0);
        assertThat(Math.abs(c.intercept())).isLessThan(100);
        assertThat(c.probability(x[0])).isGreaterThan(0.5);
        assertThat(c.probability(x[n - 1])).isLessThan(0.01).isPositive();
    }

    @Test
    void probabilityIsTheSigmoidOfTheLinearPredictor() {
        LogisticCalibrator c = new LogisticCalibrator(List.of("a"), 0.5, new double[] {2});
        assertThat(c.logit(new double[] {1})).isEqualTo(2.5);
        assertThat(c.probability(new double[] {1}))
                .isCloseTo(1 / (1 + Math.exp(-2.5)), within(1e-15));
        assertThat(LogisticCalibrator.sigmoid(-800)).isGreaterThanOrEqualTo(0.0);
        assertThat(LogisticCalibrator.sigmoid(800)).isEqualTo(1.0);
    }
}

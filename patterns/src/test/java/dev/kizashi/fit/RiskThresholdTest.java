package dev.kizashi.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.eval.AlertQuality.AlertRecord;
import dev.kizashi.fit.RiskThreshold.Candidate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Threshold choice against hand-computed cases: 10 customers, 300 days, horizon 60 days. A churns
 * on day 100, B on day 200; C and D never churn.
 */
class RiskThresholdTest {
    private static final long DAY = 86_400_000L;
    private static final Map<String, Long> CHURN = Map.of("A", 100 * DAY, "B", 200 * DAY);

    /**
     * Naive rule: A on day 90 (hit), C on 50 and D on 60 (both false): recall 1/2, precision 1/3.
     */
    private static final List<AlertRecord> NAIVE =
            List.of(
                    new AlertRecord("A", "naive", 90 * DAY),
                    new AlertRecord("C", "naive", 50 * DAY),
                    new AlertRecord("D", "naive", 60 * DAY));

    private static final List<Candidate> CANDIDATES =
            List.of(
                    new Candidate("A", "X", 80 * DAY, 0.9),
                    new Candidate("B", "X", 150 * DAY, 0.6),
                    new Candidate("C", "X", 50 * DAY, 0.3),
                    new Candidate("D", "X", 60 * DAY, 0.1));

    private static RiskThreshold.Result choose(double target) {
        return RiskThreshold.choose(
                CANDIDATES,
                NAIVE,
                CHURN,
                10,
                0,
                300 * DAY,
                Duration.ofDays(60),
                Duration.ofDays(7),
                target);
    }

    @Test
    void beatsTheNaiveRuleOnBothByTheWidestMarginWithoutMoreAlerts() {
        RiskThreshold.Result r = choose(Double.NaN);

        assertThat(r.naive().recall()).isEqualTo(0.5);
        assertThat(r.naive().firstAlertPrecision()).isEqualTo(1 / 3.0);
        assertThat(r.curve())
                .extracting(RiskThreshold.Point::threshold)
                .containsExactly(0.0, 0.1, 0.3, 0.6, 0.9);
        // 0 and 0.1 alert 4 times (naive: 3); 0.3: recall 1, precision 2/3, worse ratio 2;
        // 0.6: recall 1, precision 1, worse ratio 2 as well but better on both; 0.9: recall 1/2.
        assertThat(r.threshold()).isEqualTo(0.6);
        assertThat(r.chosen().recall()).isEqualTo(1.0);
        assertThat(r.chosen().firstAlertPrecision()).isEqualTo(1.0);
    }

    @Test
    void aTargetPrecisionTakesTheLowestThresholdThatReachesIt() {
        assertThat(choose(0.6).threshold()).as("0.3 gives 2/3").isEqualTo(0.3);
        assertThat(choose(0.5).threshold()).as("0 gives 2/4").isEqualTo(0.0);
    }

    private static RiskThreshold.Result forChannel(double target, double maxPerDay) {
        return RiskThreshold.forChannel(
                CANDIDATES,
                NAIVE,
                CHURN,
                10,
                0,
                300 * DAY,
                Duration.ofDays(60),
                Duration.ofDays(7),
                target,
                maxPerDay);
    }

    @Test
    void aChannelCapacityTakesTheLowestThresholdUnderIt() {
        // Over 300 days: 4 alerts from 0 and 0.1, 3 from 0.3, 2 from 0.6, 1 from 0.9.
        assertThat(forChannel(Double.NaN, 3.5 / 300).threshold()).isEqualTo(0.3);
        assertThat(forChannel(Double.NaN, 2.5 / 300).threshold()).isEqualTo(0.6);
        assertThat(forChannel(Double.NaN, 10.0).threshold()).isEqualTo(0.0);
        assertThat(forChannel(Double.NaN, 0.1 / 300).threshold())
                .as("nothing fits: the highest")
                .isEqualTo(0.9);
    }

    @Test
    void aChannelWithPrecisionAndCapacityTakesTheStricter() {
        assertThat(forChannel(0.6, 3.5 / 300).threshold()).isEqualTo(0.3);
        assertThat(forChannel(0.9, 3.5 / 300).threshold()).as("1 at 0.6").isEqualTo(0.6);
        assertThat(forChannel(0.6, 1.5 / 300).threshold()).isEqualTo(0.9);
    }

    @Test
    void withoutCandidatesTheCurveIsOnlyZero() {
        RiskThreshold.Result r =
                RiskThreshold.choose(
                        List.of(),
                        NAIVE,
                        CHURN,
                        10,
                        0,
                        300 * DAY,
                        Duration.ofDays(60),
                        Duration.ofDays(7),
                        Double.NaN);
        assertThat(r.curve()).singleElement().satisfies(p -> assertThat(p.recall()).isZero());
        assertThat(r.chosen().firstAlertPrecision()).isNaN();
    }
}

package dev.kizashi.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.eval.AlertQuality.AlertRecord;
import dev.kizashi.eval.AlertQuality.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alert quality against hand-computed values (period 300 days, 10 customers, H = 60 days). */
class AlertQualityTest {
    private static final long DAY = 86_400_000L;

    private static AlertRecord a(String c, String p, double day) {
        return new AlertRecord(c, p, (long) (day * DAY));
    }

    private static List<Row> rows() {
        List<AlertRecord> alerts =
                List.of(
                        a("A", "X", 50), // predicts A's churn at 100 (lead 50)
                        a("A", "X", 53), // a repeat 3 days later
                        a("B", "X", 60), // after B's churn at 50
                        a("D", "X", 10), // D never churns, outcome known by day 70
                        a("D", "X", 250), // censored: window ends after the period
                        a("C", "X", 260), // predicts C's churn at 280 (lead 20)
                        a("E", "X", 100), // E churns at 200: 100 days later, not predicted
                        a("A", "Y", 90), // predicts A (lead 10)
                        a("E", "Y", 150)); // predicts E (lead 50)
        Map<String, Long> churn =
                Map.of("A", 100 * DAY, "B", 50 * DAY, "C", 280 * DAY, "E", 200 * DAY);
        return AlertQuality.evaluate(
                alerts, churn, 10, 0, 300 * DAY, Duration.ofDays(60), Duration.ofDays(7));
    }

    @Test
    void perPatternRows() {
        List<Row> rows = rows();
        assertThat(rows).extracting(Row::pattern).containsExactly("X", "Y", AlertQuality.ALL);

        Row x = rows.get(0);
        assertThat(x.alerts()).isEqualTo(7);
        // 7 alerts / (10 / 1000 customers) / (300 / 30.4375 months)
        assertThat(x.alertsPer1kCustomerMonths()).isCloseTo(71.0208333, within(1e-6));
        assertThat(x.alertedCustomers()).as("A, C, D, E; B only after churn").isEqualTo(4);
        assertThat(x.truePositiveCustomers()).isEqualTo(2);
        assertThat(x.precision()).isEqualTo(0.5);
        assertThat(x.churners()).isEqualTo(4);
        assertThat(x.churnersAlerted()).isEqualTo(2);
        assertThat(x.recall()).isEqualTo(0.5);
        assertThat(x.medianLeadDays()).isEqualTo(35.0);
        assertThat(x.repeatsInCooldown()).isEqualTo(1);
        assertThat(x.afterChurn()).isEqualTo(1);

        Row y = rows.get(1);
        assertThat(y.alertsPer1kCustomerMonths()).isCloseTo(20.2916667, within(1e-6));
        assertThat(y.precision()).isEqualTo(1.0);
        assertThat(y.recall()).isEqualTo(0.5);
        assertThat(y.medianLeadDays()).isEqualTo(30.0);
        assertThat(y.repeatsInCooldown()).isZero();
    }

    @Test
    void overallRowTakesTheFirstPredictingAlertOfAnyPattern() {
        Row all = rows().get(2);
        assertThat(all.alerts()).isEqualTo(9);
        assertThat(all.alertsPer1kCustomerMonths()).isCloseTo(91.3125, within(1e-9));
        assertThat(all.alertedCustomers()).isEqualTo(4);
        assertThat(all.truePositiveCustomers()).isEqualTo(3);
        assertThat(all.precision()).isEqualTo(0.75);
        assertThat(all.firstAlertJudged()).as("A, C, D, E; B only after churn").isEqualTo(4);
        assertThat(all.firstAlertPrecision())
                .as("E's first alert (day 100) is 100 days before its churn, D never churns")
                .isEqualTo(0.5);
        assertThat(all.afterChurnShare()).isCloseTo(1 / 9.0, within(1e-12));
        assertThat(all.recall()).isEqualTo(0.75);
        assertThat(all.medianLeadDays()).as("leads 50, 20, 50").isEqualTo(50.0);
        assertThat(all.repeatsInCooldown()).as("A's X then Y is no repeat").isEqualTo(1);
        assertThat(all.afterChurn()).isEqualTo(1);
    }

    @Test
    void medianOfEvenAndEmpty() {
        assertThat(AlertQuality.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(AlertQuality.median(new double[] {})).isNaN();
    }
}

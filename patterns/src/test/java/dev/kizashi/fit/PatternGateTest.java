package dev.kizashi.fit;

import static dev.kizashi.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.eval.ChurnLabels;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's verdict on hand-made alerts, against hand-computed precision, lift and lateness. */
class PatternGateTest {
    private static final Duration H = Duration.ofDays(60);
    private static final PatternGate.Rule RULE = new PatternGate.Rule(10, 1.5, 0.5);

    private static Alert alert(String customer, ChurnPattern p, double day) {
        return new Alert(
                customer + p + day,
                customer,
                p,
                Severity.MEDIUM,
                0.5,
                List.of(),
                List.of(),
                "",
                day(day),
                0,
                "middle",
                "subscriber",
                "a",
                "email");
    }

    @Test
    void aPatternThatHitsNoMoreOftenThanChanceIsMutedOneThatHitsIsKept() {
        List<Alert> alerts = new ArrayList<>();
        Map<String, ChurnLabels.Churn> churns = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            // SUPPORT_SPIKE: 12 of 20 customers churn 30 days later (precision 0.6).
            String s = "s" + i;
            alerts.add(alert(s, ChurnPattern.SUPPORT_SPIKE, 10));
            if (i < 12) {
                churns.put(s, new ChurnLabels.Churn(s, day(40), ChurnLabels.Kind.CANCELLED));
            }
            // HIGH_VALUE_SLOWDOWN: 2 of 20 (precision 0.1, the base rate).
            String v = "v" + i;
            alerts.add(alert(v, ChurnPattern.HIGH_VALUE_SLOWDOWN, 10));
            if (i < 2) {
                churns.put(v, new ChurnLabels.Churn(v, day(40), ChurnLabels.Kind.CANCELLED));
            }
        }
        PatternGate.Result r = PatternGate.judge(alerts, churns, 0.1, day(200), H, RULE);

        assertThat(r.muted()).containsExactly("HIGH_VALUE_SLOWDOWN");
        PatternGate.PatternStats spike =
                r.patterns().stream()
                        .filter(p -> p.pattern() == ChurnPattern.SUPPORT_SPIKE)
                        .findFirst()
                        .orElseThrow();
        assertThat(spike.known()).isEqualTo(20);
        assertThat(spike.precision()).isEqualTo(0.6);
        assertThat(spike.lift()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aPatternMostlyAfterTheChurnIsMutedAndOneWithTooFewJudgedAlertsIsKept() {
        List<Alert> alerts = new ArrayList<>();
        Map<String, ChurnLabels.Churn> churns = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            String d = "d" + i;
            churns.put(d, new ChurnLabels.Churn(d, day(20), ChurnLabels.Kind.DELIVERIES_STOPPED));
            // DORMANT: 8 of 12 after the churn.
            alerts.add(alert(d, ChurnPattern.DORMANT, i < 8 ? 30 : 10));
        }
        // CANCEL_INTENT: 5 alerts whose outcome is not known yet (too close to the end).
        for (int i = 0; i < 5; i++) {
            alerts.add(alert("c" + i, ChurnPattern.CANCEL_INTENT, 190));
        }
        PatternGate.Result r = PatternGate.judge(alerts, churns, 0.1, day(200), H, RULE);

        assertThat(r.muted()).containsExactly("DORMANT");
        assertThat(r.patterns())
                .filteredOn(p -> p.pattern() == ChurnPattern.CANCEL_INTENT)
                .singleElement()
                .satisfies(p -> assertThat(p.known()).isZero());
    }

    @Test
    void aPatternAlertsFromTheLowestScoreAtWhichItsAlertsWereRight() {
        // 10 customers at score 0.8 of whom 8 churned, 30 at 0.3 of whom 1 did: base 0.1, target
        // 0.15. All 40 together hit 9/40 = 0.225 >= 0.15, so no threshold is needed...
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new double[] {0.8, i < 8 ? 1 : 0});
        }
        for (int i = 0; i < 30; i++) {
            rows.add(new double[] {0.3, i < 1 ? 1 : 0});
        }
        assertThat(PatternGate.threshold(rows, 0.15, 10)).isZero();
        // ...but at a target of 0.5 only the 0.8 group qualifies: 8/10.
        assertThat(PatternGate.threshold(rows, 0.5, 10)).isEqualTo(0.8);
        // With at least 20 alerts above the threshold required, none qualifies: muted.
        assertThat(PatternGate.threshold(rows, 0.5, 20)).isNaN();
        // Fewer alerts than that in all: too few to tell, alerts at any score.
        assertThat(PatternGate.threshold(rows.subList(0, 5), 0.9, 10)).isZero();
    }
}

package dev.kizashi.score;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.profile.CustomerProfile;
import org.junit.jupiter.api.Test;

class ChurnScorerTest {
    private final ChurnScorer scorer = new ChurnScorer(ScoringConfig.defaults());

    private static CustomerProfile regular(double gap, int orders) {
        CustomerProfile p = new CustomerProfile();
        for (int i = 0; i < orders; i++) {
            p.apply(order("c", i * gap, 100), 14 * DAY);
        }
        return p;
    }

    @Test
    void memorylessSurvivalIsTheExponential() {
        assertThat(ChurnScorer.logSurvival(30, 30, 1.0)).isCloseTo(-1.0, within(1e-9));
        assertThat(ChurnScorer.logSurvival(0, 30, 5.0)).isZero();
    }

    @Test
    void probabilityFollowsBayesOnTheGammaSurvival() {
        CustomerProfile p = regular(10, 5); // gaps all 10 days: shape capped at 20
        long now = p.lastOrderTs + 15 * DAY;
        double prior = 0.9;
        double meanGap = (4 * 10 + 30) / 5.0; // blended with the population gap, weight 1
        double s = Math.exp(ChurnScorer.logSurvival(15, meanGap, 20));
        double expected = (1 - prior) / ((1 - prior) + prior * s);
        assertThat(scorer.score(p, now).probability()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void riskRisesWithTimeSinceTheLastOrder() {
        CustomerProfile p = regular(30, 6);
        double onTime = scorer.score(p, p.lastOrderTs + 20 * DAY).probability();
        double late = scorer.score(p, p.lastOrderTs + 45 * DAY).probability();
        double veryLate = scorer.score(p, p.lastOrderTs + 90 * DAY).probability();
        assertThat(onTime).isLessThan(late).isLessThan(veryLate);
        assertThat(onTime).isLessThan(0.2);
        assertThat(veryLate).isGreaterThan(0.8);
        assertThat(scorer.score(p, p.lastOrderTs + 90 * DAY).reasonCodes())
                .first()
                .isEqualTo("OVERDUE_VS_OWN_CYCLE");
    }

    @Test
    void aRegularCustomerIsSuspiciousSoonerThanAnIrregularOneWithTheSameMean() {
        CustomerProfile regular = regular(20, 6);
        CustomerProfile irregular = new CustomerProfile();
        double d = 0;
        for (double gap : new double[] {5, 35, 10, 30, 20}) {
            irregular.apply(order("c", d, 1), 14 * DAY);
            d += gap;
        }
        irregular.apply(order("c", d, 1), 14 * DAY);
        assertThat(irregular.gapMeanDays).isCloseTo(regular.gapMeanDays, within(1e-9));
        double r = scorer.score(regular, regular.lastOrderTs + 35 * DAY).probability();
        double i = scorer.score(irregular, irregular.lastOrderTs + 35 * DAY).probability();
        assertThat(r).isGreaterThan(i);
    }

    @Test
    void aCancelRequestRaisesTheScoreAndIsNamed() {
        CustomerProfile p = regular(30, 4);
        long now = p.lastOrderTs + 10 * DAY;
        double before = scorer.score(p, now).probability();
        p.apply(
                support(
                        "c",
                        (now - T0) / (double) DAY,
                        SupportCategory.CANCEL_REQUEST,
                        Sentiment.NEGATIVE),
                14 * DAY);
        Score after = scorer.score(p, now);
        assertThat(after.probability()).isGreaterThan(before + 0.3);
        assertThat(after.reasonCodes()).first().isEqualTo("CANCEL_REQUEST");
        assertThat(after.reasons().get(0).ja()).contains("解約");
        assertThat(after.reasons().get(0).en()).isEqualTo("asked to cancel (1 inquiries)");
        assertThat(after.joinedReasonCodes())
                .isEqualTo(String.join(",", after.reasonCodes()))
                .startsWith("CANCEL_REQUEST");
    }

    @Test
    void aCancelledCustomerHasChurned() {
        CustomerProfile p = regular(30, 3);
        p.apply(cancel("c", 70), 14 * DAY);
        Score s = scorer.score(p, day(71));
        assertThat(s.probability()).isEqualTo(1.0);
        assertThat(s.reasonCodes()).containsExactly("CANCELLED");
    }

    @Test
    void probabilityStaysInTheUnitInterval() {
        CustomerProfile p = regular(1, 3);
        assertThat(scorer.score(p, p.lastOrderTs + 10_000L * DAY).probability())
                .isBetween(0.0, 1.0);
        assertThat(scorer.score(p, p.lastOrderTs).probability()).isBetween(0.0, 1.0);
    }
}

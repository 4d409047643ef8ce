package dev.kizashi.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.stat.descriptive.StreamingStatistics;
import org.junit.jupiter.api.Test;

class UpliftTest {

    @Test
    void ratesMatchNewcombesPublishedExample() {
        // Newcombe (1998), example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
        Uplift.Interval i = Uplift.ofRates(56, 70, 48, 80, 0.95);
        assertThat(i.estimate()).isCloseTo(0.2, within(1e-9));
        assertThat(i.lower()).isCloseTo(0.0524, within(5e-4));
        assertThat(i.upper()).isCloseTo(0.3339, within(5e-4));
    }

    @Test
    void ratesAtTheBoundStayInsideMinusOneToOne() {
        // All kept against none kept: the hybrid interval ends at 1, where Wald's would pass it.
        Uplift.Interval i = Uplift.ofRates(10, 10, 0, 20, 0.95);
        assertThat(i.estimate()).isEqualTo(1.0);
        assertThat(i.lower()).isBetween(0.6, 0.75);
        assertThat(i.upper()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void anEmptyArmHasNoInterval() {
        Uplift.Interval i = Uplift.ofRates(3, 10, 0, 0, 0.95);
        assertThat(i.estimate()).isNaN();
        assertThat(i.covers(0)).isFalse();
    }

    @Test
    void meansUseWelchsInterval() {
        StreamingStatistics a = new StreamingStatistics();
        StreamingStatistics b = new StreamingStatistics();
        for (double v : new double[] {10, 12, 14, 16, 18}) {
            a.addValue(v);
        }
        for (double v : new double[] {8, 9, 10, 11, 12}) {
            b.addValue(v);
        }
        Uplift.Interval i = Uplift.ofMeans(a, b, 0.95);
        // SciPy ttest_ind(equal_var=False).confidence_interval(): 0.11226 to 7.88774 (df 5.88)
        assertThat(i.estimate()).isCloseTo(4.0, within(1e-9));
        assertThat(i.lower()).isCloseTo(0.11226, within(1e-4));
        assertThat(i.upper()).isCloseTo(7.88774, within(1e-4));
    }
}

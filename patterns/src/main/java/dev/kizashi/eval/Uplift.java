package dev.kizashi.eval;

import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.stat.descriptive.StreamingStatistics;
import org.hipparchus.stat.interval.BinomialProportion;
import org.hipparchus.stat.interval.ConfidenceInterval;

/**
 * Intervals for an uplift: treated minus control.
 *
 * <p>Rates: Newcombe's hybrid score interval (method 10 of Newcombe 1998, "Interval estimation for
 * the difference between independent proportions"), built from each arm's Wilson score interval as
 * Hipparchus computes it. It keeps its coverage with small arms and rates near 0 or 1, where the
 * textbook Wald interval does not; no maintained Java library under a permissive licence offers the
 * difference interval itself. Means (revenue): Welch's interval with Hipparchus' t distribution.
 */
public final class Uplift {
    private Uplift() {}

    /** A difference and its interval; NaN bounds when an arm is empty. */
    public record Interval(double estimate, double lower, double upper) {
        public boolean covers(double value) {
            return value >= lower && value <= upper;
        }
    }

    /** The difference of the rates {@code k1/n1 - k2/n2} with its {@code confidence} interval. */
    public static Interval ofRates(int k1, int n1, int k2, int n2, double confidence) {
        if (n1 == 0 || n2 == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        double p1 = k1 / (double) n1;
        double p2 = k2 / (double) n2;
        ConfidenceInterval w1 = BinomialProportion.getWilsonScoreInterval(n1, p1, confidence);
        ConfidenceInterval w2 = BinomialProportion.getWilsonScoreInterval(n2, p2, confidence);
        double d = p1 - p2;
        double lower = d - Math.hypot(p1 - w1.getLowerBound(), w2.getUpperBound() - p2);
        double upper = d + Math.hypot(w1.getUpperBound() - p1, p2 - w2.getLowerBound());
        return new Interval(d, Math.max(-1, lower), Math.min(1, upper));
    }

    /** The difference of the means of two samples with Welch's {@code confidence} interval. */
    public static Interval ofMeans(
            StreamingStatistics treated, StreamingStatistics control, double confidence) {
        long n1 = treated.getN();
        long n2 = control.getN();
        if (n1 < 2 || n2 < 2) {
            double d = n1 > 0 && n2 > 0 ? treated.getMean() - control.getMean() : Double.NaN;
            return new Interval(d, Double.NaN, Double.NaN);
        }
        double v1 = treated.getVariance() / n1;
        double v2 = control.getVariance() / n2;
        double d = treated.getMean() - control.getMean();
        double se = Math.sqrt(v1 + v2);
        if (se == 0) {
            return new Interval(d, d, d);
        }
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
        double t = new TDistribution(df).inverseCumulativeProbability(0.5 + confidence / 2);
        return new Interval(d, d - t * se, d + t * se);
    }
}

package dev.kizashi.score;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.ProfileFeatures;
import java.io.Serializable;
import java.util.Objects;

/**
 * Parameters of the churn score. The defaults are a documented starting point; {@code kizashi fit}
 * replaces the prior-based score with a model fitted on the user's own history.
 *
 * <p>The flat accessors ({@link #priorAlive()}, {@link #dormantWeight()}, ...) read through to
 * {@link #prior}.
 *
 * @param prior the prior-based score used without a fitted model
 * @param materialChange a score is re-emitted when it moves by at least this much
 * @param model a fitted model ({@code kizashi fit}); when present it replaces the prior-based
 *     score, and the weights of {@link #prior} only rank nothing; null for the documented default
 */
public record ScoringConfig(PriorScore prior, double materialChange, ChurnModelFile model)
        implements Serializable {

    /** The documented defaults: the single place their values are written. */
    public static final ScoringConfig DEFAULTS = new ScoringConfig(PriorScore.DEFAULTS, 0.05, null);

    public ScoringConfig {
        Objects.requireNonNull(prior, "prior");
    }

    public static ScoringConfig defaults() {
        return DEFAULTS;
    }

    /**
     * The prior-based score: a population prior blended with the customer's own gaps, plus log-odds
     * for service and payment signals.
     *
     * @param priorAlive probability that a customer is still active before looking at their gap
     * @param populationGapDays expected gap for customers with no rhythm of their own yet
     * @param priorGapWeight how many gaps the population prior counts as when blended with own gaps
     * @param signalHalfLifeDays how fast the weight of a service or payment signal fades
     * @param cancelRequestWeight log-odds added by a cancel request
     * @param paymentOpenWeight log-odds added by a failed, unrecovered payment
     * @param skippedCycleWeight log-odds added per recent skipped cycle (up to two)
     * @param supportContactsWeight log-odds added by three or more support contacts in 30 days
     * @param dormantDays no activity for this many days adds {@code dormantWeight}; the job sets it
     *     from the detector's dormant-after
     * @param dormantWeight log-odds added by dormancy
     */
    public record PriorScore(
            double priorAlive,
            double populationGapDays,
            double priorGapWeight,
            double signalHalfLifeDays,
            double cancelRequestWeight,
            double paymentOpenWeight,
            double skippedCycleWeight,
            double supportContactsWeight,
            double dormantDays,
            double dormantWeight)
            implements Serializable {
        /**
         * The population gap and its weight are the ones the fitted features use ({@link
         * ProfileFeatures}); dormancy is the detector's default.
         */
        public static final PriorScore DEFAULTS =
                new PriorScore(
                        0.9,
                        ProfileFeatures.PRIOR_GAP_DAYS,
                        ProfileFeatures.PRIOR_GAP_WEIGHT,
                        60.0,
                        2.5,
                        1.2,
                        0.6,
                        0.8,
                        DetectorConfig.DEFAULTS.dormantAfter().toDays(),
                        0.5);

        /** The same prior with dormancy after {@code days}. */
        public PriorScore withDormantDays(double days) {
            return new PriorScore(
                    priorAlive,
                    populationGapDays,
                    priorGapWeight,
                    signalHalfLifeDays,
                    cancelRequestWeight,
                    paymentOpenWeight,
                    skippedCycleWeight,
                    supportContactsWeight,
                    days,
                    dormantWeight);
        }
    }

    /** The same settings scoring with {@code fitted} instead of the default prior. */
    public ScoringConfig withModel(ChurnModelFile fitted) {
        return new ScoringConfig(prior, materialChange, fitted);
    }

    public double priorAlive() {
        return prior.priorAlive();
    }

    public double populationGapDays() {
        return prior.populationGapDays();
    }

    public double priorGapWeight() {
        return prior.priorGapWeight();
    }

    public double signalHalfLifeDays() {
        return prior.signalHalfLifeDays();
    }

    public double cancelRequestWeight() {
        return prior.cancelRequestWeight();
    }

    public double paymentOpenWeight() {
        return prior.paymentOpenWeight();
    }

    public double skippedCycleWeight() {
        return prior.skippedCycleWeight();
    }

    public double supportContactsWeight() {
        return prior.supportContactsWeight();
    }

    public double dormantDays() {
        return prior.dormantDays();
    }

    public double dormantWeight() {
        return prior.dormantWeight();
    }
}

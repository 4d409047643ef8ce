package dev.kizashi.score;

import dev.kizashi.score.model.ChurnModelFile;
import java.io.Serializable;

/**
 * Parameters of the churn score. The defaults are a documented starting point; {@code kizashi fit}
 * replaces them with values fitted on the user's own history.
 *
 * @param priorAlive probability that a customer is still active before looking at their gap
 * @param populationGapDays expected gap for customers with no rhythm of their own yet
 * @param priorGapWeight how many gaps the population prior counts as when blended with own gaps
 * @param signalHalfLifeDays how fast the weight of a service or payment signal fades
 * @param cancelRequestWeight log-odds added by a cancel request
 * @param paymentOpenWeight log-odds added by a failed, unrecovered payment
 * @param skippedCycleWeight log-odds added per recent skipped cycle (up to two)
 * @param supportContactsWeight log-odds added by three or more support contacts in 30 days
 * @param dormantDays no activity for this many days adds {@code dormantWeight}
 * @param dormantWeight log-odds added by dormancy
 * @param materialChange a score is re-emitted when it moves by at least this much
 * @param model a fitted model ({@code kizashi fit}); when present it replaces the prior-based score
 *     above, and the weights above only rank nothing; null for the documented default
 */
public record ScoringConfig(
        double priorAlive,
        double populationGapDays,
        double priorGapWeight,
        double signalHalfLifeDays,
        double cancelRequestWeight,
        double paymentOpenWeight,
        double skippedCycleWeight,
        double supportContactsWeight,
        double dormantDays,
        double dormantWeight,
        double materialChange,
        ChurnModelFile model)
        implements Serializable {

    public static ScoringConfig defaults() {
        return new ScoringConfig(0.9, 30.0, 1.0, 60.0, 2.5, 1.2, 0.6, 0.8, 30.0, 0.5, 0.05, null);
    }

    /** The same settings scoring with {@code fitted} instead of the default prior. */
    public ScoringConfig withModel(ChurnModelFile fitted) {
        return new ScoringConfig(
                priorAlive,
                populationGapDays,
                priorGapWeight,
                signalHalfLifeDays,
                cancelRequestWeight,
                paymentOpenWeight,
                skippedCycleWeight,
                supportContactsWeight,
                dormantDays,
                dormantWeight,
                materialChange,
                fitted);
    }
}

package dev.kizashi.score.model;

import java.util.List;
import org.hipparchus.util.FastMath;

/**
 * Features of the calibrated churn layer, computed for one customer as of a cut-off day, for a
 * horizon of {@code horizonDays} after it. Time is in days throughout; the BG/NBD model passed in
 * must have been fitted on day-unit summaries.
 */
public final class ChurnFeatures {
    /** Names, in the order of {@link #compute}. */
    public static final List<String> NAMES =
            List.of(
                    "bgnbd_logit_p_no_order", // ln(P0 / (1 - P0)) for the horizon
                    "log1p_repeat_days", // ln(1 + x)
                    "log1p_days_since_last", // ln(1 + T - t_x)
                    "log_mean_spend", // ln(max(1, spend per purchase day))
                    "log_horizon_days"); // ln(horizon)

    private ChurnFeatures() {}

    public static double[] compute(
            BgNbd dayModel, PurchaseHistory history, int cutoffDay, double horizonDays) {
        RfmSummary s = history.summaryAt(cutoffDay);
        return new double[] {
            dayModel.logOddsNoTransaction(horizonDays, s.x(), s.tx(), s.T()),
            FastMath.log1p(s.x()),
            FastMath.log1p(s.recency()),
            FastMath.log(FastMath.max(1.0, history.meanSpendUpTo(cutoffDay))),
            FastMath.log(horizonDays)
        };
    }
}

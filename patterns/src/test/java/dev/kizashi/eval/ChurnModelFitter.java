package dev.kizashi.eval;

import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnFeatures;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.LogisticCalibrator;
import dev.kizashi.score.model.PurchaseHistory;
import dev.kizashi.score.model.RfmSummary;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the full churn model on purchase histories, using nothing after {@code calibrationEnd}:
 *
 * <ol>
 *   <li>BG/NBD (days) on the summaries of every customer acquired by {@code calibrationEnd}, as of
 *       {@code calibrationEnd} — this is the model that scores customers.
 *   <li>For each training cut-off {@code c < calibrationEnd}: a separate BG/NBD fitted on the data
 *       up to {@code c} only, features as of {@code c} with horizon {@code calibrationEnd - c}, and
 *       label "no purchase day in {@code (c, calibrationEnd]}". The rows of all cut-offs are
 *       stacked and the {@link LogisticCalibrator} is fitted on them.
 * </ol>
 *
 * The calibrator therefore never sees anything after {@code calibrationEnd}; at scoring time the
 * horizon (e.g. 273 days) is usually longer than the training horizons, which the {@code
 * log_horizon_days} feature and the BG/NBD horizon term carry.
 */
public final class ChurnModelFitter {
    private ChurnModelFitter() {}

    /** Fitted model plus the training diagnostics. */
    public record Result(
            ChurnModelFile model,
            BgNbd.Fit scoringFit,
            List<BgNbd> cutoffModels,
            int calibratorRows,
            double calibratorTrainChurnRate) {}

    public static Result fit(
            List<PurchaseHistory> histories,
            LocalDate calibrationEnd,
            int horizonDays,
            List<LocalDate> trainingCutoffs,
            double l2) {
        int end = (int) calibrationEnd.toEpochDay();
        List<RfmSummary> summaries = new ArrayList<>();
        for (PurchaseHistory h : histories) {
            if (h.acquiredBy(end)) {
                summaries.add(h.summaryAt(end));
            }
        }
        BgNbd.Fit scoring = BgNbd.fit(summaries);

        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<BgNbd> cutoffModels = new ArrayList<>();
        for (LocalDate cutoff : trainingCutoffs) {
            int c = (int) cutoff.toEpochDay();
            if (c >= end) {
                throw new IllegalArgumentException(
                        "training cut-off " + cutoff + " must precede " + calibrationEnd);
            }
            List<PurchaseHistory> acquired = new ArrayList<>();
            List<RfmSummary> atCutoff = new ArrayList<>();
            for (PurchaseHistory h : histories) {
                if (h.acquiredBy(c)) {
                    acquired.add(h);
                    atCutoff.add(h.summaryAt(c));
                }
            }
            BgNbd m = BgNbd.fit(atCutoff).model();
            cutoffModels.add(m);
            for (PurchaseHistory h : acquired) {
                rows.add(ChurnFeatures.compute(m, h, c, end - c));
                labels.add(!h.purchasedIn(c, end));
            }
        }
        boolean[] y = new boolean[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        LogisticCalibrator cal =
                LogisticCalibrator.fit(ChurnFeatures.NAMES, rows.toArray(new double[0][]), y, l2);
        ChurnModelFile file =
                ChurnModelFile.of(
                        scoring.model(),
                        cal,
                        horizonDays,
                        calibrationEnd,
                        trainingCutoffs,
                        calibrationEnd,
                        l2);
        return new Result(file, scoring, cutoffModels, y.length, ChurnMetrics.baseRate(y));
    }
}

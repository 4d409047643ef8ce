package dev.kizashi.eval;

import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnFeatures;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.LogisticCalibrator;
import dev.kizashi.score.model.PurchaseHistory;
import dev.kizashi.score.model.RfmSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Hold-out evaluation on CDNOW. Calibration period: everything up to and including 1997-09-30;
 * hold-out: 1997-10-01 .. 1998-06-30 (273 days); churn = no purchase day in the hold-out. Every
 * fitted part sees data up to 1997-09-30 only (see {@link ChurnModelFitter}).
 *
 * <p>Usage: {@code CdnowEvaluation [path/to/CDNOW_master.txt] [maxCustomers]}.
 */
public final class CdnowEvaluation {
    public static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    public static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);
    public static final List<LocalDate> TRAINING_CUTOFFS =
            List.of(LocalDate.of(1997, 4, 30), LocalDate.of(1997, 5, 31));
    public static final double L2 = 1.0;

    private CdnowEvaluation() {}

    /** One line of the table; NaN where the score is not a probability. */
    public record Row(
            String score, double auc, double logLoss, double brier, double topDecileLift) {}

    /** Everything the evaluation computed. */
    public record Report(
            int customers,
            double holdoutChurnRate,
            ChurnModelFitter.Result fit,
            List<Row> rows,
            double[] calibrated,
            double[] recency,
            double[] negExpected,
            double[] bgnbdNoOrder,
            boolean[] churned) {}

    public static Report evaluate(List<PurchaseHistory> histories) {
        int end = (int) CALIBRATION_END.toEpochDay();
        int hold = (int) HOLDOUT_END.toEpochDay();
        int horizon = hold - end;
        ChurnModelFitter.Result fit =
                ChurnModelFitter.fit(histories, CALIBRATION_END, horizon, TRAINING_CUTOFFS, L2);
        ChurnModelFile model = fit.model();
        BgNbd m = model.bgNbd();
        LogisticCalibrator cal = model.calibrator();
        List<PurchaseHistory> scored = new ArrayList<>();
        for (PurchaseHistory h : histories) {
            if (h.acquiredBy(end)) {
                scored.add(h);
            }
        }
        int n = scored.size();
        double[] calibrated = new double[n];
        double[] recency = new double[n];
        double[] negExpected = new double[n];
        double[] noOrder = new double[n];
        boolean[] churned = new boolean[n];
        for (int i = 0; i < n; i++) {
            PurchaseHistory h = scored.get(i);
            RfmSummary s = h.summaryAt(end);
            calibrated[i] = cal.probability(ChurnFeatures.compute(m, h, end, horizon));
            recency[i] = s.recency();
            negExpected[i] = -m.expectedTransactions(horizon, s);
            noOrder[i] = m.probabilityNoTransaction(horizon, s);
            churned[i] = !h.purchasedIn(end, hold);
        }
        List<Row> rows =
                List.of(
                        probabilityRow(
                                "calibrated (logistic on BG/NBD + RFM)", calibrated, churned),
                        rankRow("recency (days since last purchase)", recency, churned),
                        rankRow("BG/NBD -E[transactions in hold-out]", negExpected, churned),
                        probabilityRow("BG/NBD P(no order in hold-out)", noOrder, churned));
        return new Report(
                n,
                ChurnMetrics.baseRate(churned),
                fit,
                rows,
                calibrated,
                recency,
                negExpected,
                noOrder,
                churned);
    }

    private static Row probabilityRow(String name, double[] p, boolean[] y) {
        return new Row(
                name,
                ChurnMetrics.auc(p, y),
                ChurnMetrics.logLoss(p, y),
                ChurnMetrics.brier(p, y),
                ChurnMetrics.topDecileLift(p, y));
    }

    private static Row rankRow(String name, double[] score, boolean[] y) {
        return new Row(
                name,
                ChurnMetrics.auc(score, y),
                Double.NaN,
                Double.NaN,
                ChurnMetrics.topDecileLift(score, y));
    }

    /** Walks up from the working directory looking for {@code shared/data/cdnow}. */
    public static Optional<Path> locateCdnowDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("data").resolve("cdnow");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    public static String format(Report r) {
        StringBuilder sb = new StringBuilder();
        ChurnModelFile f = r.fit().model();
        BgNbd m = f.bgNbd();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "CDNOW: %d customers, calibration through %s, hold-out %s..%s,"
                                + " churn rate %.4f%n",
                        r.customers(),
                        CALIBRATION_END,
                        CALIBRATION_END.plusDays(1),
                        HOLDOUT_END,
                        r.holdoutChurnRate()));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "BG/NBD (days, data <= %s): r=%.4f alpha=%.4f a=%.4f b=%.4f"
                                + " (alpha in weeks %.4f), LL=%.2f%n",
                        CALIBRATION_END,
                        m.r(),
                        m.alpha(),
                        m.a(),
                        m.b(),
                        m.alpha() / 7,
                        r.fit().scoringFit().logLikelihood()));
        for (int i = 0; i < TRAINING_CUTOFFS.size(); i++) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "  calibrator cut-off %s: BG/NBD on data <= cut-off %s, label window"
                                    + " (cut-off, %s]%n",
                            TRAINING_CUTOFFS.get(i),
                            r.fit().cutoffModels().get(i),
                            CALIBRATION_END));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Calibrator: %d rows, train churn rate %.4f, intercept %.4f%n",
                        r.fit().calibratorRows(),
                        r.fit().calibratorTrainChurnRate(),
                        f.intercept()));
        for (int j = 0; j < f.featureNames().size(); j++) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "  %-26s %9.4f%n",
                            f.featureNames().get(j),
                            f.weights()[j]));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-40s %7s %9s %7s %10s%n",
                        "score",
                        "AUC",
                        "log-loss",
                        "Brier",
                        "top10 lift"));
        for (Row row : r.rows()) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-40s %7.4f %9.4f %7.4f %10.4f%n",
                            row.score(),
                            row.auc(),
                            row.logLoss(),
                            row.brier(),
                            row.topDecileLift()));
        }
        sb.append("Calibration table (calibrated score):\n");
        for (ChurnMetrics.CalibrationBin b :
                ChurnMetrics.calibrationTable(r.calibrated(), r.churned())) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "  [%.1f, %.1f) n=%5d predicted %.4f observed %.4f%n",
                            b.lower(),
                            b.upper(),
                            b.count(),
                            b.meanPredicted(),
                            b.observedRate()));
        }
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        Path file =
                args.length > 0
                        ? Path.of(args[0])
                        : locateCdnowDir()
                                .orElseThrow(() -> new IOException("shared/data/cdnow not found"))
                                .resolve("CDNOW_master.txt");
        int max = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        List<PurchaseHistory> histories = CdnowData.read(file, max);
        long t1 = System.nanoTime();
        Report r = evaluate(histories);
        long t2 = System.nanoTime();
        System.out.print(format(r));
        System.out.printf(
                Locale.ROOT,
                "Run time: read %.2f s, fit + evaluate %.2f s%n",
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
    }
}

package dev.kizashi.evaluate;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.eval.ChurnMetrics;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.generator.GroundTruth;
import dev.kizashi.generator.LabelsCsv;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.wire.OutputDocuments.ScoreDoc;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Ground-truth evaluation of a generated stream: the model is fitted on the data up to {@code
 * trainUntil}, the whole stream is replayed through the job, and the score at each month boundary
 * is compared with the labels' churn times within the horizon.
 */
public final class GroundTruthEvaluation {
    private GroundTruthEvaluation() {}

    /**
     * @param trainUntil null for the month end nearest before the middle of the data
     */
    public record Settings(
            Path events,
            InputFormat format,
            String csvMapping,
            Path labels,
            int horizonDays,
            LocalDate trainUntil,
            List<LocalDate> cutoffs,
            List<String> features,
            double l2,
            Path out,
            Configuration jobConf) {

        ModelFitting.Settings fit(LocalDate until, int horizon) {
            return ModelFitting.Settings.forJob(until, horizon, cutoffs, features, l2, jobConf);
        }
    }

    /** One row of the ground-truth table. */
    public record AsOfRow(
            LocalDate asOf,
            boolean afterTraining,
            int customers,
            int churners,
            double aucScore,
            double aucRecency,
            double logLoss) {}

    public static List<AsOfRow> run(Settings s, PrintStream console) throws Exception {
        long t0 = System.nanoTime();
        int horizon = s.horizonDays();
        EventLog log = EventLog.read(s.events(), s.format(), s.csvMapping());
        Map<String, Instant> churnTime = new HashMap<>();
        for (GroundTruth g : LabelsCsv.read(s.labels())) {
            if (g.churnTime() != null) {
                churnTime.put(g.customerId(), g.churnTime());
            }
        }
        LocalDate first = log.firstDay();
        LocalDate last = log.lastDay();
        LocalDate until = s.trainUntil() != null ? s.trainUntil() : defaultTrainUntil(first, last);
        ProfileModelFitter.Result fit = ModelFitting.fit(log, s.fit(until, horizon));
        ModelFitting.printSummary(console, log, fit);
        long lines = log.lines();
        log = null;

        // Month boundaries inside the data, skipping the first month, whose label window ends
        // inside the data.
        List<LocalDate> boundaries = new ArrayList<>();
        for (LocalDate b = first.withDayOfMonth(1).plusMonths(2);
                !b.plusDays(horizon).isAfter(last.plusDays(1));
                b = b.plusMonths(1)) {
            boundaries.add(b);
        }
        if (boundaries.isEmpty()) {
            throw new IllegalArgumentException(
                    "no month boundary with " + horizon + " days of data after it");
        }
        List<Long> instants = boundaries.stream().map(b -> b.toEpochDay() * DAY_MS - 1).toList();
        Path model = s.out().resolve("model.json");
        Files.createDirectories(s.out());
        fit.model().write(model);
        FileJob.Summary run =
                JobReplay.run(
                        s.events(),
                        s.format(),
                        s.csvMapping(),
                        s.jobConf(),
                        model,
                        instants,
                        lines,
                        s.out(),
                        console);
        Map<Long, Map<String, ScoreDoc>> snaps =
                JobReplay.readSnapshots(s.out().resolve(FileJob.SNAPSHOTS));

        List<AsOfRow> rows = new ArrayList<>();
        for (int k = 0; k < boundaries.size(); k++) {
            LocalDate b = boundaries.get(k);
            long asOfMs = b.toEpochDay() * DAY_MS;
            long windowEnd = asOfMs + horizon * DAY_MS;
            List<Double> sc = new ArrayList<>();
            List<Double> rec = new ArrayList<>();
            List<Boolean> y = new ArrayList<>();
            for (ScoreDoc sn : snaps.getOrDefault(instants.get(k), Map.of()).values()) {
                Instant ct = churnTime.get(sn.customerId());
                if (ct != null && ct.toEpochMilli() < asOfMs) {
                    continue; // churned already
                }
                sc.add(sn.score());
                rec.add(sn.lastOrderTs() > 0 ? (asOfMs - sn.lastOrderTs()) / (double) DAY_MS : 1e6);
                y.add(ct != null && ct.toEpochMilli() < windowEnd);
            }
            double[] sa = sc.stream().mapToDouble(Double::doubleValue).toArray();
            double[] ra = rec.stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] ya = new boolean[y.size()];
            int pos = 0;
            for (int i = 0; i < ya.length; i++) {
                ya[i] = y.get(i);
                pos += ya[i] ? 1 : 0;
            }
            rows.add(
                    new AsOfRow(
                            b,
                            b.isAfter(until),
                            ya.length,
                            pos,
                            ChurnMetrics.auc(sa, ya),
                            ChurnMetrics.auc(ra, ya),
                            ChurnMetrics.logLoss(sa, ya)));
        }
        console.println();
        console.printf(
                Locale.ROOT,
                "%s: churn (labels.csv churnTime) within %d days of each as-of date, among"
                        + " customers known and not yet churned; model fitted on data through %s%n",
                s.events().getFileName(),
                horizon,
                until);
        console.printf(
                Locale.ROOT,
                "%-11s %-13s %9s %8s %7s %9s %11s %9s%n",
                "as-of",
                "period",
                "customers",
                "churners",
                "rate",
                "AUC score",
                "AUC recency",
                "log-loss");
        for (AsOfRow r : rows) {
            console.printf(
                    Locale.ROOT,
                    "%-11s %-13s %,9d %,8d %7.4f %9.4f %11.4f %9.4f%n",
                    r.asOf(),
                    r.afterTraining() ? "after fit" : "in fit data",
                    r.customers(),
                    r.churners(),
                    r.customers() == 0 ? Double.NaN : r.churners() / (double) r.customers(),
                    r.aucScore(),
                    r.aucRecency(),
                    r.logLoss());
        }
        console.printf(
                Locale.ROOT,
                "run time: %.1f s (job replay %.1f s)%n",
                (System.nanoTime() - t0) / 1e9,
                run.elapsedSeconds());
        return rows;
    }

    /** The month end nearest before the middle of the data. */
    public static LocalDate defaultTrainUntil(LocalDate first, LocalDate last) {
        LocalDate mid = first.plusDays((last.toEpochDay() - first.toEpochDay()) / 2);
        return mid.withDayOfMonth(1).minusDays(1);
    }
}

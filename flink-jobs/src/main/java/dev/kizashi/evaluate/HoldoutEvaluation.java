package dev.kizashi.evaluate;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.dashboards.report.EvaluationReport;
import dev.kizashi.eval.HoldoutCeiling;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.ProfileFeatures;
import dev.kizashi.score.model.RfmSummary;
import dev.kizashi.wire.OutputDocuments.ScoreDoc;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;

/**
 * Hold-out evaluation: fits the model on the calibration period only, replays the whole log through
 * the churn job with a score snapshot at the calibration end, and compares the job's score with
 * recency and BG/NBD on the hold-out (churn: no order in it, or a cancellation).
 */
public final class HoldoutEvaluation {
    private HoldoutEvaluation() {}

    public static final int CEILING_FOLDS = 5;

    /**
     * @param horizonDays ignored (with a note) when it is not the hold-out's length; may be null
     * @param ceiling also the diagnostic rows fitted on the hold-out labels themselves
     */
    public record Settings(
            Path events,
            InputFormat format,
            String csvMapping,
            LocalDate calibrationEnd,
            LocalDate holdoutEnd,
            Integer horizonDays,
            List<LocalDate> cutoffs,
            List<String> features,
            double l2,
            boolean ceiling,
            Path out,
            Configuration jobConf) {

        ModelFitting.Settings fit(LocalDate until, int horizon) {
            return ModelFitting.Settings.forJob(until, horizon, cutoffs, features, l2, jobConf);
        }
    }

    /** What a hold-out evaluation computed. */
    public record Result(
            ProfileModelFitter.Result fit,
            EvaluationReport report,
            List<String> customers,
            double[] score,
            double[] recency,
            double[] negExpected,
            boolean[] churned,
            Map<String, Long> lastOrderDayFromLog,
            FileJob.Summary run,
            double seconds) {}

    public static Result run(Settings s, PrintStream console) throws Exception {
        long t0 = System.nanoTime();
        EventLog log = EventLog.read(s.events(), s.format(), s.csvMapping());
        LocalDate calibrationEnd = s.calibrationEnd();
        LocalDate holdoutEnd = s.holdoutEnd();
        int horizon = (int) (holdoutEnd.toEpochDay() - calibrationEnd.toEpochDay());
        Integer horizonDays = s.horizonDays();
        if (horizonDays != null && horizonDays != horizon) {
            console.printf(
                    Locale.ROOT,
                    "note: --horizon-days %d ignored; the hold-out is %d days%n",
                    horizonDays,
                    horizon);
        }
        ProfileModelFitter.Result fit = ModelFitting.fit(log, s.fit(calibrationEnd, horizon));
        long calEnd = ProfileModelFitter.asOf(calibrationEnd);
        long holdEnd = ProfileModelFitter.asOf(holdoutEnd);
        Set<String> orderedInHoldout = new HashSet<>();
        Set<String> cancelledInHoldout = new HashSet<>();
        Map<String, Long> lastOrderDay = new HashMap<>();
        Map<String, List<HoldoutCeiling.Order>> orders = new HashMap<>();
        for (CustomerEvent e : log.events()) {
            boolean order = e.type() == EventType.ORDER;
            if (e.ts() < calEnd) {
                if (order) {
                    lastOrderDay.merge(e.customerId(), Math.floorDiv(e.ts(), DAY_MS), Math::max);
                    if (s.ceiling()) {
                        CustomerEvent.Order o = (CustomerEvent.Order) e;
                        orders.computeIfAbsent(e.customerId(), k -> new ArrayList<>())
                                .add(
                                        new HoldoutCeiling.Order(
                                                o.ts(),
                                                o.amount() == null ? 0 : o.amount(),
                                                o.items() == null ? 0 : o.items()));
                    }
                }
            } else if (e.ts() < holdEnd) {
                if (order) {
                    orderedInHoldout.add(e.customerId());
                } else if (e.type() == EventType.SUBSCRIPTION_CANCELLED) {
                    cancelledInHoldout.add(e.customerId());
                }
            }
        }
        long lines = log.lines();
        ModelFitting.printSummary(console, log, fit);
        log = null; // the job replays the file itself
        double fitSeconds = (System.nanoTime() - t0) / 1e9;

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
                        List.of(JobReplay.snapshotInstant(calibrationEnd)),
                        lines,
                        s.out(),
                        console);
        Map<Long, Map<String, ScoreDoc>> snaps =
                JobReplay.readSnapshots(s.out().resolve(FileJob.SNAPSHOTS));
        Map<String, ScoreDoc> at =
                snaps.getOrDefault(JobReplay.snapshotInstant(calibrationEnd), Map.of());

        List<String> ids = new ArrayList<>(new TreeMap<>(at).keySet());
        int n = ids.size();
        double[] score = new double[n];
        double[] recency = new double[n];
        double[] negExpected = new double[n];
        double[] noOrder = new double[n];
        boolean[] churned = new boolean[n];
        BgNbd m = fit.model().bgNbd();
        int cutoffDay = (int) calibrationEnd.toEpochDay();
        int notInFit = 0;
        for (int i = 0; i < n; i++) {
            String id = ids.get(i);
            ScoreDoc snap = at.get(id);
            score[i] = snap.score();
            CustomerProfile p = fit.profiles().get(id);
            if (p == null) {
                notInFit++;
                p = new CustomerProfile();
            }
            RfmSummary rfm = p.isEmpty() ? new RfmSummary(0, 0, 0) : ProfileFeatures.rfm(p, calEnd);
            recency[i] =
                    snap.lastOrderTs() > 0
                            ? cutoffDay - Math.floorDiv(snap.lastOrderTs(), DAY_MS)
                            : rfm.recency();
            negExpected[i] = -m.expectedTransactions(horizon, rfm);
            noOrder[i] = m.probabilityNoTransaction(horizon, rfm);
            churned[i] = !orderedInHoldout.contains(id) || cancelledInHoldout.contains(id);
        }
        String period =
                String.format(
                        Locale.ROOT,
                        "calibration through %s, hold-out %s..%s (%d days)",
                        calibrationEnd,
                        calibrationEnd.plusDays(1),
                        holdoutEnd,
                        horizon);
        List<String> notes = new ArrayList<>();
        notes.add(s.events().getFileName() + " (" + s.format() + "): " + period);
        notes.add(
                "project score = the job's snapshot as of the end of "
                        + calibrationEnd
                        + " (model fitted on data through "
                        + fit.model().bgnbdFittedThrough()
                        + ", cut-offs "
                        + fit.model().calibratorCutoffs()
                        + ")");
        notes.add(
                "churn = no order in the hold-out"
                        + (s.format() == InputFormat.jsonl ? " or a cancellation in it" : "")
                        + "; customers first seen after the calibration end are excluded");
        List<EvaluationReport.Score> scores =
                new ArrayList<>(
                        List.of(
                                new EvaluationReport.Score(
                                        "(a) Kizashi score (job snapshot)", score, true),
                                new EvaluationReport.Score(
                                        "(b) recency (days since last order)", recency, false),
                                new EvaluationReport.Score(
                                        "(c) BG/NBD -E[orders in hold-out]", negExpected, false),
                                new EvaluationReport.Score(
                                        "(c') BG/NBD P(no order in hold-out)", noOrder, true)));
        if (s.ceiling()) {
            scores.addAll(ceilingScores(fit, ids, orders, churned));
            notes.add(
                    "(d), (e): diagnostics fitted on the hold-out labels themselves, 5-fold, scored"
                            + " out of fold: an upper reference for re-weighting, not a score");
        }
        EvaluationReport rep =
                new EvaluationReport(
                        "Kizashi churn evaluation: " + s.events().getFileName(),
                        notes,
                        scores,
                        churned);
        double seconds = (System.nanoTime() - t0) / 1e9;
        console.println();
        console.printf(
                Locale.ROOT,
                "%s: %,d customers scored at %s, churn rate %.4f%s%n",
                s.events().getFileName(),
                n,
                Instant.ofEpochMilli(JobReplay.snapshotInstant(calibrationEnd)),
                rep.churnRate(),
                notInFit > 0 ? " (" + notInFit + " not seen by the fitter)" : "");
        console.print(rep.table());
        console.printf(
                Locale.ROOT,
                "run time: %.1f s (read + fit %.1f s, job replay %.1f s)%n",
                seconds,
                fitSeconds,
                run.elapsedSeconds());
        return new Result(
                fit, rep, ids, score, recency, negExpected, churned, lastOrderDay, run, seconds);
    }

    /**
     * The {@code --ceiling} rows: (d) the model's features as the job computes them at the
     * calibration end, (e) those plus {@link HoldoutCeiling#historyFeatures} with hinge terms; both
     * fitted on the hold-out labels, out of fold.
     */
    public static List<EvaluationReport.Score> ceilingScores(
            ProfileModelFitter.Result fit,
            List<String> ids,
            Map<String, List<HoldoutCeiling.Order>> orders,
            boolean[] churned) {
        ChurnModelFile model = fit.model();
        long at = JobReplay.snapshotInstant(LocalDate.parse(model.bgnbdFittedThrough()));
        int[] cols =
                model.featureNames().stream().mapToInt(ProfileFeatures.NAMES::indexOf).toArray();
        double[][] served = new double[ids.size()][];
        double[][] extended = new double[ids.size()][];
        for (int i = 0; i < served.length; i++) {
            CustomerProfile p = fit.profiles().getOrDefault(ids.get(i), new CustomerProfile());
            double[] all = ProfileFeatures.compute(model.bgNbd(), p, at, model.horizonDays());
            served[i] = new double[cols.length];
            for (int k = 0; k < cols.length; k++) {
                served[i][k] = all[cols[k]];
            }
            double[] h =
                    HoldoutCeiling.historyFeatures(
                            orders.getOrDefault(ids.get(i), List.of()), at + 1);
            extended[i] = new double[cols.length + h.length];
            System.arraycopy(served[i], 0, extended[i], 0, cols.length);
            System.arraycopy(h, 0, extended[i], cols.length, h.length);
        }
        return List.of(
                new EvaluationReport.Score(
                        "(d) model features, hold-out-fitted (5-fold)",
                        HoldoutCeiling.outOfFold(served, churned, CEILING_FOLDS, model.l2()),
                        true),
                new EvaluationReport.Score(
                        "(e) + history, splines, hold-out-fitted",
                        HoldoutCeiling.outOfFold(
                                HoldoutCeiling.withHinges(extended),
                                churned,
                                CEILING_FOLDS,
                                model.l2()),
                        true));
    }
}

package dev.kizashi.cli;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kizashi.eval.ChurnMetrics;
import dev.kizashi.eval.HoldoutCeiling;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.generator.GroundTruth;
import dev.kizashi.generator.LabelsCsv;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.KizashiOptions;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.ProfileFeatures;
import dev.kizashi.score.model.RfmSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kizashi evaluate}: fits the model on the calibration period only, replays the whole log
 * through the churn job (embedded, event time) with score snapshots at the calibration end, and
 * compares the job's score with recency and BG/NBD on the hold-out; or, with {@code --labels},
 * scores a generated stream at monthly as-of dates against its ground truth.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate the churn score on a history: hold-out mode (--calibration-end,"
                        + " --holdout-end) or ground-truth mode (--labels labels.csv --as-of"
                        + " monthly).")
final class EvaluateCommand implements Callable<Integer> {

    @Mixin HistoryInput input;

    @Option(
            names = "--calibration-end",
            paramLabel = "DATE",
            description = "Last day (inclusive, UTC) the model and the scores may see.")
    LocalDate calibrationEnd;

    @Option(
            names = "--holdout-end",
            paramLabel = "DATE",
            description = "Last day of the hold-out window (calibration end, holdout end].")
    LocalDate holdoutEnd;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "Ground truth labels.csv of a generated stream (ground-truth mode).")
    Path labels;

    @Option(
            names = "--as-of",
            defaultValue = "monthly",
            description = "As-of dates in ground-truth mode: monthly (default: ${DEFAULT-VALUE}).")
    String asOf;

    @Option(
            names = "--horizon-days",
            paramLabel = "N",
            description =
                    "Ground-truth mode: churn within N days of each as-of date (default 60)."
                            + " Hold-out mode: the hold-out length.")
    Integer horizonDays;

    @Option(
            names = "--train-until",
            paramLabel = "DATE",
            description =
                    "Ground-truth mode: the model is fitted on data up to this day (default: the"
                            + " month end nearest before the middle of the data).")
    LocalDate trainUntil;

    @Option(
            names = "--cutoffs",
            split = ",",
            paramLabel = "DATE",
            description = "Training cut-offs, as for `fit`.")
    List<LocalDate> cutoffs;

    @Option(
            names = "--features",
            defaultValue = "all",
            paramLabel = "LIST",
            description = "Features of the calibrated layer, as for `fit` (default: all).")
    String features;

    @Option(
            names = "--l2",
            defaultValue = "1.0",
            description = "L2 penalty of the calibrator (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(
            names = "--ceiling",
            description =
                    "Hold-out mode: also print two diagnostic rows, logistic layers fitted on the"
                            + " hold-out labels themselves (5-fold, scored out of fold): on the"
                            + " model's features, and on those plus order-history features the"
                            + " profile does not keep and fixed-knot splines. An upper reference"
                            + " for re-weighting, not a score.")
    boolean ceiling;

    @Option(
            names = "--report",
            paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page (calibration plot, ROC curves).")
    Path report;

    @Option(
            names = "--out",
            defaultValue = "out/evaluate",
            paramLabel = "DIR",
            description =
                    "Working directory: model.json, score-snapshots.jsonl, the job's dead letters"
                            + " and late events; no alert or score-change files"
                            + " (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin JobOptions jobOptions = new JobOptions();

    PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input.events)) {
            System.err.println("kizashi evaluate: no such file: " + input.events);
            return 2;
        }
        if (labels != null) {
            if (!"monthly".equals(asOf)) {
                System.err.println("kizashi evaluate: --as-of supports monthly only");
                return 2;
            }
            groundTruth();
            return 0;
        }
        if (calibrationEnd == null || holdoutEnd == null || !holdoutEnd.isAfter(calibrationEnd)) {
            System.err.println(
                    "kizashi evaluate: give --calibration-end and a later --holdout-end, or"
                            + " --labels");
            return 2;
        }
        holdout();
        return 0;
    }

    /** End of a day as a snapshot instant: its last millisecond, so all its events are in. */
    static long snapshotInstant(LocalDate day) {
        return ProfileModelFitter.asOf(day) - 1;
    }

    /** What a hold-out evaluation computed, for the tests. */
    record HoldoutResult(
            ProfileModelFitter.Result fit,
            EvaluationReport report,
            List<String> customers,
            double[] score,
            double[] recency,
            double[] negExpected,
            boolean[] churned,
            Map<String, Long> lastOrderDayFromLog,
            EmbeddedRun.Summary run,
            double seconds) {}

    HoldoutResult holdout() throws Exception {
        long t0 = System.nanoTime();
        FitCommand.Log log = FitCommand.readLog(input.events, input.format, input.csvMapping);
        int horizon = (int) (holdoutEnd.toEpochDay() - calibrationEnd.toEpochDay());
        if (horizonDays != null && horizonDays != horizon) {
            console.printf(
                    Locale.ROOT,
                    "note: --horizon-days %d ignored; the hold-out is %d days%n",
                    horizonDays,
                    horizon);
        }
        ProfileModelFitter.Result fit =
                FitCommand.fit(
                        log,
                        calibrationEnd,
                        horizon,
                        cutoffs,
                        FitCommand.featureList(features),
                        l2);
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
                    if (ceiling) {
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
        FitCommand.printSummary(console, log, fit);
        log = null; // the job replays the file itself
        double fitSeconds = (System.nanoTime() - t0) / 1e9;

        Path model = out.resolve("model.json");
        Files.createDirectories(out);
        fit.model().write(model);
        EmbeddedRun.Summary run = replay(model, List.of(snapshotInstant(calibrationEnd)), lines);
        Map<Long, Map<String, Snap>> snaps = readSnapshots(out.resolve(EmbeddedRun.SNAPSHOTS));
        Map<String, Snap> at = snaps.getOrDefault(snapshotInstant(calibrationEnd), Map.of());

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
            Snap s = at.get(id);
            score[i] = s.score();
            CustomerProfile p = fit.profiles().get(id);
            if (p == null) {
                notInFit++;
                p = new CustomerProfile();
            }
            RfmSummary rfm = p.isEmpty() ? new RfmSummary(0, 0, 0) : ProfileFeatures.rfm(p, calEnd);
            recency[i] =
                    s.lastOrderTs() > 0
                            ? cutoffDay - Math.floorDiv(s.lastOrderTs(), DAY_MS)
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
        notes.add(input.events.getFileName() + " (" + input.format + "): " + period);
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
                        + (input.format == InputFormat.jsonl ? " or a cancellation in it" : "")
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
        if (ceiling) {
            scores.addAll(ceilingScores(fit, ids, orders, churned));
            notes.add(
                    "(d), (e): diagnostics fitted on the hold-out labels themselves, 5-fold, scored"
                            + " out of fold: an upper reference for re-weighting, not a score");
        }
        EvaluationReport rep =
                new EvaluationReport(
                        "Kizashi churn evaluation: " + input.events.getFileName(),
                        notes,
                        scores,
                        churned);
        double seconds = (System.nanoTime() - t0) / 1e9;
        console.println();
        console.printf(
                Locale.ROOT,
                "%s: %,d customers scored at %s, churn rate %.4f%s%n",
                input.events.getFileName(),
                n,
                Instant.ofEpochMilli(snapshotInstant(calibrationEnd)),
                rep.churnRate(),
                notInFit > 0 ? " (" + notInFit + " not seen by the fitter)" : "");
        console.print(rep.table());
        console.printf(
                Locale.ROOT,
                "run time: %.1f s (read + fit %.1f s, job replay %.1f s)%n",
                seconds,
                fitSeconds,
                run.elapsedSeconds());
        if (report != null) {
            rep.writeHtml(report);
            console.println("report: " + report.toAbsolutePath());
        }
        return new HoldoutResult(
                fit, rep, ids, score, recency, negExpected, churned, lastOrderDay, run, seconds);
    }

    /**
     * The {@code --ceiling} rows: (d) the model's features as the job computes them at the
     * calibration end, (e) those plus {@link HoldoutCeiling#historyFeatures} with hinge terms; both
     * fitted on the hold-out labels, out of fold.
     */
    static List<EvaluationReport.Score> ceilingScores(
            ProfileModelFitter.Result fit,
            List<String> ids,
            Map<String, List<HoldoutCeiling.Order>> orders,
            boolean[] churned) {
        ChurnModelFile model = fit.model();
        long at = snapshotInstant(LocalDate.parse(model.bgnbdFittedThrough()));
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

    static final int CEILING_FOLDS = 5;

    /** One row of the ground-truth table. */
    record AsOfRow(
            LocalDate asOf,
            boolean afterTraining,
            int customers,
            int churners,
            double aucScore,
            double aucRecency,
            double logLoss) {}

    List<AsOfRow> groundTruth() throws Exception {
        long t0 = System.nanoTime();
        int horizon = horizonDays == null ? 60 : horizonDays;
        FitCommand.Log log = FitCommand.readLog(input.events, input.format, input.csvMapping);
        Map<String, Instant> churnTime = new HashMap<>();
        for (GroundTruth g : LabelsCsv.read(labels)) {
            if (g.churnTime() != null) {
                churnTime.put(g.customerId(), g.churnTime());
            }
        }
        LocalDate first = log.firstDay();
        LocalDate last = log.lastDay();
        LocalDate until = trainUntil != null ? trainUntil : defaultTrainUntil(first, last);
        ProfileModelFitter.Result fit =
                FitCommand.fit(log, until, horizon, cutoffs, FitCommand.featureList(features), l2);
        FitCommand.printSummary(console, log, fit);
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
        Path model = out.resolve("model.json");
        Files.createDirectories(out);
        fit.model().write(model);
        EmbeddedRun.Summary run = replay(model, instants, lines);
        Map<Long, Map<String, Snap>> snaps = readSnapshots(out.resolve(EmbeddedRun.SNAPSHOTS));

        List<AsOfRow> rows = new ArrayList<>();
        for (int k = 0; k < boundaries.size(); k++) {
            LocalDate b = boundaries.get(k);
            long asOfMs = b.toEpochDay() * DAY_MS;
            long windowEnd = asOfMs + horizon * DAY_MS;
            List<Double> s = new ArrayList<>();
            List<Double> rec = new ArrayList<>();
            List<Boolean> y = new ArrayList<>();
            for (Snap sn : snaps.getOrDefault(instants.get(k), Map.of()).values()) {
                Instant ct = churnTime.get(sn.customerId());
                if (ct != null && ct.toEpochMilli() < asOfMs) {
                    continue; // churned already
                }
                s.add(sn.score());
                rec.add(sn.lastOrderTs() > 0 ? (asOfMs - sn.lastOrderTs()) / (double) DAY_MS : 1e6);
                y.add(ct != null && ct.toEpochMilli() < windowEnd);
            }
            double[] sa = s.stream().mapToDouble(Double::doubleValue).toArray();
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
                input.events.getFileName(),
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
    static LocalDate defaultTrainUntil(LocalDate first, LocalDate last) {
        LocalDate mid = first.plusDays((last.toEpochDay() - first.toEpochDay()) / 2);
        return mid.withDayOfMonth(1).minusDays(1);
    }

    /** Replays the whole log through the job with the model and the snapshot instants. */
    private EmbeddedRun.Summary replay(Path model, List<Long> snapshotInstants, long lines)
            throws Exception {
        Configuration conf = jobOptions.toConfiguration();
        conf.setString(KizashiOptions.SCORE_MODEL.key(), model.toAbsolutePath().toString());
        conf.setString(
                KizashiOptions.SCORE_SNAPSHOTS.key(),
                snapshotInstants.stream()
                        .map(t -> Instant.ofEpochMilli(t).toString())
                        .collect(Collectors.joining(";")));
        int maxLineChars = ChurnJobConfig.from(conf).maxLineChars();
        FileReplay replay =
                FileReplay.prepare(
                        input.events,
                        input.format,
                        input.csvMapping,
                        maxLineChars,
                        input.format != InputFormat.jsonl,
                        out,
                        console);
        Files.deleteIfExists(out.resolve(EmbeddedRun.SNAPSHOTS));
        console.println("kizashi: replaying " + input.events + " through the churn job -> " + out);
        EmbeddedRun run = new EmbeddedRun(out, conf, System.err, 0).snapshotsOnly();
        EmbeddedRun.Summary s =
                run.run(replay.source(), "file " + replay.origin(), replay.decoder(), lines, 1);
        console.printf(
                Locale.ROOT,
                "job: %,d events applied, %,d late, %,d duplicates, %,d customers, %.1f s%n",
                s.events(),
                s.lateEvents(),
                s.duplicates(),
                s.customers(),
                s.elapsedSeconds());
        return s;
    }

    /** One snapshot line. */
    record Snap(String customerId, long asOf, double score, long lastOrderTs) {}

    static Map<Long, Map<String, Snap>> readSnapshots(Path file) throws IOException {
        Map<Long, Map<String, Snap>> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = mapper.readTree(line);
                long asOf = Instant.parse(n.path("asOf").asText()).toEpochMilli();
                long lastOrder =
                        n.hasNonNull("lastOrder")
                                ? Instant.parse(n.get("lastOrder").asText()).toEpochMilli()
                                : 0;
                Snap s =
                        new Snap(
                                n.path("customerId").asText(),
                                asOf,
                                n.path("score").asDouble(),
                                lastOrder);
                Snap prev = out.computeIfAbsent(asOf, k -> new HashMap<>()).put(s.customerId(), s);
                if (prev != null) {
                    throw new IOException("two snapshots of " + s.customerId() + " at " + asOf);
                }
            }
        }
        return out;
    }
}

package dev.kizashi.cli;

import dev.kizashi.evaluate.GroundTruthEvaluation;
import dev.kizashi.evaluate.HoldoutEvaluation;
import dev.kizashi.evaluate.ModelFitting;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
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
            GroundTruthEvaluation.run(
                    new GroundTruthEvaluation.Settings(
                            input.events,
                            input.format,
                            input.csvMapping,
                            labels,
                            horizonDays == null ? 60 : horizonDays,
                            trainUntil,
                            cutoffs,
                            ModelFitting.featureList(features),
                            l2,
                            out,
                            jobOptions.toConfiguration()),
                    console);
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

    /** Runs the hold-out mode with this command's flags; writes the report if asked. */
    HoldoutEvaluation.Result holdout() throws Exception {
        HoldoutEvaluation.Result r =
                HoldoutEvaluation.run(
                        new HoldoutEvaluation.Settings(
                                input.events,
                                input.format,
                                input.csvMapping,
                                calibrationEnd,
                                holdoutEnd,
                                horizonDays,
                                cutoffs,
                                ModelFitting.featureList(features),
                                l2,
                                ceiling,
                                out,
                                jobOptions.toConfiguration()),
                        console);
        if (report != null) {
            r.report().writeHtml(report);
            console.println("report: " + report.toAbsolutePath());
        }
        return r;
    }
}

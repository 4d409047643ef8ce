package dev.kizashi.cli;

import dev.kizashi.eval.AlertQuality;
import dev.kizashi.evaluate.AlertEvaluation;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kizashi evaluate-alerts}: replays a generated event file through the churn job (embedded,
 * the same job as {@code run}), collects its alerts and measures them against the generator's
 * ground truth ({@link AlertQuality}: volume, precision, recall, lead time, repeats).
 */
@Command(
        name = "evaluate-alerts",
        mixinStandardHelpOptions = true,
        description =
                "Replay a generated stream (events.jsonl) through the job and measure its alerts"
                        + " against the ground truth (labels.csv): alerts per 1,000 customers per"
                        + " month, precision, recall, median lead time and repeats inside the"
                        + " cooldown, per pattern and overall.")
final class EvaluateAlertsCommand implements Callable<Integer> {

    @Option(
            names = "--events",
            required = true,
            paramLabel = "FILE",
            description = "JSON-lines events, e.g. from `kizashi generate`.")
    Path events;

    @Option(
            names = "--labels",
            required = true,
            paramLabel = "FILE",
            description = "The generator's ground truth labels.csv.")
    Path labels;

    @Option(
            names = "--horizon-days",
            defaultValue = "60",
            paramLabel = "N",
            description =
                    "An alert predicts a churn that comes within N days after it (default:"
                            + " ${DEFAULT-VALUE}).")
    int horizonDays;

    @Option(
            names = "--out",
            defaultValue = "out/evaluate-alerts",
            paramLabel = "DIR",
            description = "Working directory for the job's outputs (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin JobOptions jobOptions = new JobOptions();

    PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        for (Path f : new Path[] {events, labels}) {
            if (!Files.isRegularFile(f)) {
                System.err.println("kizashi evaluate-alerts: no such file: " + f);
                return 2;
            }
        }
        AlertEvaluation.run(
                events, labels, horizonDays, out, jobOptions.toConfiguration(), console);
        return 0;
    }
}

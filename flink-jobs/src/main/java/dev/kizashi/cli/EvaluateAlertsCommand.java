package dev.kizashi.cli;

import dev.kizashi.eval.AlertQuality;
import dev.kizashi.evaluate.AlertEvaluation;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kizashi evaluate-alerts}: replays a generated event file through the churn job (embedded,
 * the same job as {@code run}), collects its alerts and measures them, beside the naive rule,
 * against the generator's ground truth or, without one, against churn taken from the data itself
 * ({@link AlertQuality}: volume, precision, recall, lead time, repeats).
 */
@Command(
        name = "evaluate-alerts",
        mixinStandardHelpOptions = true,
        description =
                "Replay a history (contract JSON lines, a CDNOW log or a CSV order export)"
                        + " through the job and measure its alerts, beside the"
                        + " naive rule (an alert on every precursor event), against ground truth"
                        + " (--labels labels.csv) or, without it, against churn taken from the"
                        + " data: alerts per 1,000 customers per month, precision, recall, median"
                        + " lead time, repeats inside the cooldown and alerts after the churn.")
final class EvaluateAlertsCommand implements Callable<Integer> {

    @Mixin HistoryInput input = new HistoryInput();

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description =
                    "A generator's ground truth labels.csv. Without it, churn is taken from the"
                            + " data: a cancellation; a subscriber's deliveries that stop (the last"
                            + " cycle order plus one cycle); a buyer without a subscription who"
                            + " does not order again within the horizon.")
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

    @Option(
            names = "--train-until",
            paramLabel = "DATE",
            description =
                    "Learn on the data through this day which patterns carry a signal (as `fit`"
                            + " does), mute the others, and measure only what follows it.")
    LocalDate trainUntil;

    @Mixin JobOptions jobOptions = new JobOptions();

    PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        for (Path f : new Path[] {input.events, labels}) {
            if (f != null && !Files.isRegularFile(f)) {
                System.err.println("kizashi evaluate-alerts: no such file: " + f);
                return 2;
            }
        }
        AlertEvaluation.run(
                input.events,
                input.format,
                input.csvMapping,
                labels,
                horizonDays,
                trainUntil,
                out,
                jobOptions.toConfiguration(),
                console);
        return 0;
    }
}

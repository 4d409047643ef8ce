package dev.kizashi.cli;

import dev.kizashi.evaluate.EventLog;
import dev.kizashi.evaluate.ModelFitting;
import dev.kizashi.evaluate.RiskFitting;
import dev.kizashi.jobs.ChurnJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kizashi fit}: fits the churn model (BG/NBD + calibrated layer) from an event log. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        description =
                "Fit the churn model on a history (data up to --until only) and write the model"
                        + " file the job loads with -c kizashi.score.model=FILE.")
final class FitCommand implements Callable<Integer> {

    @Mixin HistoryInput input;

    @Option(
            names = "--until",
            required = true,
            paramLabel = "DATE",
            description = "Last day of data used (inclusive, UTC); later events are ignored.")
    LocalDate until;

    @Option(
            names = "--horizon-days",
            defaultValue = "90",
            paramLabel = "N",
            description =
                    "Scoring horizon: the score is P(churn within N days). Training label windows"
                            + " are min(N, until - cut-off) days (default: ${DEFAULT-VALUE}).")
    int horizonDays;

    @Option(
            names = "--cutoffs",
            split = ",",
            paramLabel = "DATE",
            description =
                    "Training cut-offs (comma-separated days before --until). Default: the last"
                            + " month ends (up to six, after 28 days of data) leaving min(horizon,"
                            + " 40% of the span) days of labels.")
    List<LocalDate> cutoffs;

    @Option(
            names = "--features",
            defaultValue = "all",
            paramLabel = "LIST",
            description =
                    "all | purchase | comma-separated feature names. Features constant in the"
                            + " training rows are dropped (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(
            names = "--l2",
            defaultValue = "1.0",
            description = "L2 penalty of the calibrator (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(
            names = "--alert-horizon-days",
            defaultValue = "60",
            paramLabel = "N",
            description =
                    "An alert counts as right when the customer churns within N days after it;"
                            + " each pattern alerts from the lowest score at which its alerts were"
                            + " right 1.5x as often as the base rate; one that never was, or whose"
                            + " alerts came mostly after the churn, is muted in the model"
                            + " (default: ${DEFAULT-VALUE}).")
    int alertHorizonDays;

    @Option(
            names = "--alert-precision",
            paramLabel = "P",
            description =
                    "Alert from the lowest churn probability at which the first alerts were right"
                            + " this often in the history (0-1). Default: the probability that"
                            + " beats the naive rule on recall and precision by the widest margin"
                            + " without more alerts.")
    Double alertPrecision;

    @Option(
            names = "--channel-precision",
            paramLabel = "CHANNEL=P",
            description =
                    "A channel (call_center, line, email, push) gets its alerts from the lowest"
                            + " probability at which they were right this often; below it they go"
                            + " to kizashi.alert.fallback-channel. Repeatable.")
    Map<String, Double> channelPrecision = new TreeMap<>();

    @Option(
            names = "--channel-capacity",
            paramLabel = "CHANNEL=N",
            description =
                    "A channel gets at most about N alerts a day (as in the history, scaled to"
                            + " its customers): the lowest probability that keeps it under."
                            + " Repeatable; with --channel-precision the stricter wins.")
    Map<String, Double> channelCapacity = new TreeMap<>();

    @Mixin JobOptions jobOptions = new JobOptions();

    @Option(
            names = "--out",
            defaultValue = "model.json",
            paramLabel = "FILE",
            description = "Model file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    /** The first target out of range, as one line; null when all are usable. */
    private String badTarget() {
        if (alertPrecision != null && !(alertPrecision > 0 && alertPrecision <= 1)) {
            return "--alert-precision must be in (0, 1], not " + alertPrecision;
        }
        for (Map.Entry<String, Double> e : channelPrecision.entrySet()) {
            if (!(e.getValue() > 0 && e.getValue() <= 1)) {
                return "--channel-precision "
                        + e.getKey()
                        + " must be in (0, 1], not "
                        + e.getValue();
            }
        }
        for (Map.Entry<String, Double> e : channelCapacity.entrySet()) {
            if (!(e.getValue() > 0)) {
                return "--channel-capacity " + e.getKey() + " must be above 0, not " + e.getValue();
            }
        }
        return null;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input.events)) {
            System.err.println("kizashi fit: no such file: " + input.events);
            return 2;
        }
        String badTarget = badTarget();
        if (badTarget != null) {
            System.err.println("kizashi fit: " + badTarget);
            return 2;
        }
        long t0 = System.nanoTime();
        Configuration conf = jobOptions.toConfiguration();
        EventLog log = EventLog.read(input.events, input.format, input.csvMapping);
        ModelFitting.Fitted f =
                ModelFitting.fitWithGate(
                        log,
                        ModelFitting.Settings.forJob(
                                until,
                                horizonDays,
                                cutoffs,
                                ModelFitting.featureList(features),
                                l2,
                                conf),
                        Duration.ofDays(alertHorizonDays),
                        ChurnJobConfig.from(conf),
                        new RiskFitting.Targets(
                                alertPrecision == null ? Double.NaN : alertPrecision,
                                channelPrecision,
                                channelCapacity));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        f.model().write(out);
        ModelFitting.printSummary(System.out, log, f.fit());
        ModelFitting.printGate(System.out, f.gate());
        RiskFitting.print(System.out, f.risk());
        System.out.printf(
                Locale.ROOT, "model written to %s (%.1f s)%n", out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}

package dev.kizashi.evaluate;

import dev.kizashi.eval.AlertQuality;
import dev.kizashi.eval.ChurnLabels;
import dev.kizashi.eval.NaiveRule;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.generator.GroundTruth;
import dev.kizashi.generator.LabelsCsv;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.FileReplay;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.jobs.KizashiOptions;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputDocuments.AlertDoc;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Replays a generated event file through the churn job (embedded, the same job as {@code run}),
 * collects its alerts and measures them against the generator's ground truth ({@link AlertQuality}:
 * volume, precision, recall, lead time, repeats).
 */
public final class AlertEvaluation {
    private AlertEvaluation() {}

    /**
     * What was measured.
     *
     * @param naiveRows the same table for {@link NaiveRule}, the baseline
     */
    public record Result(
            List<AlertQuality.Row> rows, List<AlertQuality.Row> naiveRows, FileJob.Summary run) {}

    /** The score horizon of the model fitted with {@code trainUntil}, as `fit`'s default. */
    static final int FIT_HORIZON_DAYS = 90;

    public static Result run(
            Path events,
            Path labels,
            int horizonDays,
            Path out,
            Configuration conf,
            PrintStream console)
            throws Exception {
        return run(events, InputFormat.jsonl, null, labels, horizonDays, null, out, conf, console);
    }

    /**
     * @param format the history's format; replayed in event-time order if {@link
     *     InputFormat#sortedByDefault()}, as {@code run --sort auto} does
     * @param trainUntil when given, the patterns with no signal are learned on the data up to this
     *     day ({@link ModelFitting#gate}) and muted, and only what follows it is measured: alerts
     *     raised after it, churners who churn after it
     */
    public static Result run(
            Path events,
            InputFormat format,
            String csvMapping,
            Path labels,
            int horizonDays,
            LocalDate trainUntil,
            Path out,
            Configuration jobConf,
            PrintStream console)
            throws Exception {
        Configuration conf = new Configuration(jobConf);
        ChurnJobConfig config = ChurnJobConfig.from(conf);
        Duration horizon = Duration.ofDays(horizonDays);
        EventLog log = EventLog.read(events, format, csvMapping);
        long[] period = {
            log.events().get(0).ts(),
            log.events().get(log.events().size() - 1).ts() + 1,
            log.lines()
        };
        Map<String, Long> churnTimes = new HashMap<>();
        int customers;
        String labelSource;
        if (labels != null) {
            List<GroundTruth> truth = LabelsCsv.read(labels);
            for (GroundTruth g : truth) {
                if (g.churnTime() != null) {
                    churnTimes.put(g.customerId(), g.churnTime().toEpochMilli());
                }
            }
            customers = truth.size();
            labelSource = "labels churnTime";
        } else {
            Map<String, Boolean> seen = new HashMap<>();
            ChurnLabels.from(log.events().iterator(), period[1], horizon, seen)
                    .forEach((id, c) -> churnTimes.put(id, c.churnTs()));
            customers = seen.size();
            labelSource =
                    "churn from the data (cancellation; deliveries stopped: last cycle + 1 cycle;"
                            + " no order within the horizon)";
        }
        List<AlertQuality.AlertRecord> naive =
                NaiveRule.alerts(log.events().iterator(), config.alertCooldown());
        long measureFrom = period[0];
        if (trainUntil != null) {
            // As `fit` would: the score model, then the alert gate with that model's scores.
            ModelFitting.Fitted f =
                    ModelFitting.fitWithGate(
                            log,
                            ModelFitting.Settings.forJob(
                                    trainUntil,
                                    FIT_HORIZON_DAYS,
                                    null,
                                    ModelFitting.featureList("all"),
                                    1.0,
                                    conf),
                            horizon,
                            config,
                            RiskFitting.Targets.NONE);
            ModelFitting.printGate(console, f.gate());
            RiskFitting.print(console, f.risk());
            Path modelFile = out.resolve("model.json");
            Files.createDirectories(out);
            f.model().write(modelFile);
            conf.setString(KizashiOptions.SCORE_MODEL.key(), modelFile.toAbsolutePath().toString());
            measureFrom = ProfileModelFitter.asOf(trainUntil);
            labelSource +=
                    "; patterns learned on the data through " + trainUntil + ", measured after it";
        }
        log = null; // the job replays the file itself

        FileReplay replay =
                FileReplay.prepare(
                        events,
                        format,
                        csvMapping,
                        config.maxLineChars(),
                        format.sortedByDefault(),
                        out,
                        console);
        console.println("kizashi: replaying " + events + " through the churn job -> " + out);
        FileJob.Summary run =
                new FileJob(out, conf, System.err, 0)
                        .run(
                                replay.source(),
                                "file " + replay.origin(),
                                replay.decoder(),
                                period[2],
                                1);
        List<AlertQuality.AlertRecord> alerts = readAlerts(out.resolve(FileJob.ALERTS));
        if (trainUntil != null) {
            // Only the later part: its alerts, and its churners (AlertQuality counts churners in
            // the period); an alert on a customer who churned earlier still counts as after churn.
            long from = measureFrom;
            alerts = alerts.stream().filter(a -> a.eventTime() >= from).toList();
            naive = naive.stream().filter(a -> a.eventTime() >= from).toList();
            period[0] = from;
        }

        List<AlertQuality.Row> rows =
                AlertQuality.evaluate(
                        alerts,
                        churnTimes,
                        customers,
                        period[0],
                        period[1],
                        horizon,
                        config.alertCooldown());
        List<AlertQuality.Row> naiveRows =
                AlertQuality.evaluate(
                        naive,
                        churnTimes,
                        customers,
                        period[0],
                        period[1],
                        horizon,
                        config.alertCooldown());
        print(
                console,
                events,
                horizonDays,
                labelSource,
                rows,
                naiveRows,
                run,
                customers,
                period,
                config.alertCooldown());
        return new Result(rows, naiveRows, run);
    }

    /** The ALERT and ESCALATION records of an alerts.jsonl (episode closings left out). */
    public static List<AlertQuality.AlertRecord> readAlerts(Path file) throws IOException {
        List<AlertQuality.AlertRecord> out = new ArrayList<>();
        for (AlertDoc a : OutputDocuments.readAlerts(file)) {
            if (a.isAlert()) {
                out.add(new AlertQuality.AlertRecord(a.customerId(), a.pattern(), a.eventTime()));
            }
        }
        return out;
    }

    private static void print(
            PrintStream console,
            Path events,
            int horizonDays,
            String labelSource,
            List<AlertQuality.Row> rows,
            List<AlertQuality.Row> naiveRows,
            FileJob.Summary run,
            int customers,
            long[] period,
            Duration cooldown) {
        console.println();
        console.printf(
                Locale.ROOT,
                "%s: %,d customers, %s .. %s (%.0f days); churn = %s, within %d days after an"
                        + " alert; cooldown %d d%n",
                events.getFileName(),
                customers,
                Instant.ofEpochMilli(period[0]).toString().substring(0, 10),
                Instant.ofEpochMilli(period[1] - 1).toString().substring(0, 10),
                (period[1] - period[0]) / 86_400_000.0,
                labelSource,
                horizonDays,
                cooldown.toDays());
        console.println(table(rows));
        console.println(
                "The naive rule (an alert on every single precursor event, same cooldown):");
        console.println(table(naiveRows));
        AlertQuality.Row k = rows.get(rows.size() - 1);
        AlertQuality.Row n = naiveRows.get(naiveRows.size() - 1);
        console.printf(
                Locale.ROOT,
                "Kizashi vs naive rule: recall %.3f vs %.3f, first-alert precision %.3f vs %.3f,"
                        + " alerts /1k customers /month %.1f vs %.1f, after the churn %.1f%% vs"
                        + " %.1f%%, lead d p50 %.1f vs %.1f%n",
                k.recall(),
                n.recall(),
                k.firstAlertPrecision(),
                n.firstAlertPrecision(),
                k.alertsPer1kCustomerMonths(),
                n.alertsPer1kCustomerMonths(),
                100 * k.afterChurnShare(),
                100 * n.afterChurnShare(),
                k.medianLeadDays(),
                n.medianLeadDays());
        console.printf(
                Locale.ROOT,
                "job: %,d events, %,d repeats suppressed by the cooldown, %,d episodes resolved,"
                        + " %,d churned, %.1f s%n",
                run.events(),
                run.suppressedRepeats(),
                run.episodesResolved(),
                run.episodesChurned(),
                run.elapsedSeconds());
    }

    public static String table(List<AlertQuality.Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-28s %7s %10s %9s %9s %15s %7s %15s %9s %8s %9s%n",
                        "pattern",
                        "alerts",
                        "/1k cust/mo",
                        "first-prec",
                        "precision",
                        "(true/alerted)",
                        "recall",
                        "(hit/churners)",
                        "lead d p50",
                        "repeats",
                        "late"));
        for (AlertQuality.Row r : rows) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-28s %,7d %10.1f %9.3f %9.3f %15s %7.3f %15s %9.1f %8d %9d%n",
                            r.pattern(),
                            r.alerts(),
                            r.alertsPer1kCustomerMonths(),
                            r.firstAlertPrecision(),
                            r.precision(),
                            r.truePositiveCustomers() + "/" + r.alertedCustomers(),
                            r.recall(),
                            r.churnersAlerted() + "/" + r.churners(),
                            r.medianLeadDays(),
                            r.repeatsInCooldown(),
                            r.afterChurn()));
        }
        sb.append(
                "first-prec: customers whose first alert was followed by their churn within the"
                        + " horizon (outcome known); precision: alerted customers (outcome known) churning within the horizon after an"
                        + " alert; recall: churners alerted within the horizon before churning;"
                        + " lead: first such alert to churn; repeats: same customer+pattern inside"
                        + " the cooldown; late: alerts after the customer had churned");
        return sb.toString();
    }
}

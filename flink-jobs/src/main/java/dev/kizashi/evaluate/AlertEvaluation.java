package dev.kizashi.evaluate;

import dev.kizashi.eval.AlertQuality;
import dev.kizashi.generator.GroundTruth;
import dev.kizashi.generator.LabelsCsv;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.FileReplay;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.wire.DecodeResult;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputDocuments.AlertDoc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

    /** What was measured. */
    public record Result(List<AlertQuality.Row> rows, FileJob.Summary run) {}

    public static Result run(
            Path events,
            Path labels,
            int horizonDays,
            Path out,
            Configuration conf,
            PrintStream console)
            throws Exception {
        ChurnJobConfig config = ChurnJobConfig.from(conf);
        long[] period = period(events, config.maxLineChars());
        List<GroundTruth> truth = LabelsCsv.read(labels);
        Map<String, Long> churnTimes = new HashMap<>();
        for (GroundTruth g : truth) {
            if (g.churnTime() != null) {
                churnTimes.put(g.customerId(), g.churnTime().toEpochMilli());
            }
        }

        FileReplay replay =
                FileReplay.prepare(
                        events,
                        InputFormat.jsonl,
                        null,
                        config.maxLineChars(),
                        false,
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

        List<AlertQuality.Row> rows =
                AlertQuality.evaluate(
                        alerts,
                        churnTimes,
                        truth.size(),
                        period[0],
                        period[1],
                        Duration.ofDays(horizonDays),
                        config.alertCooldown());
        print(
                console,
                events,
                horizonDays,
                rows,
                run,
                truth.size(),
                period,
                config.alertCooldown());
        return new Result(rows, run);
    }

    /** First event time, last event time + 1 ms, and the number of lines. */
    public static long[] period(Path file, int maxLineChars) throws IOException {
        EventCodec codec = new EventCodec(maxLineChars);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long lines = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                DecodeResult d = codec.decode(line, "scan");
                if (d.isOk()) {
                    first = Math.min(first, d.event().ts());
                    last = Math.max(last, d.event().ts());
                }
            }
        }
        if (first == Long.MAX_VALUE) {
            throw new IOException(file + ": no valid event");
        }
        return new long[] {first, last + 1, lines};
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
            List<AlertQuality.Row> rows,
            FileJob.Summary run,
            int customers,
            long[] period,
            Duration cooldown) {
        console.println();
        console.printf(
                Locale.ROOT,
                "%s: %,d customers, %s .. %s (%.0f days); churn = labels churnTime within %d days"
                        + " after an alert; cooldown %d d%n",
                events.getFileName(),
                customers,
                Instant.ofEpochMilli(period[0]).toString().substring(0, 10),
                Instant.ofEpochMilli(period[1] - 1).toString().substring(0, 10),
                (period[1] - period[0]) / 86_400_000.0,
                horizonDays,
                cooldown.toDays());
        console.println(table(rows));
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
                        "%-28s %7s %10s %9s %15s %7s %15s %9s %8s %9s%n",
                        "pattern",
                        "alerts",
                        "/1k cust/mo",
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
                            "%-28s %,7d %10.1f %9.3f %15s %7.3f %15s %9.1f %8d %9d%n",
                            r.pattern(),
                            r.alerts(),
                            r.alertsPer1kCustomerMonths(),
                            r.precision(),
                            r.truePositiveCustomers() + "/" + r.alertedCustomers(),
                            r.recall(),
                            r.churnersAlerted() + "/" + r.churners(),
                            r.medianLeadDays(),
                            r.repeatsInCooldown(),
                            r.afterChurn()));
        }
        sb.append(
                "precision: alerted customers (outcome known) churning within the horizon after an"
                        + " alert; recall: churners alerted within the horizon before churning;"
                        + " lead: first such alert to churn; repeats: same customer+pattern inside"
                        + " the cooldown; late: alerts after the customer had churned");
        return sb.toString();
    }
}

package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kizashi.eval.AlertQuality;
import dev.kizashi.evaluate.AlertEvaluation;
import dev.kizashi.jobs.FileJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kizashi generate} then {@code kizashi evaluate-alerts} through the embedded job: the table
 * is computed from the run's own alerts file and the labels (not fixed numbers).
 */
class EvaluateAlertsCommandITCase {
    @TempDir Path dir;

    @Test
    void measuresTheJobsAlertsAgainstTheGroundTruth() throws Exception {
        Path gen = dir.resolve("gen");
        assertThat(
                        new CommandLine(new GenerateCommand())
                                .execute(
                                        "--customers",
                                        "300",
                                        "--days",
                                        "150",
                                        "--seed",
                                        "5",
                                        "--out",
                                        gen.toString()))
                .isZero();

        EvaluateAlertsCommand cmd = new EvaluateAlertsCommand();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        cmd.console = new PrintStream(printed, true, StandardCharsets.UTF_8);
        new CommandLine(cmd)
                .parseArgs(
                        "--events", gen.resolve("events.jsonl").toString(),
                        "--labels", gen.resolve("labels.csv").toString(),
                        "--out", dir.resolve("out").toString());
        AlertEvaluation.Result r =
                AlertEvaluation.run(
                        cmd.input.events,
                        cmd.labels,
                        cmd.horizonDays,
                        cmd.out,
                        cmd.jobOptions.toConfiguration(),
                        cmd.console);

        List<AlertQuality.Row> rows = r.rows();
        AlertQuality.Row all = rows.get(rows.size() - 1);
        assertThat(all.pattern()).isEqualTo(AlertQuality.ALL);
        List<AlertQuality.AlertRecord> alerts =
                AlertEvaluation.readAlerts(dir.resolve("out").resolve(FileJob.ALERTS));
        assertThat(all.alerts()).isEqualTo(alerts.size()).isPositive();
        assertThat(
                        rows.subList(0, rows.size() - 1).stream()
                                .mapToLong(AlertQuality.Row::alerts)
                                .sum())
                .isEqualTo(all.alerts());
        assertThat(all.churners()).isPositive();
        assertThat(all.recall()).isBetween(0.0, 1.0);
        assertThat(all.precision()).isBetween(0.0, 1.0);
        // The cooldown is on: an alert record of a customer+pattern inside it is an escalation,
        // which a pattern of fixed severity cannot be.
        assertThat(all.repeatsInCooldown()).isZero();
        assertThat(r.run().alerts()).isEqualTo(all.alerts());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("precision", "recall", "lead d p50").containsPattern("\\nALL +");
    }

    @Test
    void anOrderLogIsReplayedInEventTimeAndMeasuredAfterTheTrainingPart() throws Exception {
        Path master = EvaluateCommandITCase.cdnow();
        assumeTrue(master != null, "shared/data/cdnow not found above the working directory");
        // customers 1..2000 of the CDNOW log, which is sorted by customer, not by time
        Path slice = dir.resolve("cdnow-slice.txt");
        Files.write(
                slice,
                Files.readAllLines(master).stream()
                        .filter(
                                l -> {
                                    String id = l.strip().split("\\s+")[0];
                                    return id.chars().allMatch(Character::isDigit)
                                            && Integer.parseInt(id) <= 2000;
                                })
                        .toList());
        EvaluateAlertsCommand cmd = new EvaluateAlertsCommand();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        cmd.console = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Path out = dir.resolve("cdnow-out");
        int code =
                new CommandLine(cmd)
                        .execute(
                                "--events",
                                slice.toString(),
                                "--format",
                                "cdnow",
                                "--train-until",
                                "1997-09-30",
                                "--out",
                                out.toString());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(out.resolve("input-sorted-by-event-time.txt")).exists();
        long from = Instant.parse("1997-10-01T00:00:00Z").toEpochMilli();
        List<AlertQuality.AlertRecord> after =
                AlertEvaluation.readAlerts(out.resolve(FileJob.ALERTS)).stream()
                        .filter(a -> a.eventTime() >= from)
                        .toList();
        assertThat(after).isNotEmpty();
        // the ALL row counts exactly the job's alerts after the training part
        assertThat(text)
                .contains("1997-10-01 .. ")
                .containsPattern(
                        "\\nALL +"
                                + String.format(java.util.Locale.ROOT, "%,d", after.size())
                                + " ");
    }
}

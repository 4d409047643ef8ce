package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.evaluate.GroundTruthEvaluation;
import dev.kizashi.evaluate.JobReplay;
import dev.kizashi.evaluate.ModelFitting;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.score.model.ChurnFeatures;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.ProfileFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FitCommandTest {
    @TempDir Path dir;

    @Test
    void parsesFitOptions() {
        FitCommand c = new FitCommand();
        new CommandLine(c)
                .parseArgs(
                        "--events", "log.txt",
                        "--format", "cdnow",
                        "--until", "1997-09-30",
                        "--horizon-days", "273",
                        "--cutoffs", "1997-04-30,1997-05-31",
                        "--out", "m.json");
        assertThat(c.input.format).isEqualTo(InputFormat.cdnow);
        assertThat(c.until).isEqualTo(LocalDate.of(1997, 9, 30));
        assertThat(c.horizonDays).isEqualTo(273);
        assertThat(c.cutoffs).containsExactly(LocalDate.of(1997, 4, 30), LocalDate.of(1997, 5, 31));
        assertThat(c.out).isEqualTo(Path.of("m.json"));
        assertThat(ModelFitting.featureList("all")).isEqualTo(ProfileFeatures.NAMES);
        assertThat(ModelFitting.featureList("purchase")).isEqualTo(ChurnFeatures.NAMES);
        assertThat(ModelFitting.featureList("log1p_repeat_days, subscribed"))
                .containsExactly("log1p_repeat_days", "subscribed");
    }

    @Test
    void parsesEvaluateOptionsOfBothModes() {
        EvaluateCommand e = new EvaluateCommand();
        new CommandLine(e)
                .parseArgs(
                        "--events",
                        "x.txt",
                        "--format",
                        "csv",
                        "--calibration-end",
                        "1997-09-30",
                        "--holdout-end",
                        "1998-06-30",
                        "--report",
                        "r.html");
        assertThat(e.calibrationEnd).isEqualTo(LocalDate.of(1997, 9, 30));
        assertThat(e.holdoutEnd).isEqualTo(LocalDate.of(1998, 6, 30));
        assertThat(e.report).isEqualTo(Path.of("r.html"));
        assertThat(e.labels).isNull();
        EvaluateCommand g = new EvaluateCommand();
        new CommandLine(g)
                .parseArgs(
                        "--events",
                        "e.jsonl",
                        "--labels",
                        "labels.csv",
                        "--as-of",
                        "monthly",
                        "--horizon-days",
                        "60");
        assertThat(g.input.format).isEqualTo(InputFormat.jsonl);
        assertThat(g.labels).isEqualTo(Path.of("labels.csv"));
        assertThat(g.horizonDays).isEqualTo(60);
        assertThat(
                        GroundTruthEvaluation.defaultTrainUntil(
                                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 8, 29)))
                .isEqualTo(LocalDate.of(2026, 4, 30));
        assertThat(JobReplay.snapshotInstant(LocalDate.of(1997, 9, 30)))
                .isEqualTo(java.time.Instant.parse("1997-09-30T23:59:59.999Z").toEpochMilli());
    }

    @Test
    void badDatesAreUsageErrors() {
        int code =
                new CommandLine(new Kizashi())
                        .setErr(new java.io.PrintWriter(new java.io.StringWriter()))
                        .execute("fit", "--events", "x", "--until", "30/09/1997");
        assertThat(code).isEqualTo(2);
    }

    @Test
    void fitsACsvLogAndWritesTheModel() throws Exception {
        Random rnd = new Random(5);
        List<String> rows = new ArrayList<>();
        rows.add("customer,date,amount");
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int c = 0; c < 300; c++) {
            int gap = 7 + rnd.nextInt(40);
            int life = rnd.nextInt(400);
            for (int d = rnd.nextInt(60); d < life; d += gap + rnd.nextInt(5)) {
                rows.add(
                        String.format(
                                Locale.ROOT,
                                "k%03d,%s,%d",
                                c,
                                start.plusDays(d),
                                10 + rnd.nextInt(90)));
            }
        }
        Path log = dir.resolve("orders.csv");
        Files.write(log, rows);
        Path model = dir.resolve("model.json");
        CliRun.Result r =
                CliRun.kizashi(
                        "fit",
                        "--events",
                        log.toString(),
                        "--format",
                        "csv",
                        "--until",
                        "2024-09-30",
                        "--horizon-days",
                        "90",
                        "--out",
                        model.toString());
        String printed = r.out();
        assertThat(r.code()).as(printed).isZero();
        ChurnModelFile m = ChurnModelFile.read(model);
        assertThat(m.bgnbdFittedThrough()).isEqualTo("2024-09-30");
        assertThat(m.horizonDays()).isEqualTo(90);
        assertThat(m.featureNames()).startsWith(ChurnFeatures.NAMES.get(0));
        assertThat(printed)
                .contains("scoring BG/NBD")
                .contains("cut-off 2024-06-30")
                .contains("events after 2024-09-30 ignored");
    }
}

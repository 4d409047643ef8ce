package dev.kizashi.cli;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kizashi.dashboards.report.EvaluationReport;
import dev.kizashi.eval.ChurnMetrics;
import dev.kizashi.eval.HoldoutCeiling;
import dev.kizashi.evaluate.HoldoutEvaluation;
import dev.kizashi.evaluate.JobReplay;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.ProfileFeatures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kizashi evaluate} on a slice of CDNOW (customers 00001..03000) through the embedded job:
 * the metrics are computed correctly from the job's snapshots (not fixed numbers).
 */
class EvaluateCommandITCase {
    @TempDir Path dir;

    static Path cdnow() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null) {
            Path f = d.resolve("shared/data/cdnow/CDNOW_master.txt");
            if (Files.isRegularFile(f)) {
                return f;
            }
            d = d.getParent();
        }
        return null;
    }

    private static double bruteForceAuc(double[] s, boolean[] y) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            if (!y[i]) {
                continue;
            }
            for (int j = 0; j < s.length; j++) {
                if (!y[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    @Test
    void holdoutMetricsAreComputedFromTheJobsSnapshots() throws Exception {
        Path master = cdnow();
        assumeTrue(master != null, "shared/data/cdnow not found above the working directory");
        Path slice = dir.resolve("cdnow-slice.txt");
        List<String> lines =
                Files.readAllLines(master).stream()
                        .filter(
                                l -> {
                                    String[] f = l.strip().split("\\s+");
                                    return f[0].chars().allMatch(Character::isDigit)
                                            && Integer.parseInt(f[0]) <= 3000;
                                })
                        .toList();
        Files.write(slice, lines);

        // A stale file of an earlier run in the working directory must not survive.
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve(FileJob.ALERTS), "{}\n");
        EvaluateCommand cmd = new EvaluateCommand();
        Path report = dir.resolve("report.html");
        new CommandLine(cmd)
                .parseArgs(
                        "--events",
                        slice.toString(),
                        "--format",
                        "cdnow",
                        "--calibration-end",
                        "1997-09-30",
                        "--holdout-end",
                        "1998-06-30",
                        "--report",
                        report.toString(),
                        "--ceiling",
                        "--out",
                        dir.resolve("out").toString(),
                        "--parallelism",
                        "1");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        cmd.console = new PrintStream(console, true, StandardCharsets.UTF_8);
        HoldoutEvaluation.Result r = cmd.holdout();
        String printed = console.toString(StandardCharsets.UTF_8);

        // Every customer of the slice was acquired in the first quarter of 1997: all are scored.
        assertThat(r.customers()).hasSize(3000);
        assertThat(r.run().customers()).isEqualTo(3000);
        boolean[] y = r.churned();
        List<EvaluationReport.Row> rows = r.report().rows();
        assertThat(rows.get(0).auc()).isCloseTo(bruteForceAuc(r.score(), y), within(1e-12));
        assertThat(rows.get(1).auc()).isCloseTo(bruteForceAuc(r.recency(), y), within(1e-12));
        assertThat(rows.get(2).auc()).isCloseTo(bruteForceAuc(r.negExpected(), y), within(1e-12));
        for (EvaluationReport.Row row : rows) {
            assertThat(row.auc()).isBetween(0.5, 1.0);
            assertThat(row.topDecileLift()).isBetween(1.0, 1 / ChurnMetrics.baseRate(y));
        }
        // Brier of any score in [0, 1] is in [0, 1]. (With ChurnScorer using the model, as it
        // should, log-loss < ln 2 and Brier < 0.25 hold here too; see the README.)
        assertThat(rows.get(0).logLoss()).isPositive().isFinite();
        assertThat(rows.get(0).brier()).isBetween(0.0, 1.0);
        assertThat(rows.get(0).logLoss())
                .isCloseTo(ChurnMetrics.logLoss(r.score(), y), within(1e-12));
        for (double p : r.score()) {
            assertThat(p).isBetween(0.0, 1.0);
        }
        // The recency baseline from the job's snapshots equals the one from the log itself.
        int cutoff = (int) LocalDate.of(1997, 9, 30).toEpochDay();
        Map<String, Long> last = r.lastOrderDayFromLog();
        for (int i = 0; i < r.customers().size(); i++) {
            assertThat(r.recency()[i])
                    .as(r.customers().get(i))
                    .isEqualTo((double) (cutoff - last.get(r.customers().get(i))));
        }
        // Nothing fitted saw the hold-out.
        assertThat(r.fit().model().bgnbdFittedThrough()).isEqualTo("1997-09-30");
        assertThat(r.fit().lastEventTs()).isLessThan((cutoff + 1) * DAY_MS);
        assertThat(printed).contains("(a) Kizashi score").contains("(b) recency");
        assertThat(Files.readString(report)).contains("<svg").doesNotContain("http");
        // The job scores exactly the model's features as ProfileFeatures computes them from the
        // fitted profiles: the (d) diagnostic re-weights those same numbers on the hold-out.
        ChurnModelFile model = r.fit().model();
        long at = JobReplay.snapshotInstant(LocalDate.of(1997, 9, 30));
        double[][] served = new double[r.customers().size()][];
        for (int i = 0; i < served.length; i++) {
            CustomerProfile p = r.fit().profiles().get(r.customers().get(i));
            double[] all = ProfileFeatures.compute(model.bgNbd(), p, at, model.horizonDays());
            served[i] =
                    model.featureNames().stream()
                            .mapToDouble(f -> all[ProfileFeatures.NAMES.indexOf(f)])
                            .toArray();
            // Score documents carry four decimals.
            assertThat(r.score()[i])
                    .as(r.customers().get(i))
                    .isCloseTo(model.calibrator().probability(served[i]), within(0.5e-4));
        }
        assertThat(rows).hasSize(6);
        assertThat(rows.get(4).name()).startsWith("(d)");
        assertThat(r.report().scores().get(4).values())
                .containsExactly(
                        HoldoutCeiling.outOfFold(
                                served, y, HoldoutEvaluation.CEILING_FOLDS, model.l2()),
                        within(1e-12));
        for (int k = 4; k < 6; k++) {
            double[] v = r.report().scores().get(k).values();
            assertThat(rows.get(k).auc()).isCloseTo(bruteForceAuc(v, y), within(1e-12));
            assertThat(rows.get(k).logLoss()).isCloseTo(ChurnMetrics.logLoss(v, y), within(1e-12));
        }
        assertThat(printed).contains("(e) + history, splines");
        // Only the snapshots are written: the alert and score-change files were never read.
        assertThat(out.resolve(FileJob.SNAPSHOTS)).isNotEmptyFile();
        assertThat(out.resolve(FileJob.ALERTS)).doesNotExist();
        assertThat(out.resolve(FileJob.SCORES)).doesNotExist();
    }
}

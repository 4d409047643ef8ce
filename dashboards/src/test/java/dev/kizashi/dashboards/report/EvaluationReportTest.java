package dev.kizashi.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
    @TempDir Path dir;

    private static EvaluationReport sample() {
        Random rnd = new Random(3);
        int n = 500;
        boolean[] y = new boolean[n];
        double[] p = new double[n];
        double[] rec = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 0.6;
            p[i] = Math.min(1, Math.max(0, (y[i] ? 0.65 : 0.45) + 0.25 * rnd.nextGaussian()));
            rec[i] = rnd.nextInt(100) + (y[i] ? 30 : 0);
        }
        return new EvaluationReport(
                "test <report>",
                List.of("a note & more"),
                List.of(
                        new EvaluationReport.Score("score", p, true),
                        new EvaluationReport.Score("recency", rec, false)),
                y);
    }

    @Test
    void tableHasOneRowPerScoreAndDashesForRankScores() {
        EvaluationReport r = sample();
        String t = r.table();
        assertThat(t.lines()).hasSize(3);
        assertThat(t.lines().skip(2).findFirst().orElseThrow()).contains(" - ");
        assertThat(r.rows().get(1).logLoss()).isNaN();
        assertThat(r.rows().get(0).logLoss()).isPositive();
    }

    @Test
    void htmlIsSelfContainedWithPlotsAndMetrics() throws Exception {
        EvaluationReport r = sample();
        Path f = dir.resolve("r.html");
        r.writeHtml(f);
        String html = Files.readString(f);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .doesNotContainIgnoringCase("http")
                .doesNotContain("<script")
                .doesNotContain("<link")
                .contains("<svg id=\"calibration\"")
                .contains("<svg id=\"roc\"")
                .contains("<polyline")
                .contains("test &lt;report&gt;")
                .contains("a note &amp; more");
        for (EvaluationReport.Row row : r.rows()) {
            assertThat(html).contains(String.format(Locale.ROOT, "%.4f", row.auc()));
            assertThat(html).contains(String.format(Locale.ROOT, "%.4f", row.topDecileLift()));
        }
        assertThat(html)
                .contains(String.format(Locale.ROOT, "%.4f", r.rows().get(0).logLoss()))
                .contains(String.format(Locale.ROOT, "%.4f", r.rows().get(0).brier()));
    }
}

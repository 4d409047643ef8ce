package dev.kizashi.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.cli.Kizashi;
import dev.kizashi.eval.AlertQuality;
import dev.kizashi.eval.ChurnLabels;
import dev.kizashi.eval.NaiveRule;
import dev.kizashi.jobs.InputFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate-alerts} on a history without ground truth: churn is taken from the data, and the
 * job's alerts are measured beside the naive rule's on the same labels.
 */
class AlertEvaluationITCase {
    @TempDir Path dir;

    @Test
    void withoutLabelsChurnComesFromTheDataAndTheNaiveRuleIsMeasuredBeside() throws Exception {
        assertThat(
                        Kizashi.commandLine()
                                .execute(
                                        "generate",
                                        "--customers",
                                        "300",
                                        "--days",
                                        "150",
                                        "--seed",
                                        "9",
                                        "--bad-line-rate",
                                        "0",
                                        "--out",
                                        dir.toString()))
                .isZero();
        Path events = dir.resolve("events.jsonl");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "1");

        AlertEvaluation.Result r =
                AlertEvaluation.run(
                        events,
                        null,
                        60,
                        dir.resolve("out"),
                        conf,
                        new PrintStream(printed, true, StandardCharsets.UTF_8));

        EventLog log = EventLog.read(events, InputFormat.jsonl, null);
        long end = log.events().get(log.events().size() - 1).ts() + 1;
        Map<String, Boolean> seen = new HashMap<>();
        var churns = ChurnLabels.from(log.events().iterator(), end, Duration.ofDays(60), seen);
        AlertQuality.Row all = r.rows().get(r.rows().size() - 1);
        AlertQuality.Row naive = r.naiveRows().get(r.naiveRows().size() - 1);
        assertThat(all.churners()).isEqualTo(churns.size()).isPositive();
        assertThat(naive.churners()).isEqualTo(churns.size());
        List<AlertQuality.AlertRecord> naiveAlerts =
                NaiveRule.alerts(log.events().iterator(), Duration.ofDays(7));
        assertThat(naive.alerts()).isEqualTo(naiveAlerts.size()).isPositive();
        assertThat(all.alerts()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("churn from the data")
                .contains("Kizashi vs naive rule: recall");
    }
}

package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Smoke test only: {@code kizashi bench} starts, runs its pipelines over a few thousand events and
 * prints its table. The figures themselves are not checked (the benchmark is not a gate).
 */
class BenchCommandITCase {

    @Test
    void benchRunsBothPipelinesOverTheSameEventsAndPrintsTheTable() {
        CliRun.Result r =
                CliRun.kizashi(
                        "bench",
                        "--customers",
                        "300",
                        "--days",
                        "365",
                        "--max-events",
                        "3000",
                        "--duration",
                        "5m",
                        "--latency-duration",
                        "1s",
                        "--settle",
                        "0s",
                        "--latency-customers",
                        "300",
                        "--latency-lead-days",
                        "20",
                        "--warmup",
                        "0s",
                        "--rate",
                        "2000",
                        "--skip-checkpoints-off");
        String printed = r.out();
        assertThat(r.code()).as(printed).isZero();
        // --max-events ends the unpaced phase at exactly that many events, and the reference
        // reads the same ones.
        assertThat(events(printed, "reference \\(parse, keyBy, ValueState \\+ timer\\)"))
                .as(printed)
                .isEqualTo(3000);
        assertThat(events(printed, "full job")).as(printed).isEqualTo(3000);
        assertThat(printed)
                .contains("full job / reference:")
                .contains("paced at 2,000 events/s")
                .contains("JIT compilation")
                .contains("single-event precursors")
                .contains("absence patterns");
    }

    private static long events(String printed, String pipeline) {
        Matcher m = Pattern.compile("(?m)^  " + pipeline + "\\s+([0-9,]+)\\s").matcher(printed);
        assertThat(m.find()).as(pipeline + " row in\n" + printed).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void helpExplainsTheRuns() {
        CliRun.Result r = CliRun.kizashi("bench", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("--duration")
                .contains("reference")
                .contains("checkpoints off");
    }
}

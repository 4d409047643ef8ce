package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Smoke test only: {@code kizashi bench} starts, runs its pipelines over a few thousand events and
 * prints its table. The figures themselves are not checked (the benchmark is not a gate).
 */
class BenchCommandITCase {

    @Test
    void benchRunsBothPipelinesOverTheSameEventsAndPrintsTheTable() {
        PrintStream original = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            code =
                    new CommandLine(new Kizashi())
                            .execute(
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
        } finally {
            System.setOut(original);
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        // --max-events ends the unpaced phase at exactly that many events, and the reference
        // reads the same ones.
        assertThat(events(printed, "reference \\(parse, keyBy, ValueState \\+ timer\\)"))
                .as(printed)
                .isEqualTo(3000);
        assertThat(events(printed, "full job")).as(printed).isEqualTo(3000);
        assertThat(printed)
                .contains("full job / reference:")
                .contains("paced at 2,000 events/s")
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
        PrintStream original = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            assertThat(new CommandLine(new Kizashi()).execute("bench", "--help")).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("--duration")
                .contains("reference")
                .contains("checkpoints off");
    }
}

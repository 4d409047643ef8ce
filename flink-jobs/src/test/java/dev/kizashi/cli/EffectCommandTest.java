package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.Outcome;
import dev.kizashi.wire.OutputJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kizashi effect} over an outcomes file: the table, its figures and its small cells. */
class EffectCommandTest {
    @TempDir Path dir;

    private static EpisodeOutcome outcome(int i, boolean holdout, boolean kept, String pattern) {
        return new EpisodeOutcome(
                "ep-" + i,
                "c-" + i,
                pattern,
                "HIGH",
                "call_center",
                "retention_call",
                0.5,
                "subscriber",
                "top10",
                holdout,
                null,
                0,
                86_400_000L * 60,
                60,
                kept ? Outcome.RETAINED : Outcome.CHURNED,
                0,
                null,
                kept ? 1 : 0,
                kept ? 3000 : 0,
                holdout ? 0 : 1,
                holdout ? 0 : 1,
                0,
                holdout ? 0 : 600,
                holdout ? null : "call_center",
                holdout ? null : "call",
                null,
                null);
    }

    @Test
    void printsTreatedAgainstControlWithTheIntervalAndMarksSmallCells() throws Exception {
        List<String> lines = new ArrayList<>();
        int id = 0;
        // DORMANT: 100 treated, 70 kept; 100 control, 50 kept. SUPPORT_SPIKE: 10 + 10.
        for (int i = 0; i < 100; i++) {
            lines.add(OutputJson.outcome(outcome(id++, false, i < 70, "DORMANT")));
            lines.add(OutputJson.outcome(outcome(id++, true, i < 50, "DORMANT")));
        }
        for (int i = 0; i < 10; i++) {
            lines.add(OutputJson.outcome(outcome(id++, false, true, "SUPPORT_SPIKE")));
            lines.add(OutputJson.outcome(outcome(id++, true, false, "SUPPORT_SPIKE")));
        }
        Files.write(dir.resolve("outcomes.jsonl"), lines);

        CliRun.Result r = CliRun.kizashi("effect", "--from", dir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("220 episode outcomes").contains("110 held out (50.0%)");
        String dormant =
                r.out()
                        .lines()
                        .filter(l -> l.startsWith("pattern    DORMANT"))
                        .findFirst()
                        .orElseThrow();
        // 70% vs 50%: +20 points, Newcombe's interval [+6.4, +32.6] (Wilson arms).
        assertThat(dormant).contains("100    70.0     100    50.0    +20.0 [+6.4, +32.6]");
        assertThat(dormant).doesNotContain("too small");
        String spike =
                r.out()
                        .lines()
                        .filter(l -> l.startsWith("pattern    SUPPORT_SPIKE"))
                        .findFirst()
                        .orElseThrow();
        assertThat(spike).contains("(too small to say)");
    }
}

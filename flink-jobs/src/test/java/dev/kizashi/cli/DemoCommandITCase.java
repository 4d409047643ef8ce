package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kizashi.jobs.FileJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kizashi demo} end to end in this JVM: embedded MiniCluster, RocksDB, output files. */
class DemoCommandITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path out;

    @Test
    void demoWritesAlertsScoresAndDeadLettersThatParse() throws Exception {
        CliRun.Result r =
                CliRun.kizashi(
                        "demo",
                        "--customers",
                        "200",
                        "--days",
                        "90",
                        "--bad-line-rate",
                        "0.01",
                        "--show-alerts",
                        "5",
                        "--out",
                        out.toString());
        String printed = r.out();
        assertThat(r.code()).as(printed).isZero();
        assertThat(printed).contains("ALERT ").contains("Summary").contains("dead letters");

        List<JsonNode> alerts = parse(out.resolve(FileJob.ALERTS));
        List<JsonNode> scores = parse(out.resolve(FileJob.SCORES));
        List<JsonNode> dead = parse(out.resolve(FileJob.DEAD_LETTERS));
        assertThat(alerts)
                .isNotEmpty()
                .allSatisfy(
                        a -> {
                            assertThat(a.path("alertId").asText()).isNotBlank();
                            assertThat(a.path("pattern").asText()).isNotBlank();
                            assertThat(a.path("score").asDouble()).isBetween(0.0, 1.0);
                        });
        assertThat(scores)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.path("score").asDouble()).isBetween(0.0, 1.0));
        assertThat(dead)
                .isNotEmpty()
                .allSatisfy(
                        d -> {
                            assertThat(d.path("reason").asText()).isNotBlank();
                            assertThat(d.has("original")).isTrue();
                        });
        assertThat(printed).contains(String.format("%,d", dead.size()));
        assertThat(Files.readAllLines(out.resolve("labels.csv"))).hasSize(201);
    }

    private static List<JsonNode> parse(Path file) throws Exception {
        assertThat(file).exists();
        return Files.readAllLines(file).stream()
                .map(
                        line -> {
                            try {
                                return JSON.readTree(line);
                            } catch (Exception e) {
                                throw new AssertionError("not JSON: " + line, e);
                            }
                        })
                .toList();
    }
}

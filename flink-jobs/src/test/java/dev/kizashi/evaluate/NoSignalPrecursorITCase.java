package dev.kizashi.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kizashi.cli.Kizashi;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputDocuments.AlertDoc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A precursor that carries no signal in a business stops alerting once {@code fit} has seen the
 * business's history: support spikes planted at random on half the customers (routine incidents
 * that say nothing about churn) alert without a model, and not at all after the model fitted on the
 * earlier part, run through the job on a MiniCluster.
 */
class NoSignalPrecursorITCase {
    private static final LocalDate TRAIN_UNTIL = LocalDate.of(2026, 4, 15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void aSupportSpikeWithoutSignalStopsAlertingAfterFit() throws Exception {
        Path events = worldWithNoisySupport();
        long from = ProfileModelFitter.asOf(TRAIN_UNTIL);

        AlertEvaluation.run(events, null, 60, dir.resolve("default"), conf(), quiet());
        long before = supportSpikes(dir.resolve("default"), from);

        AlertEvaluation.run(
                events,
                InputFormat.jsonl,
                null,
                null,
                60,
                TRAIN_UNTIL,
                dir.resolve("fitted"),
                conf(),
                quiet());
        ChurnModelFile model = ChurnModelFile.read(dir.resolve("fitted").resolve("model.json"));

        assertThat(before).as("support spikes alerted after %s without a model", from).isPositive();
        assertThat(model.mutedPatterns()).contains("SUPPORT_SPIKE");
        assertThat(supportSpikes(dir.resolve("fitted"), from)).isZero();
        List<AlertDoc> fitted =
                OutputDocuments.readAlerts(dir.resolve("fitted").resolve(FileJob.ALERTS)).stream()
                        .filter(AlertDoc::isAlert)
                        .toList();
        assertThat(fitted).isNotEmpty();
        assertThat(Files.readAllLines(dir.resolve("fitted").resolve(FileJob.ALERTS)))
                .filteredOn(l -> l.contains("\"kind\":\"ALERT\""))
                .allSatisfy(
                        l -> {
                            var n = JSON.readTree(l);
                            assertThat(n.path("modelVersion").asText()).isEqualTo(model.version());
                            assertThat(n.path("score").asDouble())
                                    .isGreaterThanOrEqualTo(
                                            n.path("riskThreshold").asDouble() - 1e-4);
                        });
    }

    private static long supportSpikes(Path out, long from) throws Exception {
        return OutputDocuments.readAlerts(out.resolve(FileJob.ALERTS)).stream()
                .filter(AlertDoc::isAlert)
                .filter(a -> a.pattern().equals("SUPPORT_SPIKE") && a.eventTime() >= from)
                .count();
    }

    /**
     * World 0, plus two bursts of three support contacts at random days for every other customer.
     */
    private Path worldWithNoisySupport() throws Exception {
        Path world = dir.resolve("world");
        assertThat(
                        Kizashi.commandLine()
                                .execute(
                                        "generate",
                                        "--world",
                                        "0",
                                        "--customers",
                                        "600",
                                        "--days",
                                        "200",
                                        "--seed",
                                        "9",
                                        "--bad-line-rate",
                                        "0",
                                        "--out",
                                        world.toString()))
                .isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(world.resolve("events.jsonl")));
        Random random = new Random(5);
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        for (int c = 0; c < 600; c += 2) {
            for (int burst = 0; burst < 2; burst++) {
                int day = 5 + random.nextInt(176);
                for (int k = 0; k < 3; k++) {
                    Instant ts = start.plus(Duration.ofDays(day)).plus(Duration.ofHours(12L * k));
                    lines.add(
                            String.format(
                                    Locale.ROOT,
                                    "{\"eventId\":\"noise-%d-%d-%d\",\"customerId\":\"c-%06d\","
                                            + "\"type\":\"support_contact\",\"ts\":\"%s\","
                                            + "\"attrs\":{\"channel\":\"chat\","
                                            + "\"category\":\"delivery\","
                                            + "\"sentiment\":\"neutral\"}}",
                                    c,
                                    burst,
                                    k,
                                    c,
                                    ts));
                }
            }
        }
        record Timed(Instant ts, String line) {}
        List<Timed> timed = new ArrayList<>();
        for (String line : lines) {
            timed.add(new Timed(timestamp(line), line));
        }
        timed.sort(Comparator.comparing(Timed::ts)); // stable: the generator's order stays
        Path events = dir.resolve("events.jsonl");
        Files.write(events, timed.stream().map(Timed::line).toList());
        return events;
    }

    private static Instant timestamp(String line) {
        try {
            return Instant.parse(JSON.readTree(line).path("ts").asText());
        } catch (Exception e) {
            throw new IllegalArgumentException(line, e);
        }
    }

    private static Configuration conf() {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "1");
        return conf;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}

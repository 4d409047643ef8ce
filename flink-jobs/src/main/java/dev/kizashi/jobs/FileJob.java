package dev.kizashi.jobs;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.file.JsonLinesFileSink;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the churn job in this JVM (Flink's embedded MiniCluster, RocksDB state) over a bounded
 * source, writing {@code alerts.jsonl}, {@code scores.jsonl}, {@code outcomes.jsonl}, {@code
 * journeys.jsonl}, {@code dead-letter.jsonl} and {@code late-events.jsonl} into an output
 * directory, with progress and a closing summary.
 */
public final class FileJob {
    public static final String ALERTS = "alerts.jsonl";
    public static final String SCORES = "scores.jsonl";
    public static final String OUTCOMES = "outcomes.jsonl";
    public static final String JOURNEYS = "journeys.jsonl";
    public static final String DEAD_LETTERS = "dead-letter.jsonl";
    public static final String LATE_EVENTS = "late-events.jsonl";
    public static final String SNAPSHOTS = "score-snapshots.jsonl";

    /** What a run did, for the summary table and for tests. */
    public record Summary(
            long records,
            long events,
            long duplicates,
            long lateEvents,
            long deadLetters,
            long customers,
            long alerts,
            Map<String, Long> alertsByPattern,
            double elapsedSeconds,
            long suppressedRepeats,
            long episodesResolved,
            long episodesChurned,
            long mutedDetections,
            long afterKnownChurn,
            long episodesOpened,
            long episodesHeldOut,
            long outcomes,
            long outcomesBeyondInput,
            long journeys) {

        double recordsPerSecond() {
            return elapsedSeconds > 0 ? records / elapsedSeconds : 0;
        }
    }

    private final Path outDir;
    private final Configuration conf;
    private final PrintStream console;
    private final long consoleAlertLimit;
    private boolean snapshotsOnly;

    public FileJob(Path outDir, Configuration conf, PrintStream console, long consoleAlertLimit) {
        this.outDir = outDir;
        this.conf = conf;
        this.console = console;
        this.consoleAlertLimit = consoleAlertLimit;
    }

    /**
     * Writes the score snapshots (and dead letters and late events) only: no alert or score-change
     * files, which {@code evaluate} never reads (on CDNOW 110 MB of JSON).
     */
    public FileJob snapshotsOnly() {
        this.snapshotsOnly = true;
        return this;
    }

    public Summary run(
            Source<SourceLine, ?, ?> source,
            String sourceName,
            LineDecoder decoder,
            long expectedRecords,
            int sourceParallelism)
            throws Exception {
        Files.createDirectories(outDir);
        ChurnJobConfig jobConfig = ChurnJobConfig.from(conf);
        ChurnJobSinks.Builder sinks = ChurnJobSinks.builder().singleWriter(true);
        if (snapshotsOnly) {
            // Files of an earlier run in the same directory would no longer match this one.
            Files.deleteIfExists(outDir.resolve(ALERTS));
            Files.deleteIfExists(outDir.resolve(SCORES));
            Files.deleteIfExists(outDir.resolve(OUTCOMES));
            Files.deleteIfExists(outDir.resolve(JOURNEYS));
        } else {
            sinks.alerts(
                            "file",
                            new JsonLinesFileSink<Alert>(outDir.resolve(ALERTS), OutputJson::alert))
                    .scores(
                            "file",
                            new JsonLinesFileSink<ScoreUpdate>(
                                    outDir.resolve(SCORES), OutputJson::score))
                    .outcomes(
                            "file",
                            new JsonLinesFileSink<EpisodeOutcome>(
                                    outDir.resolve(OUTCOMES), OutputJson::outcome))
                    .journeys(
                            "file",
                            new JsonLinesFileSink<JourneyRecord>(
                                    outDir.resolve(JOURNEYS), OutputJson::journey));
        }
        sinks.deadLetters(
                        "file",
                        new JsonLinesFileSink<DeadLetter>(
                                outDir.resolve(DEAD_LETTERS), EventCodec::encodeDeadLetter))
                .lateEvents(
                        "file",
                        new JsonLinesFileSink<DeadLetter>(
                                outDir.resolve(LATE_EVENTS), EventCodec::encodeDeadLetter));
        if (consoleAlertLimit > 0) {
            // The console stands for a channel: held-out alerts never reach it.
            sinks.notifications(
                    "console",
                    new ConsoleAlertSink(consoleAlertLimit, outDir.resolve(ALERTS).toString()));
        }
        if (jobConfig.snapshotTimes().length > 0) {
            sinks.snapshots(
                    "file",
                    new JsonLinesFileSink<ScoreUpdate>(
                            outDir.resolve(SNAPSHOTS), OutputJson::score));
        }

        Configuration c = new Configuration(conf);
        if (!c.containsKey(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key())) {
            c.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    outDir.resolve("checkpoints").toAbsolutePath().toUri().toString());
        }
        StreamExecutionEnvironment env = Environments.create(c, jobConfig);
        ChurnJob job =
                new ChurnJob(source, sourceName, decoder, sinks.build(), jobConfig)
                        .withSourceParallelism(sourceParallelism);

        EmbeddedProgress.reset();
        ConsoleAlertSink.reset();
        long started = System.nanoTime();
        Thread progress = progressReporter(expectedRecords, started);
        progress.start();
        JobExecutionResult result;
        try {
            result = job.execute(env, "kizashi churn detector (" + sourceName + ")");
        } finally {
            progress.interrupt();
            progress.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Map<String, Long> byPattern = alertsByPattern(outDir.resolve(ALERTS));
        return new Summary(
                acc(result, DecodeFunction.ACC_RECORDS),
                acc(result, CustomerProfileFunction.ACC_EVENTS),
                acc(result, CustomerProfileFunction.ACC_DUPLICATES),
                acc(result, CustomerProfileFunction.ACC_LATE),
                acc(result, DecodeFunction.ACC_DEAD_LETTERS),
                acc(result, CustomerProfileFunction.ACC_CUSTOMERS),
                byPattern.values().stream().mapToLong(Long::longValue).sum(),
                byPattern,
                elapsed,
                acc(result, CustomerProfileFunction.ACC_SUPPRESSED),
                acc(result, CustomerProfileFunction.ACC_RESOLVED),
                acc(result, CustomerProfileFunction.ACC_CHURNED),
                acc(result, CustomerProfileFunction.ACC_MUTED),
                acc(result, CustomerProfileFunction.ACC_AFTER_KNOWN_CHURN),
                acc(result, CustomerProfileFunction.ACC_EPISODES),
                acc(result, CustomerProfileFunction.ACC_HELD_OUT),
                acc(result, CustomerProfileFunction.ACC_OUTCOMES),
                acc(result, CustomerProfileFunction.ACC_OUTCOMES_AFTER_END),
                acc(result, JourneyFunction.ACC_JOURNEYS));
    }

    private Thread progressReporter(long expected, long started) {
        Thread t =
                new Thread(
                        () -> {
                            long last = 0;
                            long lastAt = System.nanoTime();
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    Thread.sleep(2000);
                                } catch (InterruptedException e) {
                                    return;
                                }
                                long now = System.nanoTime();
                                long read = EmbeddedProgress.recordsRead();
                                double rate = (read - last) / ((now - lastAt) / 1e9);
                                last = read;
                                lastAt = now;
                                String pct =
                                        expected > 0
                                                ? String.format(
                                                        Locale.ROOT,
                                                        " (%.1f%%)",
                                                        100.0 * read / expected)
                                                : "";
                                console.printf(
                                        Locale.ROOT,
                                        "progress: %,d records%s  %,.0f records/s  %.0f s%n",
                                        read,
                                        pct,
                                        rate,
                                        (now - started) / 1e9);
                            }
                        },
                        "kizashi-progress");
        t.setDaemon(true);
        return t;
    }

    private static long acc(JobExecutionResult r, String name) {
        Object v = r.getAccumulatorResult(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    /** Alerts (ALERT and ESCALATION records, not episode closings) per pattern. */
    public static Map<String, Long> alertsByPattern(Path alerts) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        if (!Files.exists(alerts)) {
            return counts;
        }
        for (OutputDocuments.AlertDoc a : OutputDocuments.readAlerts(alerts)) {
            if (a.isAlert()) {
                counts.merge(a.pattern(), 1L, Long::sum);
            }
        }
        return counts;
    }

    public void printSummary(Summary s) {
        console.println();
        console.println("Summary");
        console.println("  -------------------------------------------");
        row("records read", s.records());
        row("events applied", s.events());
        row("duplicates dropped", s.duplicates());
        row("late events", s.lateEvents());
        row("dead letters", s.deadLetters());
        row("customers", s.customers());
        row("alerts", s.alerts());
        s.alertsByPattern().forEach((p, n) -> row("  " + p, n));
        row("repeats suppressed (cooldown)", s.suppressedRepeats());
        if (s.mutedDetections() > 0) {
            row("muted (no signal in history)", s.mutedDetections());
        }
        if (s.afterKnownChurn() > 0) {
            row("not alerted: churn known", s.afterKnownChurn());
        }
        row("episodes resolved", s.episodesResolved());
        row("episodes churned", s.episodesChurned());
        row("episodes opened", s.episodesOpened());
        console.printf(
                Locale.ROOT,
                "  %-30s %,12d (%.1f%%)%n",
                "  held out (control group)",
                s.episodesHeldOut(),
                s.episodesOpened() == 0 ? 0.0 : 100.0 * s.episodesHeldOut() / s.episodesOpened());
        row("outcomes recorded", s.outcomes());
        row("  horizon past the input", s.outcomesBeyondInput());
        row("journey records", s.journeys());
        console.printf(Locale.ROOT, "  %-30s %,12.1f s%n", "elapsed", s.elapsedSeconds());
        console.printf(Locale.ROOT, "  %-30s %,12.0f%n", "records/s", s.recordsPerSecond());
        console.println("  -------------------------------------------");
        console.println("  output: " + outDir.toAbsolutePath());
        for (String f :
                new String[] {ALERTS, OUTCOMES, JOURNEYS, SCORES, DEAD_LETTERS, LATE_EVENTS}) {
            console.println("    " + outDir.resolve(f));
        }
    }

    private void row(String name, long value) {
        console.printf(Locale.ROOT, "  %-30s %,12d%n", name, value);
    }
}

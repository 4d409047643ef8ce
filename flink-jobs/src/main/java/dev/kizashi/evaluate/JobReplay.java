package dev.kizashi.evaluate;

import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.FileReplay;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.jobs.KizashiOptions;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputDocuments.ScoreDoc;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/** Replays a history through the churn job (embedded) with a model and score snapshots. */
public final class JobReplay {
    private JobReplay() {}

    /** End of a day as a snapshot instant: its last millisecond, so all its events are in. */
    public static long snapshotInstant(LocalDate day) {
        return dev.kizashi.fit.ProfileModelFitter.asOf(day) - 1;
    }

    /**
     * Runs the job over {@code events} into {@code out}, scoring with {@code model} and writing
     * every customer's score at {@code snapshotInstants}; only the snapshots are kept.
     */
    public static FileJob.Summary run(
            Path events,
            InputFormat format,
            String csvMapping,
            Configuration jobConf,
            Path model,
            List<Long> snapshotInstants,
            long lines,
            Path out,
            PrintStream console)
            throws Exception {
        Configuration conf = new Configuration(jobConf);
        conf.setString(KizashiOptions.SCORE_MODEL.key(), model.toAbsolutePath().toString());
        conf.setString(
                KizashiOptions.SCORE_SNAPSHOTS.key(),
                snapshotInstants.stream()
                        .map(t -> Instant.ofEpochMilli(t).toString())
                        .collect(Collectors.joining(";")));
        int maxLineChars = ChurnJobConfig.from(conf).maxLineChars();
        FileReplay replay =
                FileReplay.prepare(
                        events,
                        format,
                        csvMapping,
                        maxLineChars,
                        format.sortedByDefault(),
                        out,
                        console);
        Files.deleteIfExists(out.resolve(FileJob.SNAPSHOTS));
        console.println("kizashi: replaying " + events + " through the churn job -> " + out);
        FileJob job = new FileJob(out, conf, System.err, 0).snapshotsOnly();
        FileJob.Summary s =
                job.run(replay.source(), "file " + replay.origin(), replay.decoder(), lines, 1);
        console.printf(
                Locale.ROOT,
                "job: %,d events applied, %,d late, %,d duplicates, %,d customers, %.1f s%n",
                s.events(),
                s.lateEvents(),
                s.duplicates(),
                s.customers(),
                s.elapsedSeconds());
        return s;
    }

    /** The snapshots of a score-snapshots.jsonl by as-of instant, then customer. */
    public static Map<Long, Map<String, ScoreDoc>> readSnapshots(Path file) throws IOException {
        Map<Long, Map<String, ScoreDoc>> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        IOException[] twice = new IOException[1];
        OutputDocuments.forEachScore(
                file,
                s -> {
                    ScoreDoc prev =
                            out.computeIfAbsent(s.asOf(), k -> new HashMap<>())
                                    .put(s.customerId(), s);
                    if (prev != null && twice[0] == null) {
                        twice[0] =
                                new IOException(
                                        "two snapshots of " + s.customerId() + " at " + s.asOf());
                    }
                });
        if (twice[0] != null) {
            throw twice[0];
        }
        return out;
    }
}

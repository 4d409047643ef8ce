package dev.kizashi.cli;

import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaSinks;
import dev.kizashi.connectors.kafka.KafkaSources;
import dev.kizashi.connectors.kafka.KafkaTopics;
import dev.kizashi.jobs.CheckpointLocator;
import dev.kizashi.jobs.ChurnJob;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.ChurnJobSinks;
import dev.kizashi.jobs.ConsoleAlertSink;
import dev.kizashi.jobs.CustomerProfileFunction;
import dev.kizashi.jobs.DecodeFunction;
import dev.kizashi.jobs.EmbeddedProgress;
import dev.kizashi.jobs.Environments;
import dev.kizashi.jobs.IndexerJob;
import dev.kizashi.jobs.JourneyFunction;
import dev.kizashi.jobs.KizashiOptions;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code kizashi run --kafka}: the churn job embedded, Kafka in, Kafka out (and, with {@code --es},
 * the indexer job beside it into Elasticsearch), until it is stopped.
 *
 * <ul>
 *   <li>At start it says where every output goes; while running it prints alerts as the job emits
 *       them (up to {@code --show-alerts}), a progress line every {@link #PROGRESS_EVERY} when
 *       records came in, and the summary table of the file run every {@link #SUMMARY_EVERY} when
 *       anything changed.
 *   <li>SIGTERM or Ctrl-C stops the job with a savepoint in {@code <checkpoint dir>/savepoints} and
 *       prints the command that resumes from it; a second one exits at once (the last checkpoint
 *       stays).
 *   <li>When the job fails for good (the restart strategy gave up, see {@link Environments}) it
 *       prints why and the command that resumes from the last checkpoint, and exits non-zero, so a
 *       supervisor sees it.
 *   <li>{@code --restore latest} resumes from the newest complete checkpoint or savepoint in the
 *       checkpoint directory ({@link CheckpointLocator}).
 * </ul>
 */
final class LiveRun {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);
    static final String JOB_NAME = "kizashi churn detector (kafka)";
    static final String LATEST = "latest";

    /** Exit code after a second Ctrl-C or SIGTERM: at once, without a savepoint. */
    static final int EXIT_INTERRUPTED = 130;

    private final KafkaSettings kafka;
    private final ElasticsearchClientSettings es;
    private final KizashiIndices indices;
    private final boolean scoreHistory;
    private final int esReplicas;
    private final Configuration userConf;
    private final Path checkpointDir;
    private final String restore;
    private final long showAlerts;
    private final List<String> commandLine;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param es Elasticsearch to index into, or null
     * @param checkpointDir where checkpoints (and, on stop, savepoints) go
     * @param restore a checkpoint or savepoint path, {@code latest}, or null
     * @param commandLine the arguments this run was started with, for the resume command
     */
    LiveRun(
            KafkaSettings kafka,
            ElasticsearchClientSettings es,
            KizashiIndices indices,
            boolean scoreHistory,
            int esReplicas,
            Configuration userConf,
            Path checkpointDir,
            String restore,
            long showAlerts,
            List<String> commandLine) {
        this.kafka = kafka;
        this.es = es;
        this.indices = indices;
        this.scoreHistory = scoreHistory;
        this.esReplicas = esReplicas;
        this.userConf = userConf;
        this.checkpointDir = checkpointDir.toAbsolutePath();
        this.restore = restore;
        this.showAlerts = showAlerts;
        this.commandLine = List.copyOf(commandLine);
        this.out = System.out;
        this.err = System.err;
    }

    int run() throws Exception {
        String restorePath = restore == null ? null : resolveRestore(restore, checkpointDir);
        Configuration conf = configuration(userConf, checkpointDir, restorePath);
        ChurnJobConfig jobConfig = ChurnJobConfig.from(conf);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            List<String> created = KafkaTopics.create(admin, kafka, 2, (short) 1);
            if (!created.isEmpty()) {
                out.println("kizashi: created topics " + created);
            }
        }
        if (es != null) {
            IndexerJob.prepareElasticsearch(es, indices, esReplicas)
                    .forEach(step -> out.println("kizashi: elasticsearch " + step));
        }
        startLines(kafka, es, indices, scoreHistory, jobConfig, checkpointDir, restorePath)
                .forEach(out::println);

        EmbeddedProgress.reset();
        ConsoleAlertSink.reset();
        StreamExecutionEnvironment env = Environments.create(conf, jobConfig);
        churnJob(kafka, jobConfig, new ConsoleAlertSink(showAlerts, "topic " + kafka.alertsTopic()))
                .build(env);
        try (StopSignals stop = StopSignals.install(err)) {
            JobClient churn = env.executeAsync(JOB_NAME);
            JobClient indexer = null;
            if (es != null && !kafka.bounded()) {
                indexer =
                        IndexerJob.submit(
                                IndexerJob.environment(conf), kafka, es, indices, scoreHistory);
            }
            return watch(churn, indexer, stop, conf);
        }
    }

    /** Waits for the end, a stop signal or an indexer failure, reporting as it goes. */
    private int watch(JobClient churn, JobClient indexer, StopSignals stop, Configuration conf)
            throws Exception {
        CompletableFuture<JobExecutionResult> result = churn.getJobExecutionResult();
        CompletableFuture<JobExecutionResult> indexed =
                indexer != null ? indexer.getJobExecutionResult() : new CompletableFuture<>();
        Reporter reporter = new Reporter(System.nanoTime());
        while (true) {
            try {
                CompletableFuture.anyOf(result, stop.requested, indexed).get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                reporter.tick(churn);
                continue;
            } catch (ExecutionException e) {
                // a job ended with a failure: handled below
            }
            if (result.isDone()) {
                cancel(indexer);
                if (result.isCompletedExceptionally()) {
                    return failed("the job failed", failure(result));
                }
                reporter.printSummary(result.get().getAllAccumulatorResults());
                if (es != null) {
                    // a bounded run: index what it committed, then stop as well
                    IndexerJob.create(kafka, es, indices, scoreHistory)
                            .bounded(true)
                            .execute(IndexerJob.environment(conf));
                    out.println("kizashi: indexed the committed alerts and scores");
                }
                return 0;
            }
            if (stop.requested.isDone()) {
                out.println(
                        "kizashi: "
                                + stop.requested.get()
                                + ": stopping with a savepoint in "
                                + CheckpointLocator.savepointsDir(checkpointDir));
                return stopWithSavepoint(churn, indexer, reporter);
            }
            // the indexer ended on its own: a failure it could not recover from
            String why = indexed.isCompletedExceptionally() ? failure(indexed) : "it stopped";
            err.println("kizashi run: the Elasticsearch indexer failed: " + why);
            int code = stopWithSavepoint(churn, null, reporter);
            return code == 0 ? Kizashi.EXIT_ERROR : code;
        }
    }

    private int stopWithSavepoint(JobClient churn, JobClient indexer, Reporter reporter)
            throws Exception {
        String location;
        try {
            location =
                    churn.stopWithSavepoint(
                                    false,
                                    CheckpointLocator.savepointsDir(checkpointDir)
                                            .toUri()
                                            .toString(),
                                    // canonical: restores with or without the changelog backend
                                    SavepointFormatType.CANONICAL)
                            .get();
        } catch (ExecutionException e) {
            churn.cancel().exceptionally(t -> null).get();
            cancel(indexer);
            return failed("the savepoint failed", oneLine(rootCause(e)));
        }
        JobExecutionResult r = churn.getJobExecutionResult().get();
        cancel(indexer);
        reporter.printSummary(r.getAllAccumulatorResults());
        String savepoint = localPath(location);
        out.println("kizashi: stopped with a savepoint: " + savepoint);
        out.println("kizashi: resume: " + resumeCommand(commandLine, savepoint));
        return 0;
    }

    /** Says why, and how to resume from the last checkpoint; the exit code of a failure. */
    private int failed(String what, String why) {
        err.println("kizashi run: " + what + ": " + why);
        Optional<Path> last = CheckpointLocator.latest(checkpointDir);
        if (last.isPresent()) {
            out.println(
                    "kizashi: resume from the last checkpoint: "
                            + resumeCommand(commandLine, last.get().toString()));
        } else {
            out.println("kizashi: no checkpoint completed: start again without --restore");
        }
        return Kizashi.EXIT_ERROR;
    }

    private static void cancel(JobClient job) throws Exception {
        if (job != null) {
            job.cancel().exceptionally(t -> null).get(1, TimeUnit.MINUTES);
        }
    }

    private static String failure(CompletableFuture<?> f) {
        try {
            f.get();
            return "no failure";
        } catch (ExecutionException e) {
            return oneLine(rootCause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String oneLine(Throwable t) {
        String what = t.getClass().getSimpleName();
        return t.getMessage() == null ? what : what + ": " + Kizashi.oneLine(t.getMessage());
    }

    // ------------------------------------------------------------------ configuration

    /**
     * The live run's configuration: checkpoints every second unless set (the alert topic only shows
     * what a checkpoint committed), kept in {@code checkpointDir} when the job is cancelled or
     * fails, and the snapshot to restore. {@link Environments} adds the job defaults.
     */
    static Configuration configuration(Configuration user, Path checkpointDir, String restorePath) {
        Configuration conf = new Configuration(user);
        if (!conf.containsKey(KizashiOptions.CHECKPOINT_INTERVAL.key())) {
            conf.set(KizashiOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        }
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointDir.toAbsolutePath().toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restorePath != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
        }
        return conf;
    }

    /**
     * {@code latest}: the newest complete checkpoint or savepoint in {@code checkpointDir}; a local
     * path: checked to be a checkpoint or savepoint; anything else (s3://...) is Flink's to
     * resolve.
     */
    static String resolveRestore(String restore, Path checkpointDir) {
        if (restore.equals(LATEST)) {
            return CheckpointLocator.require(checkpointDir).toString();
        }
        Path local = localFile(restore);
        if (local == null) {
            return restore;
        }
        Path snapshot =
                local.getFileName() != null
                                && local.getFileName().toString().equals(CheckpointLocator.METADATA)
                        ? local.getParent()
                        : local;
        if (!Files.exists(local)) {
            throw new IllegalArgumentException(
                    "--restore: no such checkpoint or savepoint: " + local);
        }
        if (snapshot == null || !CheckpointLocator.isComplete(snapshot)) {
            throw new IllegalArgumentException(
                    "--restore: "
                            + local
                            + " is not a complete checkpoint or savepoint (no "
                            + CheckpointLocator.METADATA
                            + " in it)");
        }
        return snapshot.toAbsolutePath().toString();
    }

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    /** The local file {@code location} names (a path or a file: URI); null for other schemes. */
    private static Path localFile(String location) {
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location));
        }
        return SCHEME.matcher(location).matches() ? null : Path.of(location);
    }

    /** {@code location} as a local path when it is a file: URI, else as it is. */
    static String localPath(String location) {
        Path p = location.startsWith("file:") ? localFile(location) : null;
        return p != null ? p.toString() : location;
    }

    // ------------------------------------------------------------------ the job

    /**
     * The job of {@code LiveJob.create(kafka, config)} with one more notification sink, the console
     * (which prints treated alerts up to its limit and counts them: a held-out one reaches no
     * channel). The same operators and uids, so snapshots of either restore in the other
     * (LiveRunTest compares the two graphs).
     */
    static ChurnJob churnJob(KafkaSettings kafka, ChurnJobConfig config, Sink<Alert> console) {
        ChurnJobSinks sinks =
                ChurnJobSinks.builder()
                        .notifications("kafka", KafkaSinks.alerts(kafka))
                        .notifications("console", console)
                        .holdouts("kafka", KafkaSinks.holdouts(kafka))
                        .outcomes("kafka", KafkaSinks.outcomes(kafka))
                        .journeys("kafka", KafkaSinks.journeys(kafka))
                        .scores("kafka", KafkaSinks.scores(kafka))
                        .deadLetters("kafka", KafkaSinks.deadLetters(kafka))
                        .lateEvents("kafka", KafkaSinks.lateEvents(kafka))
                        .build();
        return new ChurnJob(
                KafkaSources.events(kafka),
                "kafka " + kafka.eventsTopic(),
                LineDecoders.json(config.maxLineChars()),
                sinks,
                config);
    }

    // ------------------------------------------------------------------ what it prints

    /** Where the run reads from and writes to, what it checkpoints, and how it stops. */
    static List<String> startLines(
            KafkaSettings kafka,
            ElasticsearchClientSettings es,
            KizashiIndices indices,
            boolean scoreHistory,
            ChurnJobConfig jobConfig,
            Path checkpointDir,
            String restorePath) {
        List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "kizashi: live run: events from %s topic %s (group %s)%s",
                        kafka.bootstrapServers(),
                        kafka.eventsTopic(),
                        kafka.groupId(),
                        kafka.bounded() ? ", up to the offsets latest now" : ""));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "kizashi: alerts -> topic %s (committed on checkpoints: read with"
                                + " read_committed), held-out alerts -> %s, outcomes -> %s,"
                                + " journeys -> %s, scores -> %s, dead letters and late events"
                                + " -> %s",
                        kafka.alertsTopic(),
                        kafka.controlTopic(),
                        kafka.outcomesTopic(),
                        kafka.journeysTopic(),
                        kafka.scoresTopic(),
                        kafka.deadLettersTopic()));
        if (es != null) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "kizashi: indexer job: committed alerts (held-out ones too) -> %s"
                                    + " %s, outcomes -> %s, journeys -> %s, scores -> %s%s",
                            String.join(",", es.hosts()),
                            indices.alertsAlias(),
                            indices.outcomesIndex(),
                            indices.journeysAlias(),
                            indices.scoresIndex(),
                            scoreHistory
                                    ? ", every score change -> " + indices.scoreHistoryPattern()
                                    : ""));
        }
        lines.add(
                String.format(
                        Locale.ROOT,
                        "kizashi: checkpoints every %s in %s%s",
                        TimeUtils.formatWithHighestUnit(jobConfig.checkpointInterval()),
                        checkpointDir,
                        restorePath == null ? "" : "; restoring " + restorePath));
        lines.add(
                "kizashi: Ctrl-C or SIGTERM stops with a savepoint; after a crash, resume with"
                        + " --restore latest");
        return lines;
    }

    /**
     * The command that resumes this run from {@code snapshot}: the same arguments, with {@code
     * --restore snapshot} instead of any earlier {@code --restore}, quoted for a POSIX shell.
     */
    static String resumeCommand(List<String> args, String snapshot) {
        List<String> words = new ArrayList<>(List.of("./kizashi"));
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--restore")) {
                i++; // and its value
            } else if (!a.startsWith("--restore=")) {
                words.add(a);
            }
        }
        words.add("--restore");
        words.add(snapshot);
        return words.stream().map(LiveRun::shellWord).collect(Collectors.joining(" "));
    }

    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    private static String shellWord(String w) {
        return PLAIN_WORD.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'";
    }

    /** Progress lines and the periodic summary, from this JVM's counters and the accumulators. */
    private final class Reporter {
        private final long started;
        private long lastRecords;
        private long lastProgressAt;
        private long lastSummaryAt;
        private long recordsAtLastSummary;

        Reporter(long started) {
            this.started = started;
            this.lastProgressAt = started;
            this.lastSummaryAt = started;
        }

        void tick(JobClient churn) {
            long now = System.nanoTime();
            if (now - lastProgressAt >= PROGRESS_EVERY.toNanos()) {
                long read = EmbeddedProgress.recordsRead();
                if (read != lastRecords) {
                    out.printf(
                            Locale.ROOT,
                            "progress: %,d records  %,.0f records/s  %,d alerts  %.0f s%n",
                            read,
                            (read - lastRecords) / ((now - lastProgressAt) / 1e9),
                            alerts(ConsoleAlertSink.alertsByPattern()),
                            (now - started) / 1e9);
                }
                lastRecords = read;
                lastProgressAt = now;
            }
            if (now - lastSummaryAt >= SUMMARY_EVERY.toNanos()) {
                lastSummaryAt = now;
                long read = EmbeddedProgress.recordsRead();
                if (read != recordsAtLastSummary) {
                    recordsAtLastSummary = read;
                    try {
                        printSummary(churn.getAccumulators().get(10, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        // restarting: the next one
                    }
                }
            }
        }

        void printSummary(Map<String, Object> acc) {
            Map<String, Long> byPattern = ConsoleAlertSink.alertsByPattern();
            double elapsed = (System.nanoTime() - started) / 1e9;
            long records = acc(acc, DecodeFunction.ACC_RECORDS);
            out.println();
            out.printf(Locale.ROOT, "Summary after %.0f s%n", elapsed);
            out.println("  -------------------------------------------");
            row("records read", records);
            row("events applied", acc(acc, CustomerProfileFunction.ACC_EVENTS));
            row("duplicates dropped", acc(acc, CustomerProfileFunction.ACC_DUPLICATES));
            row("late events", acc(acc, CustomerProfileFunction.ACC_LATE));
            row("dead letters", acc(acc, DecodeFunction.ACC_DEAD_LETTERS));
            row("new customers", acc(acc, CustomerProfileFunction.ACC_CUSTOMERS));
            row("alerts sent (treated)", alerts(byPattern));
            byPattern.forEach((p, n) -> row("  " + p, n));
            row("repeats suppressed (cooldown)", acc(acc, CustomerProfileFunction.ACC_SUPPRESSED));
            long muted = acc(acc, CustomerProfileFunction.ACC_MUTED);
            if (muted > 0) {
                row("muted (no signal in history)", muted);
            }
            row("episodes resolved", acc(acc, CustomerProfileFunction.ACC_RESOLVED));
            row("episodes churned", acc(acc, CustomerProfileFunction.ACC_CHURNED));
            row("episodes opened", acc(acc, CustomerProfileFunction.ACC_EPISODES));
            row("  held out (control group)", acc(acc, CustomerProfileFunction.ACC_HELD_OUT));
            row("outcomes recorded", acc(acc, CustomerProfileFunction.ACC_OUTCOMES));
            row("journey records", acc(acc, JourneyFunction.ACC_JOURNEYS));
            out.printf(Locale.ROOT, "  %-30s %,12.1f s%n", "elapsed", elapsed);
            out.printf(
                    Locale.ROOT,
                    "  %-30s %,12.0f%n",
                    "records/s",
                    elapsed > 0 ? records / elapsed : 0);
            out.println("  -------------------------------------------");
            out.println("  alerts: topic " + kafka.alertsTopic());
            out.println("  held-out alerts: topic " + kafka.controlTopic());
            out.println("  outcomes: topic " + kafka.outcomesTopic());
            out.println("  journeys: topic " + kafka.journeysTopic());
            CheckpointLocator.latest(checkpointDir)
                    .ifPresent(p -> out.println("  last checkpoint: " + p));
        }

        private void row(String name, long value) {
            out.printf(Locale.ROOT, "  %-30s %,12d%n", name, value);
        }
    }

    private static long alerts(Map<String, Long> byPattern) {
        return byPattern.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long acc(Map<String, Object> acc, String name) {
        return acc.get(name) instanceof Number n ? n.longValue() : 0L;
    }
}

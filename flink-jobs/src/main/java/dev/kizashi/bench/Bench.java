package dev.kizashi.bench;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.codec.CustomerEventTypeInfo;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.jobs.ChurnJob;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.ChurnJobSinks;
import dev.kizashi.jobs.DecodeFunction;
import dev.kizashi.jobs.Environments;
import dev.kizashi.jobs.JobState;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DeadLetter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code kizashi bench}: the production job and a reference pipeline over the same generated
 * stream, in this JVM (Flink MiniCluster, RocksDB). Figures, not a gate.
 *
 * <ol>
 *   <li>Full job, checkpoints on: as fast as it goes for {@code duration} (throughput, and over
 *       time), then, in the same job so state and event time are where production would be, paced
 *       at {@code rateFraction} of its last-window rate for {@code latencyDuration} (detection
 *       latency).
 *   <li>Full job, checkpoints off: the same stream; unpaced over the same number of events, then
 *       paced at the same rate (latency without checkpoint stalls).
 *   <li>Reference (parse, keyBy, one RocksDB ValueState update and one timer per customer), over
 *       the same events as the unpaced phase of run 1.
 * </ol>
 */
public final class Bench {
    /** What to run. */
    public record Settings(
            GeneratorConfig generator,
            GeneratorConfig latencyGenerator,
            int latencyLeadDays,
            Duration duration,
            Duration latencyDuration,
            long maxEvents,
            double rate,
            double rateFraction,
            Duration settle,
            Duration warmup,
            boolean latencyRuns,
            boolean checkpointsOffRun,
            Configuration conf) {}

    /** One unpaced-then-paced run of the full job, or the reference's unpaced run. */
    record Run(
            String name,
            long events,
            double seconds,
            List<long[]> samples,
            double pacedRate,
            BenchProbe probe,
            String loadBefore,
            String loadAfter) {
        double eventsPerSecond() {
            return seconds > 0 ? events / seconds : 0;
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final ChurnJobConfig jobConfig;
    private Path checkpointRoot;

    public Bench(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.jobConfig = ChurnJobConfig.from(settings.conf());
    }

    /** Runs every phase and prints the table; returns the runs for tests. */
    public List<Run> run() throws Exception {
        checkpointRoot = Files.createTempDirectory("kizashi-bench-");
        try {
            List<Run> runs = new ArrayList<>();
            warmUp();
            Run full = full(settings.generator(), true, 0);
            runs.add(full);
            runs.add(reference(full.events()));
            long unpaced = (long) (full.seconds() * 1e9);
            double rate =
                    settings.rate() > 0
                            ? settings.rate()
                            : Math.max(
                                    100,
                                    settings.rateFraction()
                                            * lastWindowRate(full.samples(), unpaced));
            if (settings.latencyRuns()) {
                runs.add(full(settings.latencyGenerator(), true, rate));
            }
            if (settings.latencyRuns() && settings.checkpointsOffRun()) {
                runs.add(full(settings.latencyGenerator(), false, rate));
            }
            print(runs);
            return runs;
        } finally {
            deleteRecursively(checkpointRoot);
        }
    }

    // ---------------------------------------------------------------- environment

    Configuration jobConfiguration(boolean checkpoints, String runName) {
        Configuration base = new Configuration(settings.conf());
        if (!base.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            base.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    checkpointRoot.resolve(runName).toUri().toString());
        }
        Configuration c = Environments.withJobDefaults(base, jobConfig);
        if (!settings.conf().contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
            // RocksDB's block cache and write buffers come out of managed memory (off-heap).
            c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
        }
        MaterializationCounter.register(c);
        if (!checkpoints) {
            c.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
            c.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, false);
        }
        return c;
    }

    private StreamExecutionEnvironment environment(Configuration c) {
        return StreamExecutionEnvironment.createLocalEnvironment(c);
    }

    private BenchProbe newProbe() {
        BenchProbe probe =
                new BenchProbe(jobConfig.outOfOrderness().toMillis(), settings.settle().toNanos());
        BenchProbe.current = probe;
        return probe;
    }

    // ---------------------------------------------------------------- runs

    /**
     * The production job graph with counting sinks over {@code generator}. {@code rate == 0}:
     * unpaced for the duration (or max events), for throughput. Otherwise unpaced until the stream
     * reaches the latency lead-in day, then paced at {@code rate} for the latency duration.
     */
    private Run full(GeneratorConfig generator, boolean checkpoints, double rate) throws Exception {
        boolean paced = rate > 0;
        String name =
                (paced ? "latency, " : "throughput, ")
                        + (checkpoints ? "checkpoints on" : "checkpoints off");
        out.printf(
                Locale.ROOT, "%n== full job: %s (%,d customers) ==%n", name, generator.customers());
        BenchProbe probe = newProbe();
        if (paced) {
            probe.pacedRate = rate;
            probe.switchAtEventTs =
                    generator.start().toEpochMilli() + settings.latencyLeadDays() * 86_400_000L;
        } else if (settings.maxEvents() > 0) {
            probe.holdAtLine = settings.maxEvents();
        }
        String runName = (paced ? "latency-" : "throughput-") + (checkpoints ? "on" : "off");
        StreamExecutionEnvironment env = environment(jobConfiguration(checkpoints, runName));
        buildFullJob(env, generator);
        String loadBefore = load();
        JobClient client = env.executeAsync("kizashi bench: " + name);
        List<long[]> samples = new ArrayList<>();
        try {
            awaitFirstEvent(client, probe);
            long unpacedEnd = 0;
            long lastReport = System.nanoTime();
            while (true) {
                TimeUnit.MILLISECONDS.sleep(100);
                failIfTerminated(client);
                long now = System.nanoTime();
                if (unpacedEnd == 0) {
                    samples.add(new long[] {now - probe.firstEmitNanos, probe.emitted});
                }
                if (now - lastReport >= 10_000_000_000L) {
                    lastReport = now;
                    progress(probe, now);
                }
                if (probe.exhausted) {
                    out.println("  the generated stream ended early: use more --days");
                    break;
                }
                if (!paced) {
                    if (unpacedDone(probe, now)) {
                        unpacedEnd = probe.holdStartNanos != 0 ? probe.holdStartNanos : now;
                        break;
                    }
                    continue;
                }
                if (unpacedEnd == 0 && probe.pacedStartNanos != 0) {
                    unpacedEnd = probe.pacedStartNanos;
                    out.printf(
                            Locale.ROOT,
                            "  %,d events unpaced (to event day %d) in %.1f s; now paced at %,.0f"
                                    + " events/s for %d s + %d s settling%n",
                            probe.pacedFromLine,
                            settings.latencyLeadDays(),
                            (unpacedEnd - probe.firstEmitNanos) / 1e9,
                            rate,
                            settings.latencyDuration().toSeconds(),
                            settings.settle().toSeconds());
                }
                Path runDir = checkpointRoot.resolve(runName);
                if (probe.checkpointAtMeasureStart < 0 && now >= probe.measureFromNanos) {
                    probe.checkpointAtMeasureStart = newestCompletedCheckpoint(runDir);
                    probe.background.begin();
                }
                if (unpacedEnd != 0
                        && now - probe.measureFromNanos >= settings.latencyDuration().toNanos()) {
                    probe.checkpointAtMeasureEnd = newestCompletedCheckpoint(runDir);
                    probe.background.end();
                    break;
                }
            }
            long events = paced ? Math.max(0, probe.pacedFromLine) : Math.max(0, probe.emitted);
            if (!paced && probe.holdStartNanos != 0) {
                events = settings.maxEvents();
            }
            long end = unpacedEnd != 0 ? unpacedEnd : System.nanoTime();
            double seconds = (end - probe.firstEmitNanos) / 1e9;
            return new Run(name, events, seconds, samples, rate, probe, loadBefore, load());
        } finally {
            cancel(client);
        }
    }

    /**
     * The id of the newest checkpoint under {@code runDir} that has its metadata written
     * (complete); 0 if none. Read from the directory because sink writers hear nothing of
     * completions.
     */
    static long newestCompletedCheckpoint(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.find(runDir, 2, (p, a) -> a.isDirectory())) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .mapToLong(p -> Long.parseLong(p.getFileName().toString().substring(4)))
                    .max()
                    .orElse(0);
        } catch (java.io.UncheckedIOException e) {
            return 0; // a checkpoint directory went away while listing: read again next time
        }
    }

    private void buildFullJob(StreamExecutionEnvironment env, GeneratorConfig generator) {
        ChurnJobSinks sinks =
                ChurnJobSinks.builder()
                        .alerts("bench", new CountingSink<Alert>(CountingSink.Output.ALERTS))
                        .scores("bench", new CountingSink<ScoreUpdate>(CountingSink.Output.SCORES))
                        .deadLetters(
                                "bench",
                                new CountingSink<DeadLetter>(CountingSink.Output.DEAD_LETTERS))
                        .lateEvents(
                                "bench",
                                new CountingSink<DeadLetter>(CountingSink.Output.LATE_EVENTS))
                        .build();
        new ChurnJob(
                        BenchSource.create(generator, Long.MAX_VALUE),
                        "generator",
                        LineDecoders.json(jobConfig.maxLineChars()),
                        sinks,
                        jobConfig)
                .withSourceParallelism(1)
                .build(env);
    }

    /** Untimed: the full job for a while, so JIT compilation does not count as a first minute. */
    private void warmUp() throws Exception {
        if (settings.warmup().isZero()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "%n== warm-up (%d s, not measured) ==%n",
                settings.warmup().toSeconds());
        BenchProbe probe = newProbe();
        StreamExecutionEnvironment env = environment(jobConfiguration(false, "warm-up"));
        buildFullJob(env, settings.generator());
        JobClient client = env.executeAsync("kizashi bench: warm-up");
        try {
            awaitFirstEvent(client, probe);
            while (System.nanoTime() - probe.firstEmitNanos < settings.warmup().toNanos()
                    && !probe.exhausted) {
                TimeUnit.MILLISECONDS.sleep(100);
                failIfTerminated(client);
            }
        } finally {
            cancel(client);
        }
    }

    private boolean unpacedDone(BenchProbe probe, long now) {
        if (probe.exhausted) {
            return true;
        }
        if (settings.maxEvents() > 0 && probe.emitted >= settings.maxEvents()) {
            return true;
        }
        return now - probe.firstEmitNanos >= settings.duration().toNanos();
    }

    /** Parse, keyBy, one RocksDB ValueState update per event and one timer per customer. */
    private Run reference(long events) throws Exception {
        String name = "reference";
        out.printf(Locale.ROOT, "%n== %s (same %,d events) ==%n", name, events);
        BenchProbe probe = newProbe();
        Configuration c = jobConfiguration(true, "reference");
        StreamExecutionEnvironment env = environment(c);
        SingleOutputStreamOperator<SourceLine> lines =
                env.fromSource(
                                BenchSource.create(settings.generator(), events),
                                org.apache.flink.api.common.eventtime.WatermarkStrategy
                                        .noWatermarks(),
                                "generator",
                                TypeInformation.of(SourceLine.class))
                        .uid(JobState.UID_SOURCE)
                        .name("generator")
                        .setParallelism(1);
        SingleOutputStreamOperator<CustomerEvent> parsed =
                lines.process(
                                new DecodeFunction(LineDecoders.json(jobConfig.maxLineChars())),
                                CustomerEventTypeInfo.INSTANCE)
                        .uid(JobState.UID_DECODE)
                        .name("decode and validate")
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(ChurnJob.watermarks(jobConfig))
                        .uid(JobState.UID_WATERMARKS)
                        .name("event time")
                        .setParallelism(1);
        parsed.keyBy(CustomerEvent::customerId)
                .process(new ReferenceFunction(), TypeInformation.of(Long.class))
                .uid(JobState.UID_BENCH_REFERENCE)
                .name("reference: ValueState + timer")
                .sinkTo(new CountingSink<Long>(CountingSink.Output.DISCARD))
                .uid(JobState.UID_BENCH_REFERENCE_SINK)
                .name("discard");
        String loadBefore = load();
        JobClient client = env.executeAsync("kizashi bench: reference");
        List<long[]> samples = new ArrayList<>();
        try {
            awaitFirstEvent(client, probe);
            long lastReport = System.nanoTime();
            // Bounded: the job finishes once its source has emitted the events, and its
            // MiniCluster shuts down right after, so ask the job's result, never the cluster.
            while (probe.emitted < events && !finished(client)) {
                TimeUnit.MILLISECONDS.sleep(100);
                long now = System.nanoTime();
                samples.add(new long[] {now - probe.firstEmitNanos, probe.emitted});
                if (now - lastReport >= 10_000_000_000L) {
                    lastReport = now;
                    progress(probe, now);
                }
            }
            if (probe.emitted < events) {
                throw new IllegalStateException(
                        String.format(
                                Locale.ROOT,
                                "the reference job finished after %,d of %,d events",
                                probe.emitted,
                                events));
            }
            double seconds = (probe.lastEmitNanos - probe.firstEmitNanos) / 1e9;
            return new Run(name, events, seconds, samples, 0, probe, loadBefore, load());
        } finally {
            cancel(client);
        }
    }

    private void progress(BenchProbe probe, long now) {
        out.printf(
                Locale.ROOT,
                "  %,12d events  %6.0f s  %,9d alerts%n",
                probe.emitted,
                (now - probe.firstEmitNanos) / 1e9,
                probe.alerts.sum());
    }

    /**
     * Waits for the source's first event, or for the job to finish (a bounded job can be done
     * before this looks; the caller checks its counts).
     */
    private static void awaitFirstEvent(JobClient client, BenchProbe probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (probe.firstEmitNanos == 0 && !finished(client)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not start within 5 minutes");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** For the unbounded jobs: throws if the job has ended, however it ended. */
    private static void failIfTerminated(JobClient client) throws Exception {
        if (finished(client)) {
            throw new IllegalStateException("the job finished by itself; its source is unbounded");
        }
    }

    /**
     * Whether the job has finished, read from its result only: {@code true} once it finished,
     * {@code false} while it runs; a failed or cancelled job throws its failure ({@link
     * java.util.concurrent.ExecutionException}).
     *
     * <p>Never asks the cluster ({@link JobClient#getJobStatus()}): the local environment runs each
     * job on its own MiniCluster and shuts it down as soon as the job's result is known, so a
     * status request about a job that has just finished throws "MiniCluster is not yet running or
     * has already been shut down". The result future is held by the client, completes when the job
     * reaches a globally terminal state and stays readable after the shutdown.
     */
    static boolean finished(JobClient client) throws Exception {
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        if (!result.isDone()) {
            return false;
        }
        result.get(); // a failed or cancelled job's result completes exceptionally
        return true;
    }

    /**
     * Cancels the job unless it has ended and waits for its end. Asks nothing of the cluster once
     * the job has a result: that cluster may already be shut down.
     */
    static void cancel(JobClient client) {
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        if (!result.isDone()) {
            try {
                client.cancel().get(2, TimeUnit.MINUTES);
            } catch (Exception endedMeanwhile) {
                // finished between the check and the request (its cluster may be gone): the
                // result below tells
            }
        }
        try {
            result.get(2, TimeUnit.MINUTES);
        } catch (Exception expected) {
            // a cancelled job reports its cancellation as an exception
        }
    }

    // ---------------------------------------------------------------- figures

    /** Window for "first vs last": a minute, or a third of a shorter unpaced phase. */
    static long windowNanos(long unpacedNanos) {
        return Math.max(1, Math.min(TimeUnit.MINUTES.toNanos(1), unpacedNanos / 3));
    }

    /** Events emitted by {@code t} nanos after the first event, interpolated between samples. */
    static double countAt(List<long[]> samples, long t) {
        long prevT = 0;
        long prevC = 0;
        for (long[] s : samples) {
            if (s[0] >= t) {
                if (s[0] == prevT) {
                    return s[1];
                }
                return prevC + (double) (s[1] - prevC) * (t - prevT) / (s[0] - prevT);
            }
            prevT = s[0];
            prevC = s[1];
        }
        return prevC;
    }

    static double rateBetween(List<long[]> samples, long from, long to) {
        return to > from ? (countAt(samples, to) - countAt(samples, from)) * 1e9 / (to - from) : 0;
    }

    static double lastWindowRate(List<long[]> samples, long end) {
        long w = windowNanos(end);
        return rateBetween(samples, end - w, end);
    }

    private void print(List<Run> runs) {
        Run full = runs.get(0);
        Run ref = runs.get(1);
        List<Run> latency = runs.subList(2, runs.size());
        Configuration c = jobConfiguration(true, "print");
        GeneratorConfig g = settings.generator();
        out.println();
        out.println("Kizashi benchmark");
        out.printf(
                Locale.ROOT,
                "  stream: generator (its event mix, no malformed lines), seed %d, from %s, one"
                        + " source subtask; Flink MiniCluster in this JVM, parallelism %s, %d cores,"
                        + " heap max %d MB%n",
                g.seed(),
                g.start(),
                c.getString("parallelism.default", "?"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf(
                Locale.ROOT,
                "  RocksDB: %s checkpoints every %s (exactly-once), managed memory %d MB"
                        + " (block cache + write buffers), predefined options %s, bloom filters"
                        + " %s, timers in %s;"
                        + " buffer timeout %s; watermark bound %s%n",
                c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)
                        ? "changelog (materialized every "
                                + human(
                                        c.get(
                                                StateChangelogOptions
                                                        .PERIODIC_MATERIALIZATION_INTERVAL))
                                + "), "
                                + (c.get(CheckpointingOptions.ENABLE_UNALIGNED)
                                        ? "unaligned"
                                        : "aligned")
                        : "incremental, "
                                + (c.get(CheckpointingOptions.ENABLE_UNALIGNED)
                                        ? "unaligned"
                                        : "aligned"),
                human(jobConfig.checkpointInterval()),
                c.get(TaskManagerOptions.MANAGED_MEMORY_SIZE).getBytes() >> 20,
                c.get(RocksDBOptions.PREDEFINED_OPTIONS),
                c.getString(Environments.ROCKSDB_BLOOM_FILTER, "false").equals("true")
                        ? "on"
                        : "off",
                c.get(RocksDBOptions.TIMER_SERVICE_FACTORY),
                human(c.get(ExecutionOptions.BUFFER_TIMEOUT)),
                human(jobConfig.outOfOrderness()));
        out.println();
        out.printf(
                Locale.ROOT,
                "Throughput, %,d customers, checkpoints on, unpaced, same events, start-up"
                        + " excluded%n",
                g.customers());
        out.printf(
                Locale.ROOT,
                "  %-44s %12s %9s %11s  %s%n",
                "pipeline",
                "events",
                "seconds",
                "events/s",
                "load before/after");
        for (Run r : List.of(ref, full)) {
            out.printf(
                    Locale.ROOT,
                    "  %-44s %,12d %9.1f %,11.0f  %s / %s%n",
                    r == ref ? "reference (parse, keyBy, ValueState + timer)" : "full job",
                    r.events(),
                    r.seconds(),
                    r.eventsPerSecond(),
                    r.loadBefore(),
                    r.loadAfter());
        }
        double ratio = full.eventsPerSecond() / Math.max(1e-9, ref.eventsPerSecond());
        out.printf(Locale.ROOT, "  full job / reference: %.2fx  (target >= 0.5x)%n", ratio);
        long unpacedNanos = (long) (full.seconds() * 1e9);
        long w = windowNanos(unpacedNanos);
        double first = rateBetween(full.samples(), 0, w);
        double last = rateBetween(full.samples(), unpacedNanos - w, unpacedNanos);
        out.printf(
                Locale.ROOT,
                "  full job over time: first %.0f s %,.0f events/s, last %.0f s %,.0f events/s:"
                        + " last/first %.2f  (target >= 0.90)%n",
                w / 1e9,
                first,
                w / 1e9,
                last,
                last / Math.max(1e-9, first));
        if (unpacedNanos >= 2 * w) {
            StringBuilder sb = new StringBuilder("  events/s per window:");
            for (long t = 0; t + w <= unpacedNanos + w / 10; t += w) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                " %,.0f",
                                rateBetween(full.samples(), t, Math.min(t + w, unpacedNanos))));
            }
            out.println(sb);
        }
        if (latency.isEmpty()) {
            return;
        }
        Run first0 = latency.get(0);
        GeneratorConfig lg = settings.latencyGenerator();
        out.println();
        out.printf(
                Locale.ROOT,
                "Detection latency, event ingested -> alert emitted (ms): %,d customers, unpaced"
                        + " to event day %d (%,d events), then paced at %,.0f events/s (%.0f%% of"
                        + " the full job's last-window rate) for %d s after %d s of settling; checkpoints"
                        + " completed while measuring: %s%n",
                lg.customers(),
                settings.latencyLeadDays(),
                first0.events(),
                first0.pacedRate(),
                100 * first0.pacedRate() / Math.max(1e-9, last),
                settings.latencyDuration().toSeconds(),
                settings.settle().toSeconds(),
                perRun(latency, r -> r.probe().checkpointsCompletedWhileMeasuring(), ", "));
        out.println(
                "  also while measuring (each competes for the 2 cores or stalls a task thread):"
                        + " "
                        + perRun(latency, r -> r.probe().background.describe(), "; "));
        out.printf(
                Locale.ROOT,
                "  %-34s %-12s %8s %9s %9s %9s  %s%n",
                "alerts",
                "checkpoints",
                "n",
                "p50",
                "p99",
                "max",
                "load before/after");
        for (Run r : latency) {
            String ck =
                    r.name().endsWith("checkpoints on")
                            ? "every " + human(jobConfig.checkpointInterval())
                            : "off";
            for (BenchProbe.Group grp : BenchProbe.Group.values()) {
                double[] l = r.probe().latencyMs(grp);
                out.printf(
                        Locale.ROOT,
                        "  %-34s %-12s %,8d %9.2f %9.2f %9.2f  %s / %s%n",
                        label(grp),
                        ck,
                        (long) l[0],
                        l[1],
                        l[2],
                        l[3],
                        r.loadBefore(),
                        r.loadAfter());
            }
        }
        out.println(
                "  targets: single-event p50 <= 2 ms, p99 <= 50 ms with checkpoints on;"
                        + " sequence/absence p99 <= bound + 100 ms, i.e. <= 100 ms as measured here");
        out.println(
                "  single-event = CANCEL_INTENT (cancel request), SKIPPED_CYCLE (cycle_skipped);"
                        + " sequence = SUPPORT_SPIKE, DOWNGRADE_SEQUENCE (alerted on the completing"
                        + " event); absence = deadlines, from the ingestion of the first event at or"
                        + " past deadline + bound (the one that lets the watermark pass it)");
        long early = first0.probe().absenceBeforeWatermark.sum();
        if (early > 0) {
            out.printf(
                    Locale.ROOT,
                    "  (%,d absence alerts came before the watermark, from the customer's own newer"
                            + " event, and are not in the figures)%n",
                    early);
        }
        StringBuilder sb = new StringBuilder("  alerts in the checkpoints-on latency run:");
        for (Map.Entry<ChurnPattern, java.util.concurrent.atomic.LongAdder> e :
                first0.probe().alertsByPattern.entrySet()) {
            long n = e.getValue().sum();
            if (n > 0) {
                sb.append(String.format(Locale.ROOT, " %s %,d", e.getKey(), n));
            }
        }
        out.println(sb);
    }

    private static String label(BenchProbe.Group g) {
        return switch (g) {
            case SINGLE_EVENT -> "single-event precursors";
            case SEQUENCE -> "sequence patterns";
            case ABSENCE -> "absence patterns (after watermark)";
        };
    }

    private static String human(Duration d) {
        if (d.toMillis() % 60_000 == 0 && d.toMillis() > 0) {
            return d.toMinutes() + " min";
        }
        if (d.toMillis() % 1000 == 0 && d.toMillis() > 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }

    /** The 1-minute load average, as {@code uptime} shows it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** "{what} ({run name})" for each run, joined by {@code separator}. */
    private static String perRun(
            List<Run> runs, java.util.function.Function<Run, Object> what, String separator) {
        return runs.stream()
                .map(r -> what.apply(r) + " (" + r.name() + ")")
                .collect(java.util.stream.Collectors.joining(separator));
    }

    private static void deleteRecursively(Path root) {
        // A cancelled job may still be removing its own changelog files while this walks.
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException vanishedWhileWalking) {
                // walk again: what is left is still to delete
            }
        }
    }
}

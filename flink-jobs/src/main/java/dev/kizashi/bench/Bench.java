package dev.kizashi.bench;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ChurnPattern;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.codec.CustomerEventTypeInfo;
import dev.kizashi.codec.DeadLetter;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.generator.GeneratorConfig;
import dev.kizashi.jobs.ChurnJob;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.ChurnJobSinks;
import dev.kizashi.jobs.DecodeFunction;
import dev.kizashi.jobs.Environments;
import dev.kizashi.jobs.JobState;
import dev.kizashi.model.CustomerEvent;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
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
            Duration duration,
            Duration latencyDuration,
            long maxEvents,
            double rate,
            double rateFraction,
            Duration settle,
            Duration warmup,
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
            Run fullOn = full(true, -1, 0);
            runs.add(fullOn);
            if (settings.checkpointsOffRun()) {
                runs.add(full(false, fullOn.events(), fullOn.pacedRate()));
            }
            runs.add(reference(fullOn.events()));
            print(runs);
            return runs;
        } finally {
            deleteRecursively(checkpointRoot);
        }
    }

    // ---------------------------------------------------------------- environment

    Configuration jobConfiguration(boolean checkpoints, String runName) {
        Configuration c = Environments.withJobDefaults(settings.conf(), jobConfig);
        if (!settings.conf().contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
            // RocksDB's block cache and write buffers come out of managed memory (off-heap).
            c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
        }
        c.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointRoot.resolve(runName).toUri().toString());
        if (!checkpoints) {
            c.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
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
     * The production job graph with counting sinks. {@code switchAt < 0}: unpaced for the duration
     * (or max events), then paced at the fraction of the measured rate; otherwise unpaced for
     * exactly {@code switchAt} lines, then paced at {@code rate}.
     */
    private Run full(boolean checkpoints, long switchAt, double rate) throws Exception {
        String name = checkpoints ? "full job" : "full job, checkpoints off";
        out.printf(Locale.ROOT, "%n== %s ==%n", name);
        BenchProbe probe = newProbe();
        if (switchAt >= 0) {
            probe.switchAtLine = switchAt;
            probe.pacedRate = rate;
        } else if (settings.maxEvents() > 0) {
            probe.holdAtLine = settings.maxEvents();
        }
        Configuration c = jobConfiguration(checkpoints, checkpoints ? "full-on" : "full-off");
        StreamExecutionEnvironment env = environment(c);
        buildFullJob(env);
        String loadBefore = load();
        JobClient client = env.executeAsync("kizashi bench: " + name);
        List<long[]> samples = new ArrayList<>();
        try {
            awaitFirstEvent(client, probe);
            long unpacedEnd = 0;
            double pacedRate = rate;
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
                if (switchAt < 0 && !probe.switchRequested && unpacedDone(probe, now)) {
                    double measured = lastWindowRate(samples, now - probe.firstEmitNanos);
                    pacedRate =
                            settings.rate() > 0
                                    ? settings.rate()
                                    : Math.max(100, settings.rateFraction() * measured);
                    probe.pacedRate = pacedRate;
                    probe.switchRequested = true;
                }
                if (unpacedEnd == 0 && probe.pacedStartNanos != 0) {
                    unpacedEnd = probe.pacedStartNanos;
                    out.printf(
                            Locale.ROOT,
                            "  %,d events unpaced in %.1f s; now paced at %,.0f events/s for"
                                    + " %d s (latency measured after %d s)%n",
                            probe.pacedFromLine,
                            (unpacedEnd - probe.firstEmitNanos) / 1e9,
                            pacedRate,
                            settings.latencyDuration().toSeconds(),
                            settings.settle().toSeconds());
                }
                if (unpacedEnd != 0
                        && now - probe.measureFromNanos >= settings.latencyDuration().toNanos()) {
                    break;
                }
                if (probe.exhausted) {
                    out.println("  the generated stream ended early: use more --days");
                    break;
                }
            }
            long events = probe.pacedFromLine >= 0 ? probe.pacedFromLine : probe.emitted;
            long end = unpacedEnd != 0 ? unpacedEnd : System.nanoTime();
            if (probe.holdStartNanos != 0) {
                end = Math.min(end, probe.holdStartNanos);
            }
            double seconds = (end - probe.firstEmitNanos) / 1e9;
            return new Run(name, events, seconds, samples, pacedRate, probe, loadBefore, load());
        } finally {
            cancel(client);
        }
    }

    private void buildFullJob(StreamExecutionEnvironment env) {
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
                        BenchSource.create(settings.generator(), Long.MAX_VALUE),
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
        buildFullJob(env);
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
            while (probe.emitted < events) {
                TimeUnit.MILLISECONDS.sleep(100);
                failIfTerminated(client);
                long now = System.nanoTime();
                samples.add(new long[] {now - probe.firstEmitNanos, probe.emitted});
                if (now - lastReport >= 10_000_000_000L) {
                    lastReport = now;
                    progress(probe, now);
                }
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

    private static void awaitFirstEvent(JobClient client, BenchProbe probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (probe.firstEmitNanos == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not start within 5 minutes");
            }
            failIfTerminated(client);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void failIfTerminated(JobClient client) throws Exception {
        JobStatus status = client.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            // FINISHED only happens for a bounded reference, which the caller checks by count.
            if (status != JobStatus.FINISHED) {
                client.getJobExecutionResult().get();
                throw new IllegalStateException("job ended: " + status);
            }
        }
    }

    private static void cancel(JobClient client) {
        try {
            if (!client.getJobStatus().get().isGloballyTerminalState()) {
                client.cancel().get(2, TimeUnit.MINUTES);
            }
            client.getJobExecutionResult().get(2, TimeUnit.MINUTES);
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
        Run ref = runs.get(runs.size() - 1);
        Configuration c = jobConfiguration(true, "print");
        GeneratorConfig g = settings.generator();
        out.println();
        out.println("Kizashi benchmark");
        out.printf(
                Locale.ROOT,
                "  stream: generator, %,d customers, seed %d, from %s (the generator's event"
                        + " mix, no malformed lines), one source subtask%n",
                g.customers(),
                g.seed(),
                g.start());
        out.printf(
                Locale.ROOT,
                "  Flink MiniCluster in this JVM, parallelism %s, %d cores, heap max %d MB%n",
                c.getString("parallelism.default", "?"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf(
                Locale.ROOT,
                "  RocksDB: incremental checkpoints every %s (exactly-once), managed memory %s"
                        + " (block cache + write buffers), predefined options %s, timers in %s;"
                        + " buffer timeout %s; watermark bound %s%n",
                human(jobConfig.checkpointInterval()),
                (c.get(TaskManagerOptions.MANAGED_MEMORY_SIZE).getBytes() >> 20) + " MB",
                c.get(RocksDBOptions.PREDEFINED_OPTIONS),
                c.get(RocksDBOptions.TIMER_SERVICE_FACTORY),
                human(c.get(ExecutionOptions.BUFFER_TIMEOUT)),
                human(jobConfig.outOfOrderness()));
        out.println();
        out.println("Throughput (unpaced, same events, job start-up excluded)");
        out.printf(
                Locale.ROOT,
                "  %-44s %12s %9s %11s  %s%n",
                "pipeline",
                "events",
                "seconds",
                "events/s",
                "load (1-min avg) before/after");
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
        if (runs.size() == 3) {
            Run off = runs.get(1);
            out.printf(
                    Locale.ROOT,
                    "  %-44s %,12d %9.1f %,11.0f  %s / %s%n",
                    "full job, checkpoints off",
                    off.events(),
                    off.seconds(),
                    off.eventsPerSecond(),
                    off.loadBefore(),
                    off.loadAfter());
        }
        double ratio = full.eventsPerSecond() / Math.max(1e-9, ref.eventsPerSecond());
        out.printf(Locale.ROOT, "  full job / reference: %.2fx  (target >= 0.5x)%n", ratio);
        long unpacedNanos = (long) (full.seconds() * 1e9);
        long w = windowNanos(unpacedNanos);
        double first = rateBetween(full.samples(), 0, w);
        double last = rateBetween(full.samples(), unpacedNanos - w, unpacedNanos);
        out.println();
        out.printf(
                Locale.ROOT,
                "Throughput over time (full job, checkpoints on): first %.0f s %,.0f events/s,"
                        + " last %.0f s %,.0f events/s: last/first %.2f  (target >= 0.90)%n",
                w / 1e9,
                first,
                w / 1e9,
                last,
                last / Math.max(1e-9, first));
        if (unpacedNanos >= 2 * w) {
            StringBuilder sb = new StringBuilder("  per window:");
            for (long t = 0; t + w <= unpacedNanos + w / 10; t += w) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                " %,.0f",
                                rateBetween(full.samples(), t, Math.min(t + w, unpacedNanos))));
            }
            out.println(sb);
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "Detection latency, event ingested -> alert emitted (ms), paced at %,.0f events/s"
                        + " (%.0f%% of the full job's last-window rate)%n",
                full.pacedRate(),
                100
                        * full.pacedRate()
                        / Math.max(1e-9, lastWindowRate(full.samples(), unpacedNanos)));
        out.printf(
                Locale.ROOT,
                "  %-34s %-12s %8s %9s %9s %9s%n",
                "alerts",
                "checkpoints",
                "n",
                "p50",
                "p99",
                "max");
        for (int i = 0; i < runs.size() - 1; i++) {
            Run r = runs.get(i);
            String ck = i == 0 ? "every " + human(jobConfig.checkpointInterval()) : "off";
            for (BenchProbe.Group grp : BenchProbe.Group.values()) {
                double[] l = r.probe().latencyMs(grp);
                out.printf(
                        Locale.ROOT,
                        "  %-34s %-12s %,8d %9.2f %9.2f %9.2f%n",
                        label(grp),
                        ck,
                        (long) l[0],
                        l[1],
                        l[2],
                        l[3]);
            }
        }
        out.printf(
                Locale.ROOT,
                "  targets: single-event p50 <= 2 ms, p99 <= 50 ms with checkpoints on;"
                        + " sequence/absence p99 <= bound + 100 ms, i.e. <= 100 ms here%n");
        out.println(
                "  single-event = CANCEL_INTENT (cancel request), SKIPPED_CYCLE (cycle_skipped);"
                        + " sequence = SUPPORT_SPIKE, DOWNGRADE_SEQUENCE (alerted on the completing"
                        + " event); absence = deadlines, measured from the ingestion of the first"
                        + " event at or past deadline + bound (what lets the watermark pass it)");
        long early = full.probe().absenceBeforeWatermark.sum();
        if (early > 0) {
            out.printf(
                    Locale.ROOT,
                    "  (%,d absence alerts came before the watermark, from the customer's own newer"
                            + " event, and are not in the figures)%n",
                    early);
        }
        out.println();
        out.println("Alerts in the full job (checkpoints on run, both phases)");
        for (Map.Entry<ChurnPattern, java.util.concurrent.atomic.LongAdder> e :
                full.probe().alertsByPattern.entrySet()) {
            long n = e.getValue().sum();
            if (n > 0) {
                out.printf(Locale.ROOT, "  %-30s %,10d%n", e.getKey(), n);
            }
        }
        out.printf(
                Locale.ROOT,
                "  %-30s %,10d%n  %-30s %,10d%n",
                "score updates",
                full.probe().scores.sum(),
                "late events",
                full.probe().lateEvents.sum());
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

    private static void deleteRecursively(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; nothing to do if it is already gone
        }
    }
}

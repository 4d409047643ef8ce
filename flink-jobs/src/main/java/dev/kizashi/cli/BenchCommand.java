package dev.kizashi.cli;

import dev.kizashi.bench.Bench;
import dev.kizashi.connectors.generator.GeneratorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kizashi bench}: throughput and detection latency of the job vs a reference pipeline. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Benchmark the churn job against a reference pipeline in one process (Flink"
                    + " MiniCluster, RocksDB) over the same generated stream. Figures, not a test.",
            "",
            "Runs, in order:",
            "  1. the full job (all patterns, scoring; sinks that count and discard), checkpoints"
                    + " on: unpaced for --duration (events/s, and the first vs the last minute),"
                    + " then paced at --rate-fraction of its last-minute rate for"
                    + " --latency-duration (latency: event ingested -> alert emitted);",
            "  2. the same with checkpoints off (skip with --skip-checkpoints-off);",
            "  3. the reference: parse -> keyBy(customer) -> one RocksDB ValueState update per"
                    + " event + one event-time timer per customer, over the same events as 1.",
            "Prints one table. A run takes about warm-up + 2 x (duration + latency duration) +"
                    + " duration / 2, plus start-ups: ~8 min by default; the long figure:"
                    + " --duration 10m.",
            "Heap: the launcher's -Xmx2g is enough for 1M customers (KIZASHI_JAVA_OPTS to"
                    + " change); RocksDB uses 512 MB managed memory off-heap (-c"
                    + " taskmanager.memory.managed.size=...).",
            ""
        })
final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--customers",
            defaultValue = "1000000",
            description = "Customers in the generated stream (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(
            names = "--days",
            defaultValue = "365",
            description =
                    "Days the generator plans for; the run stops long before the end of a large"
                            + " population (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--duration",
            defaultValue = "2m",
            converter = FlinkDuration.class,
            paramLabel = "DURATION",
            description =
                    "Unpaced phase of the full job, e.g. 90s, 2m, 10m (default: ${DEFAULT-VALUE}"
                            + "). The first and last minute of it are compared (a third of it if"
                            + " shorter than 3 minutes).")
    Duration duration;

    @Option(
            names = "--latency-duration",
            defaultValue = "1m",
            converter = FlinkDuration.class,
            paramLabel = "DURATION",
            description =
                    "Paced phase of each full-job run in which latency is measured, after"
                            + " --settle (default: ${DEFAULT-VALUE}).")
    Duration latencyDuration;

    @Option(
            names = "--settle",
            defaultValue = "5s",
            converter = FlinkDuration.class,
            paramLabel = "DURATION",
            description =
                    "Time after the switch to pacing before latency is recorded, so the backlog"
                            + " of the unpaced phase drains first (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(
            names = "--warmup",
            defaultValue = "20s",
            converter = FlinkDuration.class,
            paramLabel = "DURATION",
            description =
                    "An unmeasured run of the full job first, so JIT compilation does not count"
                            + " against the first minute or the first pipeline (default:"
                            + " ${DEFAULT-VALUE}; 0s to skip).")
    Duration warmup;

    @Option(
            names = "--max-events",
            defaultValue = "0",
            description =
                    "Also end the unpaced phase after this many events; 0 = no limit (default:"
                            + " ${DEFAULT-VALUE}).")
    long maxEvents;

    @Option(
            names = "--rate-fraction",
            defaultValue = "0.5",
            description =
                    "Paced rate as a fraction of the full job's last-minute unpaced rate"
                            + " (default: ${DEFAULT-VALUE}).")
    double rateFraction;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "EVENTS_PER_S",
            description = "A fixed paced rate instead of --rate-fraction; 0 = use the fraction.")
    double rate;

    @Option(
            names = "--skip-checkpoints-off",
            description = "Skip run 2 (the full job with checkpoints off).")
    boolean skipCheckpointsOff;

    @Mixin JobOptions jobOptions;

    @Override
    public Integer call() throws Exception {
        GeneratorConfig generator =
                new GeneratorConfig(customers, days, seed, GeneratorConfig.DEFAULT_START, 0.0);
        Bench.Settings settings =
                new Bench.Settings(
                        generator,
                        duration,
                        latencyDuration,
                        maxEvents,
                        rate,
                        rateFraction,
                        settle,
                        warmup,
                        !skipCheckpointsOff,
                        jobOptions.toConfiguration());
        System.out.printf(
                "kizashi bench: %,d customers, unpaced %s, paced %s per run; load %s at %s%n",
                customers, duration, latencyDuration, loadAverage(), Instant.now());
        new Bench(settings, System.out).run();
        return 0;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Durations in Flink's syntax: 90s, 2m, 10 min, 1h. */
    static final class FlinkDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return TimeUtils.parseDuration(value);
        }
    }
}

package dev.kizashi.cli;

import dev.kizashi.bench.Bench;
import dev.kizashi.generator.GeneratorConfig;
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
            "Runs, in order (after an unmeasured --warmup):",
            "  1. the full job (all patterns, scoring; sinks that count and discard),"
                    + " --customers, checkpoints on, unpaced for --duration: events/s, and the"
                    + " first vs the last minute;",
            "  2. the reference over the same events: parse -> keyBy(customer) -> one RocksDB"
                    + " ValueState update per event + one event-time timer per customer;",
            "  3. the full job on --latency-customers, unpaced up to --latency-lead-days, then"
                    + " paced at --rate-fraction of run 1's last-minute rate for"
                    + " --latency-duration: latency, event ingested -> alert emitted, for"
                    + " single-event, sequence and absence precursors, checkpoints on;",
            "  4. the same with checkpoints off (skip with --skip-checkpoints-off).",
            "Prints one table. About 7 minutes with the defaults, plus start-ups; the long"
                    + " figure: --duration 10m.",
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
            names = "--latency-customers",
            defaultValue = "50000",
            description =
                    "Customers in the latency runs' stream (default: ${DEFAULT-VALUE}). Fewer"
                            + " than --customers so the stream reaches the weeks in which"
                            + " precursors complete within a minute of unpaced replay.")
    int latencyCustomers;

    @Option(
            names = "--latency-lead-days",
            defaultValue = "35",
            description =
                    "The latency runs replay unpaced until this day of event time, then pace"
                            + " (default: ${DEFAULT-VALUE}).")
    int latencyLeadDays;

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
            defaultValue = "30s",
            converter = FlinkDuration.class,
            paramLabel = "DURATION",
            description =
                    "Time after the switch to pacing before latency is recorded, so the backlog"
                            + " of the unpaced phase drains and the JIT has compiled the alert"
                            + " paths, which the throughput run barely reaches (default:"
                            + " ${DEFAULT-VALUE}).")
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

    @Option(names = "--skip-latency", description = "Throughput only: skip runs 3 and 4.")
    boolean skipLatency;

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
                        new GeneratorConfig(
                                latencyCustomers, days, seed, GeneratorConfig.DEFAULT_START, 0.0),
                        latencyLeadDays,
                        duration,
                        latencyDuration,
                        maxEvents,
                        rate,
                        rateFraction,
                        settle,
                        warmup,
                        !skipLatency,
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

package dev.kizashi.bench;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Counts the changelog backend's materializations (each one flushes RocksDB in the task thread, a
 * stall of its own) so the latency table can say how many fell inside the measured window. A metric
 * reporter because the count is only published as a metric; registered in the benchmark's
 * configuration by {@link #register}.
 */
public final class MaterializationCounter implements MetricReporter {
    private static final String CONFIG_PREFIX = "metrics.reporter.kizashi-bench.";
    private static final String STARTED = "startedMaterialization";

    // the MiniCluster lives in this JVM; counters of finished jobs are removed by Flink
    private static final Set<Counter> STARTED_COUNTERS = ConcurrentHashMap.newKeySet();

    /** Adds this reporter to a job's configuration. */
    static void register(Configuration c) {
        c.set(
                ConfigOptions.key(CONFIG_PREFIX + "factory.class").stringType().noDefaultValue(),
                Factory.class.getName());
    }

    /** Materializations started by the running job's subtasks so far. */
    static long started() {
        long sum = 0;
        for (Counter c : STARTED_COUNTERS) {
            sum += c.getCount();
        }
        return sum;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {
        STARTED_COUNTERS.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter c && name.endsWith(STARTED)) {
            STARTED_COUNTERS.add(c);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter c) {
            STARTED_COUNTERS.remove(c);
        }
    }

    /** Named in the configuration as {@code factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new MaterializationCounter();
        }
    }
}

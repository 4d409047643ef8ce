package dev.kizashi.bench;

import dev.kizashi.alert.Alert;
import dev.kizashi.model.ChurnPattern;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Where the benchmark's source, sinks and driver meet. The benchmark runs Flink's MiniCluster in
 * this JVM, so they share one object through a static field instead of a network round trip.
 *
 * <p>How ingestion time is measured: the paced source knows when each event was due (start of the
 * paced phase + i / rate) and stamps {@code min(due, now)} before the line is encoded, i.e. before
 * parsing. Taking the due time when the source is behind (backpressure, a checkpoint stall) charges
 * the stall to every event that should have arrived during it, as a real producer would see it (no
 * coordinated omission). Events that can complete an alert on arrival are stamped by event id; the
 * alert sink, chained to the detector (same thread, so its clock is the emit time), looks up the
 * alert's last evidence id. Absence alerts have no evidence: the earliest moment the job could know
 * is when an event with time >= deadline + out-of-orderness bound arrived (that event lets the
 * watermark pass the deadline), found in a time index the source keeps of first ingest per event
 * second.
 */
final class BenchProbe {
    /** The run in progress; set by the driver before a job is submitted. */
    static volatile BenchProbe current;

    /** Alert groups reported separately. */
    enum Group {
        SINGLE_EVENT,
        SEQUENCE,
        ABSENCE
    }

    final long boundMs;
    final long settleNanos;

    // source -> driver
    volatile long emitted;
    volatile long firstEmitNanos;
    volatile long lastEmitNanos;
    volatile boolean exhausted;
    volatile long holdStartNanos;

    // driver -> source
    volatile boolean switchRequested;
    volatile long switchAtEventTs = Long.MAX_VALUE;
    volatile long holdAtLine = Long.MAX_VALUE;
    volatile double pacedRate;

    // set by the source when it starts pacing
    volatile long pacedFromLine = -1;
    volatile long pacedStartNanos;
    volatile long measureFromNanos = Long.MAX_VALUE;

    final LongAdder alerts = new LongAdder();
    final LongAdder scores = new LongAdder();
    final LongAdder deadLetters = new LongAdder();
    final LongAdder lateEvents = new LongAdder();
    final LongAdder absenceBeforeWatermark = new LongAdder();
    final Map<ChurnPattern, LongAdder> alertsByPattern = new EnumMap<>(ChurnPattern.class);
    final Map<Group, Histogram> latency = new EnumMap<>(Group.class);
    final ConcurrentHashMap<String, Long> stamps = new ConcurrentHashMap<>();
    final TimeIndex timeIndex = new TimeIndex();
    // newest completed checkpoint id when measuring began and when it ended (driver)
    volatile long checkpointAtMeasureStart = -1;
    volatile long checkpointAtMeasureEnd = -1;
    final Background background = new Background();

    BenchProbe(long boundMs, long settleNanos) {
        this.boundMs = boundMs;
        this.settleNanos = settleNanos;
        for (ChurnPattern p : ChurnPattern.values()) {
            alertsByPattern.put(p, new LongAdder());
        }
        for (Group g : Group.values()) {
            // microseconds, up to one hour, 3 significant digits
            latency.put(g, new Histogram(3_600_000_000L, 3));
        }
    }

    static Group groupOf(Alert a) {
        if (a.evidence().isEmpty()) {
            return Group.ABSENCE;
        }
        return a.pattern() == ChurnPattern.SUPPORT_SPIKE
                        || a.pattern() == ChurnPattern.DOWNGRADE_SEQUENCE
                ? Group.SEQUENCE
                : Group.SINGLE_EVENT;
    }

    /** Called by the alert sink in the detector's thread, as the alert is emitted. */
    void onAlert(Alert a, long nowNanos) {
        alerts.increment();
        LongAdder byPattern = alertsByPattern.get(a.pattern());
        if (byPattern != null) {
            byPattern.increment();
        }
        if (nowNanos < measureFromNanos) {
            return;
        }
        Group g = groupOf(a);
        long ingested;
        if (g != Group.ABSENCE) {
            List<String> evidence = a.evidence();
            Long stamp = stamps.remove(evidence.get(evidence.size() - 1));
            if (stamp == null) {
                return; // ingested before measuring began
            }
            ingested = stamp;
        } else {
            long eligibleTs = a.eventTime() + boundMs + 1;
            if (eligibleTs <= timeIndex.firstTs()) {
                return; // the watermark could pass it before measuring began
            }
            ingested = timeIndex.ingestedAtOrAfter(eligibleTs);
            if (ingested == Long.MIN_VALUE) {
                // The customer's own newer event proved the deadline passed before the watermark.
                absenceBeforeWatermark.increment();
                return;
            }
        }
        long micros = Math.max(0, (nowNanos - ingested) / 1000);
        Histogram h = latency.get(g);
        synchronized (h) {
            h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
        }
    }

    /**
     * Work besides the job's own that ran while latency was measured: JIT compilation (the
     * throughput run barely reaches the alert paths, so they compile late) and changelog
     * materializations (each flushes RocksDB in the task thread).
     */
    static final class Background {
        private volatile long compileMsAtBegin;
        private volatile long materializationsAtBegin;
        private volatile long compileMsWhileMeasuring = -1;
        private volatile long materializationsWhileMeasuring = -1;

        void begin() {
            compileMsAtBegin = compileMs();
            materializationsAtBegin = MaterializationCounter.started();
        }

        void end() {
            compileMsWhileMeasuring = compileMs() - compileMsAtBegin;
            materializationsWhileMeasuring =
                    MaterializationCounter.started() - materializationsAtBegin;
        }

        String describe() {
            if (compileMsWhileMeasuring < 0) {
                return "not measured";
            }
            return String.format(
                    java.util.Locale.ROOT,
                    "JIT compilation %.1f s, RocksDB materializations %d",
                    compileMsWhileMeasuring / 1000.0,
                    materializationsWhileMeasuring);
        }

        private static long compileMs() {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            return jit != null && jit.isCompilationTimeMonitoringSupported()
                    ? jit.getTotalCompilationTime()
                    : 0;
        }
    }

    /** Checkpoints that completed after latency measuring began. */
    long checkpointsCompletedWhileMeasuring() {
        return checkpointAtMeasureStart < 0 || checkpointAtMeasureEnd < 0
                ? 0
                : checkpointAtMeasureEnd - checkpointAtMeasureStart;
    }

    /** Latency percentiles of one group in milliseconds: n, p50, p99, max. */
    double[] latencyMs(Group g) {
        Histogram h = latency.get(g);
        synchronized (h) {
            return new double[] {
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0
            };
        }
    }

    /**
     * First ingest time per event-time value, appended by the single source thread in event-time
     * order (the generated stream is time-ordered), searched by the sink threads.
     */
    static final class TimeIndex {
        private long[] ts = new long[1 << 16];
        private long[] ingested = new long[1 << 16];
        private int size;

        synchronized void add(long eventTs, long ingestNanos) {
            if (size > 0 && eventTs <= ts[size - 1]) {
                return;
            }
            if (size == ts.length) {
                ts = java.util.Arrays.copyOf(ts, size * 2);
                ingested = java.util.Arrays.copyOf(ingested, size * 2);
            }
            ts[size] = eventTs;
            ingested[size] = ingestNanos;
            size++;
        }

        synchronized long firstTs() {
            return size == 0 ? Long.MAX_VALUE : ts[0];
        }

        /** Ingest time of the first event with time >= {@code eventTs}, or Long.MIN_VALUE. */
        synchronized long ingestedAtOrAfter(long eventTs) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ts[mid] < eventTs) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo < size ? ingested[lo] : Long.MIN_VALUE;
        }
    }
}

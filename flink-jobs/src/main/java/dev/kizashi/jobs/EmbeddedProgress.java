package dev.kizashi.jobs;

import java.util.concurrent.atomic.LongAdder;

/**
 * Records read so far in this JVM. The embedded launcher runs the job in-process and polls this to
 * show progress; on a cluster, use Flink's metrics instead (it then only counts the local task
 * manager's records and nothing reads it).
 */
public final class EmbeddedProgress {
    private static final LongAdder RECORDS = new LongAdder();

    private EmbeddedProgress() {}

    static void recordRead() {
        RECORDS.increment();
    }

    public static long recordsRead() {
        return RECORDS.sum();
    }

    public static void reset() {
        RECORDS.reset();
    }
}

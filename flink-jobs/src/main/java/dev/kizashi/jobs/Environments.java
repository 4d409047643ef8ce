package dev.kizashi.jobs;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The execution settings the job is built for: RocksDB with incremental checkpoints, exactly-once
 * checkpointing, a 1 ms network buffer timeout, a bounded restart strategy and, when restoring with
 * the changelog backend, the claim mode that backend can restore in. Keys a user sets in {@code
 * conf} win.
 */
public final class Environments {
    private Environments() {}

    /**
     * Restarts (with exponential backoff, 1 s growing to 1 min) before the job fails for good; the
     * count starts again after an hour without a failure.
     */
    public static final int RESTART_ATTEMPTS = 10;

    /** Fills in the job's defaults for whatever {@code conf} leaves unset. */
    public static Configuration withJobDefaults(Configuration conf, ChurnJobConfig job) {
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, job.checkpointInterval());
        // Flink's default 100 ms lets a record wait in a half-full network buffer: that was the
        // whole p50 of on-arrival alerts (kizashi bench). At 1 ms, buffers still fill under load.
        c.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(1));
        // Every event reads its customer's profile; without filters a read probes every sorted run
        // of the LSM tree, and there are more of them the longer the job runs (kizashi bench:
        // 42-51k -> 51-57k events/s in minutes 7-10).
        c.setString(ROCKSDB_BLOOM_FILTER, "true");
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        c.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        c.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofMinutes(1));
        // Flink's default is to retry for ever: a job that cannot recover (every checkpoint
        // failing, a broker gone for good) then lives on in a process that looks healthy. After
        // about two minutes of restarts it fails instead, the launcher exits non-zero and a
        // supervisor (or the operator) resumes it from its last checkpoint.
        c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        c.addAll(conf);
        if (c.get(KizashiOptions.CHECKPOINT_CHANGELOG)) {
            withChangelogCheckpoints(c);
        }
        if (c.contains(StateRecoveryOptions.SAVEPOINT_PATH)
                && c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)
                && !c.contains(StateRecoveryOptions.RESTORE_MODE)) {
            // Flink's default NO_CLAIM needs a full first checkpoint, which the changelog backend
            // cannot take: every checkpoint after the restore failed (issue 15).
            c.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        }
        return c;
    }

    /**
     * A RocksDB checkpoint flushes memtables and uploads new files inside the checkpoint; on two
     * cores that stalled alerts for 0.3-0.6 s every interval. The changelog backend uploads only
     * the changes since the last checkpoint and flushes RocksDB at its own, rarer materialization.
     * Unaligned barriers keep an alert from waiting behind the other input channel's barrier.
     */
    static void withChangelogCheckpoints(Configuration c) {
        if (!c.contains(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)) {
            String basePath = c.getString(DSTL_BASE_PATH, null);
            String checkpoints = c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
            if (basePath == null && checkpoints == null) {
                return; // nowhere durable to keep the changelog: plain RocksDB checkpoints
            }
            if (basePath == null) {
                c.setString(DSTL_BASE_PATH, checkpoints.replaceAll("/+$", "") + "/changelog");
            }
            c.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
            c.setString(CHANGELOG_STORAGE, "filesystem");
        }
        if (!c.contains(CheckpointingOptions.ENABLE_UNALIGNED)) {
            c.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        }
    }

    public static final String ROCKSDB_BLOOM_FILTER = "state.backend.rocksdb.use-bloom-filter";

    // Keys of flink-dstl-dfs, which is on a cluster's class path but not a compile dependency.
    static final String DSTL_BASE_PATH = "state.changelog.dstl.dfs.base-path";
    static final String CHANGELOG_STORAGE = "state.changelog.storage";

    /** The environment for this process: a cluster's under {@code flink run}, else embedded. */
    public static StreamExecutionEnvironment create(Configuration conf, ChurnJobConfig job) {
        return StreamExecutionEnvironment.getExecutionEnvironment(withJobDefaults(conf, job));
    }
}

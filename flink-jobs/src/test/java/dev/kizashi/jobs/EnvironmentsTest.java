package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.junit.jupiter.api.Test;

class EnvironmentsTest {
    private static Configuration defaults(Configuration conf) {
        return Environments.withJobDefaults(conf, ChurnJobConfig.from(conf));
    }

    @Test
    void changelogGoesBesideTheCheckpoints() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///data/ckpt/");

        Configuration c = defaults(conf);

        assertThat(c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isTrue();
        assertThat(c.getString(Environments.CHANGELOG_STORAGE, null)).isEqualTo("filesystem");
        assertThat(c.getString(Environments.DSTL_BASE_PATH, null))
                .isEqualTo("file:///data/ckpt/changelog");
        assertThat(c.get(CheckpointingOptions.ENABLE_UNALIGNED)).isTrue();
    }

    @Test
    void profileReadsUseBloomFiltersUnlessTurnedOff() {
        assertThat(defaults(new Configuration()).getString(Environments.ROCKSDB_BLOOM_FILTER, null))
                .isEqualTo("true");
        Configuration off = new Configuration();
        off.setString(Environments.ROCKSDB_BLOOM_FILTER, "false");
        assertThat(defaults(off).getString(Environments.ROCKSDB_BLOOM_FILTER, null))
                .isEqualTo("false");
    }

    @Test
    void anExplicitChangelogPathIsKept() {
        Configuration conf = new Configuration();
        conf.setString(Environments.DSTL_BASE_PATH, "s3://bucket/dstl");

        Configuration c = defaults(conf);

        assertThat(c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isTrue();
        assertThat(c.getString(Environments.DSTL_BASE_PATH, null)).isEqualTo("s3://bucket/dstl");
    }

    @Test
    void withoutADurablePlaceTheChangelogStaysOff() {
        Configuration c = defaults(new Configuration());

        assertThat(c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isFalse();
        assertThat(c.contains(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isFalse();
    }

    @Test
    void flinksOwnKeysAndTheOptionWin() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///data/ckpt");
        conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, false);
        conf.set(CheckpointingOptions.ENABLE_UNALIGNED, false);
        Configuration explicit = defaults(conf);
        assertThat(explicit.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isFalse();
        assertThat(explicit.get(CheckpointingOptions.ENABLE_UNALIGNED)).isFalse();

        Configuration off = new Configuration();
        off.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///data/ckpt");
        off.set(KizashiOptions.CHECKPOINT_CHANGELOG, false);
        Configuration c = defaults(off);
        assertThat(c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isFalse();
        assertThat(c.get(CheckpointingOptions.ENABLE_UNALIGNED)).isFalse();
    }

    private static Configuration restoring(String snapshot) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///data/ckpt");
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, snapshot);
        return conf;
    }

    @Test
    void aRestoreWithTheChangelogBackendClaimsTheSnapshot() {
        // NO_CLAIM (Flink's default) made every checkpoint after the restore fail
        Configuration c = defaults(restoring("file:///data/ckpt/0a1b/chk-7"));

        assertThat(c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isTrue();
        assertThat(c.get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.CLAIM);
    }

    @Test
    void theClaimModeIsLeftToFlinkWithoutARestoreOrWithoutTheChangelogOrWhenTheUserSetIt() {
        Configuration fresh = new Configuration();
        fresh.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///data/ckpt");
        assertThat(defaults(fresh).contains(StateRecoveryOptions.RESTORE_MODE)).isFalse();

        Configuration noChangelog = restoring("file:///data/ckpt/0a1b/chk-7");
        noChangelog.set(KizashiOptions.CHECKPOINT_CHANGELOG, false);
        assertThat(defaults(noChangelog).contains(StateRecoveryOptions.RESTORE_MODE)).isFalse();

        Configuration explicit = restoring("file:///data/ckpt/0a1b/chk-7");
        explicit.setString("execution.state-recovery.claim-mode", "NO_CLAIM");
        assertThat(defaults(explicit).get(StateRecoveryOptions.RESTORE_MODE))
                .isEqualTo(RecoveryClaimMode.NO_CLAIM);
    }

    @Test
    void restartsAreBoundedSoAJobThatCannotRecoverFails() {
        Configuration c = defaults(new Configuration());
        assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(Environments.RESTART_ATTEMPTS);

        Configuration user = new Configuration();
        user.setString("restart-strategy.exponential-delay.attempts-before-reset-backoff", "3");
        assertThat(
                        defaults(user)
                                .get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(3);
    }
}

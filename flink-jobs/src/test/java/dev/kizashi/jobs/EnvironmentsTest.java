package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
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
}

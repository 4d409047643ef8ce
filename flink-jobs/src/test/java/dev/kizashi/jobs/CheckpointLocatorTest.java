package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLocatorTest {
    // job ids as Flink writes them; their alphabetical order is the reverse of their time order
    private static final String EARLIER_RUN = "f0a1b2c3d4e5f60718293a4b5c6d7e8f";
    private static final String LATER_RUN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir Path dir;

    /**
     * A snapshot folder; with {@code _metadata} written at {@code T0 + minute} minutes if given.
     */
    private Path snapshot(String relative, Integer minute) throws IOException {
        Path p = Files.createDirectories(dir.resolve(relative));
        Files.writeString(p.resolve("some-state-file"), "x");
        if (minute != null) {
            Path meta = Files.writeString(p.resolve(CheckpointLocator.METADATA), "meta");
            Files.setLastModifiedTime(meta, FileTime.from(T0.plusSeconds(60L * minute)));
        }
        return p;
    }

    @Test
    void theNewestCompleteCheckpointWinsNotTheHighestNumberNorTheFirstJobIdByName()
            throws IOException {
        snapshot(EARLIER_RUN + "/chk-40", 1);
        snapshot(EARLIER_RUN + "/chk-41", 2);
        Path newest = snapshot(LATER_RUN + "/chk-3", 5);
        snapshot(LATER_RUN + "/chk-4", null); // in progress when the process died
        snapshot(EARLIER_RUN + "/chk-99", null);
        snapshot(EARLIER_RUN + "/shared", null);

        assertThat(CheckpointLocator.latest(dir)).contains(newest);
    }

    @Test
    void aSavepointTakenAfterTheLastCheckpointWins() throws IOException {
        snapshot(EARLIER_RUN + "/chk-7", 3);
        Path savepoint = snapshot("savepoints/savepoint-f0a1b2-0123456789ab", 4);
        snapshot("savepoints/savepoint-f0a1b2-ba9876543210", null); // never finished

        assertThat(CheckpointLocator.latest(dir)).contains(savepoint);

        Path later = snapshot(LATER_RUN + "/chk-8", 9);
        assertThat(CheckpointLocator.latest(dir)).contains(later);
    }

    @Test
    void foldersThatAreNotTheChurnJobsSnapshotsAreSkipped() throws IOException {
        Path own = snapshot(EARLIER_RUN + "/chk-2", 1);
        snapshot("indexer/" + LATER_RUN + "/chk-9", 8); // the indexer job's checkpoints
        snapshot("changelog/" + LATER_RUN + "/chk-9", 8);
        snapshot("not-a-job-id/chk-9", 8);
        snapshot(LATER_RUN + "/savepoint-9", 8);

        assertThat(CheckpointLocator.latest(dir)).contains(own);
    }

    @Test
    void nothingCompleteIsAOneLineErrorNamingTheFolder() throws IOException {
        assertThat(CheckpointLocator.latest(dir.resolve("missing"))).isEmpty();
        snapshot(EARLIER_RUN + "/chk-1", null);

        assertThat(CheckpointLocator.latest(dir)).isEmpty();
        assertThatThrownBy(() -> CheckpointLocator.require(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--restore latest: no complete checkpoint or savepoint in")
                .hasMessageContaining(dir.toString())
                .hasMessageNotContaining("\n");
    }

    @Test
    void aSnapshotIsCompleteWithItsMetadata() throws IOException {
        assertThat(CheckpointLocator.isComplete(snapshot(EARLIER_RUN + "/chk-1", 1))).isTrue();
        assertThat(CheckpointLocator.isComplete(snapshot(EARLIER_RUN + "/chk-2", null))).isFalse();
        assertThat(CheckpointLocator.savepointsDir(dir)).isEqualTo(dir.resolve("savepoints"));
    }
}

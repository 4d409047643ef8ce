package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.ConsoleAlertSink;
import dev.kizashi.jobs.JobState;
import dev.kizashi.jobs.KizashiOptions;
import dev.kizashi.jobs.LiveJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live run's parts that need no Kafka: its job graph, what it prints, its restore paths. */
class LiveRunTest {
    private static final KafkaSettings KAFKA =
            KafkaSettings.builder("broker-1:9092").eventsTopic("in").alertsTopic("out").build();

    @TempDir Path dir;

    private static Set<String> uids(StreamExecutionEnvironment env) {
        Set<String> uids = new HashSet<>();
        for (Transformation<?> t : env.getTransformations()) {
            for (Transformation<?> p : t.getTransitivePredecessors()) {
                if (p.getUid() != null) {
                    uids.add(p.getUid());
                }
            }
        }
        return uids;
    }

    @Test
    void theLiveJobIsLiveJobsGraphWithAConsoleSinkSoSnapshotsRestoreInEither() {
        ChurnJobConfig config = ChurnJobConfig.defaults();
        StreamExecutionEnvironment plain = StreamExecutionEnvironment.getExecutionEnvironment();
        LiveJob.create(KAFKA, config).build(plain);
        StreamExecutionEnvironment live = StreamExecutionEnvironment.getExecutionEnvironment();
        LiveRun.churnJob(KAFKA, config, new ConsoleAlertSink(5, "topic out")).build(live);

        Set<String> expected = new HashSet<>(uids(plain));
        expected.add("kizashi-alert-sink-console");
        assertThat(uids(plain)).contains("kizashi-alert-sink-kafka").hasSizeGreaterThan(5);
        assertThat(uids(live)).isEqualTo(expected);
    }

    /** The transformation with {@code uid} in {@code env}'s graph. */
    private static Transformation<?> withUid(StreamExecutionEnvironment env, String uid) {
        for (Transformation<?> t : env.getTransformations()) {
            for (Transformation<?> p : t.getTransitivePredecessors()) {
                if (uid.equals(p.getUid())) {
                    return p;
                }
            }
        }
        throw new AssertionError("no " + uid + " in " + uids(env));
    }

    @Test
    void theNotificationTopicAndTheConsoleGetTreatedAlertsOnlyUnderTheAlertSinksOldUids() {
        StreamExecutionEnvironment live = StreamExecutionEnvironment.getExecutionEnvironment();
        LiveRun.churnJob(KAFKA, ChurnJobConfig.defaults(), new ConsoleAlertSink(5, "topic out"))
                .build(live);

        // the uids of before the control group, so its savepoints restore the Kafka sink's state
        for (String sink : List.of("kizashi-alert-sink-kafka", "kizashi-alert-sink-console")) {
            assertThat(withUid(live, sink).getInputs())
                    .as("%s is fed by the treated-alerts filter", sink)
                    .singleElement()
                    .satisfies(in -> assertThat(in.getUid()).isEqualTo("kizashi-treated-alerts"));
        }
        assertThat(withUid(live, "kizashi-holdout-sink-kafka").getInputs())
                .singleElement()
                .satisfies(in -> assertThat(in.getUid()).isEqualTo("kizashi-holdout-alerts"));
        assertThat(uids(live)).contains("kizashi-outcome-sink-kafka");
    }

    @Test
    void theJourneyOperatorRunsIntoTheJourneysTopicUnlessSwitchedOff() {
        StreamExecutionEnvironment on = StreamExecutionEnvironment.getExecutionEnvironment();
        LiveJob.create(KAFKA, ChurnJobConfig.defaults()).build(on);
        assertThat(withUid(on, "kizashi-journey-sink-kafka").getInputs())
                .singleElement()
                .satisfies(in -> assertThat(in.getUid()).isEqualTo(JobState.UID_JOURNEYS));

        Configuration conf = new Configuration();
        conf.set(KizashiOptions.JOURNEYS_ENABLED, false);
        StreamExecutionEnvironment off = StreamExecutionEnvironment.getExecutionEnvironment();
        LiveJob.create(KAFKA, ChurnJobConfig.from(conf)).build(off);
        Set<String> without = uids(off);
        assertThat(without)
                .doesNotContain(JobState.UID_JOURNEYS, "kizashi-journey-sink-kafka")
                .contains("kizashi-alert-sink-kafka", "kizashi-outcome-sink-kafka");
        // nothing else changes: switching it only adds or drops the journeys' own state
        Set<String> with = new HashSet<>(uids(on));
        with.removeAll(Set.of(JobState.UID_JOURNEYS, "kizashi-journey-sink-kafka"));
        assertThat(without).isEqualTo(with);
    }

    @Test
    void theResumeCommandIsTheSameCommandWithTheSnapshotToRestore() {
        List<String> args =
                List.of(
                        "run",
                        "--kafka",
                        "127.0.0.1:9092",
                        "--restore",
                        "latest",
                        "-c",
                        "kizashi.detect.dormant-after=45d",
                        "--out",
                        "out/my live");

        assertThat(LiveRun.resumeCommand(args, "/data/cp/savepoints/savepoint-ab12cd-0123"))
                .isEqualTo(
                        "./kizashi run --kafka 127.0.0.1:9092 -c kizashi.detect.dormant-after=45d"
                                + " --out 'out/my live' --restore"
                                + " /data/cp/savepoints/savepoint-ab12cd-0123");
        assertThat(
                        LiveRun.resumeCommand(
                                List.of("run", "--kafka", "k:9092", "--restore=/old/chk-3"),
                                "/new/chk-9"))
                .isEqualTo("./kizashi run --kafka k:9092 --restore /new/chk-9");
        assertThat(LiveRun.resumeCommand(List.of("run", "--group-id", "it's"), "/s"))
                .isEqualTo("./kizashi run --group-id 'it'\\''s' --restore /s");
    }

    @Test
    void theStartLinesSayWhereEveryOutputGoesWithDurationsAsFlinkWritesThem() {
        Configuration conf = new Configuration();
        conf.set(KizashiOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        List<String> lines =
                LiveRun.startLines(
                        KAFKA,
                        ElasticsearchClientSettings.of("http://es-1:9200"),
                        new KizashiIndices("kizashi"),
                        false,
                        ChurnJobConfig.from(conf),
                        dir,
                        "/data/cp/chk-4");
        String text = String.join("\n", lines);

        assertThat(text)
                .contains("broker-1:9092 topic in")
                .contains("alerts -> topic out")
                .contains("read_committed")
                .contains(KAFKA.scoresTopic())
                .contains(KAFKA.deadLettersTopic())
                .contains("held-out alerts -> " + KAFKA.controlTopic())
                .contains("outcomes -> " + KAFKA.outcomesTopic())
                .contains("outcomes -> kizashi-outcomes")
                .contains("http://es-1:9200 kizashi-alerts")
                .contains("checkpoints every 1 s in " + dir)
                .contains("restoring /data/cp/chk-4")
                .contains("--restore latest")
                .doesNotContain("PT1S");
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("kizashi: "));
    }

    @Test
    void theLiveConfigurationCheckpointsEverySecondIntoTheDirectoryAndKeepsThem() {
        Configuration c = LiveRun.configuration(new Configuration(), dir, null);
        assertThat(c.get(KizashiOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(dir.toUri().toString());
        assertThat(c.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(c.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();

        Configuration user = new Configuration();
        user.setString(KizashiOptions.CHECKPOINT_INTERVAL.key(), "5 s");
        Configuration restored = LiveRun.configuration(user, dir, "/data/cp/chk-4");
        assertThat(restored.get(KizashiOptions.CHECKPOINT_INTERVAL))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(restored.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo("/data/cp/chk-4");
    }

    private Path snapshot(String relative, boolean complete) throws IOException {
        Path p = Files.createDirectories(dir.resolve(relative));
        if (complete) {
            Files.writeString(p.resolve("_metadata"), "m");
        }
        return p;
    }

    @Test
    void restorePathsAreCheckedAndLatestIsTheNewestCompleteSnapshot() throws IOException {
        Path chk = snapshot("cp/0a1b2c3d4e5f60718293a4b5c6d7e8f9/chk-3", true);
        snapshot("cp/0a1b2c3d4e5f60718293a4b5c6d7e8f9/chk-4", false);

        assertThat(LiveRun.resolveRestore("latest", dir.resolve("cp"))).isEqualTo(chk.toString());
        assertThat(LiveRun.resolveRestore(chk.toString(), dir)).isEqualTo(chk.toString());
        assertThat(LiveRun.resolveRestore(chk.toUri().toString(), dir)).isEqualTo(chk.toString());
        assertThat(LiveRun.resolveRestore(chk.resolve("_metadata").toString(), dir))
                .isEqualTo(chk.toString());
        assertThat(LiveRun.resolveRestore("s3://bucket/cp/chk-3", dir))
                .isEqualTo("s3://bucket/cp/chk-3");

        assertThatThrownBy(() -> LiveRun.resolveRestore(dir.resolve("nope").toString(), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no such checkpoint or savepoint");
        assertThatThrownBy(
                        () ->
                                LiveRun.resolveRestore(
                                        dir.resolve("cp/0a1b2c3d4e5f60718293a4b5c6d7e8f9/chk-4")
                                                .toString(),
                                        dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a complete checkpoint or savepoint");
    }

    @Test
    void restoreLatestWithNothingToResumeIsOneLineAndANonZeroExit() {
        CliRun.Result r =
                CliRun.kizashi(
                        "run",
                        "--kafka",
                        "127.0.0.1:1",
                        "--restore",
                        "latest",
                        "--checkpoint-dir",
                        dir.resolve("empty").toString());

        assertThat(r.code()).as(r.err()).isNotZero();
        assertThat(r.err().lines().toList())
                .as(r.err())
                .containsExactly(
                        "kizashi run: --restore latest: no complete checkpoint or savepoint in "
                                + dir.resolve("empty").toAbsolutePath()
                                + " (start without --restore, or give --checkpoint-dir of the"
                                + " run to resume)");
    }

    @Test
    void theHelpOfRunCoversTheFileAndTheLiveRun() {
        CliRun.Result r = CliRun.kizashi("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("over a file or live from Kafka")
                .contains("--kafka BOOTSTRAP")
                .contains("SIGTERM stops with a savepoint")
                .contains("--restore latest")
                .contains("PATH|latest");
    }
}

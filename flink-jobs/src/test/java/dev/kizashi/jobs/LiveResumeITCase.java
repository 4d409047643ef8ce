package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.file.NumberedLineFormat;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented way to operate a live run, on the real Kafka and with {@code kizashi run --kafka}
 * in a JVM of its own, as an operator runs it: killed ({@code kill -9}) and resumed with {@code
 * --restore latest}, or stopped with SIGTERM and resumed with the command it printed. Either way
 * the alerts topic ({@code read_committed}) ends up with exactly the treated alerts a replay of the
 * same events from a file produces (the default control group's held out), none twice.
 */
class LiveResumeITCase {
    private static final int SHOW_ALERTS = 5;
    private static String bootstrap;

    @TempDir Path dir;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void kafka() {
        bootstrap = LocalStack.kafkaBootstrap();
    }

    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A {@code kizashi} process and what it printed. */
    private record Child(Process process, Path stdout, Path stderr) {
        String out() {
            return read(stdout);
        }

        String err() {
            return read(stderr);
        }

        /**
         * Waits for {@code condition} while the process runs; fails with what it printed when it
         * exits first or the condition does not come true in time.
         */
        void awaitUntil(Callable<Boolean> condition) {
            try {
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                () -> {
                                    if (!process.isAlive()) {
                                        throw new AssertionError(
                                                "exited "
                                                        + process.exitValue()
                                                        + "\n--- stdout:\n"
                                                        + out()
                                                        + "\n--- stderr:\n"
                                                        + err());
                                    }
                                    return condition.call();
                                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        e.getMessage() + "\n--- stdout:\n" + out() + "\n--- stderr:\n" + err(), e);
            }
        }

        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(3, TimeUnit.MINUTES))
                    .as("%s exited; stderr: %s", stdout, err())
                    .isTrue();
            return process.exitValue();
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * {@code ./kizashi ARGS}: the launcher's main class in a new JVM with this test's class path.
     */
    private Child kizashi(String name, List<String> args) throws IOException {
        Path repo = LocalStack.repoRoot();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add(
                "-Dlog4j2.configurationFile="
                        + repo.resolve("flink-jobs/conf/log4j2.properties").toAbsolutePath());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.kizashi.cli.Kizashi");
        cmd.addAll(args);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        processes.add(p);
        return new Child(p, out, err);
    }

    /** The documented live command for one run's topics, checkpoints in {@code dir/out}. */
    private List<String> runArgs(KafkaSettings s) {
        return List.of(
                "run",
                "--kafka",
                bootstrap,
                "--events-topic",
                s.eventsTopic(),
                "--alerts-topic",
                s.alertsTopic(),
                "--scores-topic",
                s.scoresTopic(),
                "--dead-letters-topic",
                s.deadLettersTopic(),
                "--control-topic",
                s.controlTopic(),
                "--outcomes-topic",
                s.outcomesTopic(),
                "--group-id",
                s.groupId(),
                "--transactional-id-prefix",
                s.transactionalIdPrefix(),
                "--out",
                dir.resolve("out").toString(),
                "--show-alerts",
                Integer.toString(SHOW_ALERTS));
    }

    private Path checkpoints() {
        return dir.resolve("out/checkpoints").toAbsolutePath();
    }

    private static List<String> plus(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static List<ConsumerRecord<String, String>> alerts(KafkaSettings s) {
        return LiveTestSupport.readCommitted(bootstrap, s.alertsTopic());
    }

    private static long eventTime(ConsumerRecord<String, String> r) {
        return Instant.parse(LiveTestSupport.json(r.value()).path("eventTime").asText())
                .toEpochMilli();
    }

    /** The alertIds on the topic with an event time before {@code upTo}. */
    private static Set<String> relevant(List<ConsumerRecord<String, String>> alerts, long upTo) {
        return alerts.stream()
                .filter(r -> eventTime(r) < upTo)
                .map(r -> LiveTestSupport.json(r.value()).path("alertId").asText())
                .collect(Collectors.toSet());
    }

    /**
     * A live run never sees the end of its input, so the timers of the last day have not fired: the
     * comparison stops a day before the last event (as in LiveJobITCase).
     */
    private static long upTo(List<String> lines) {
        long max = 0;
        for (String l : lines) {
            var r = LiveTestSupport.CODEC.decode(l, "x");
            if (r.isOk()) {
                max = Math.max(max, r.event().ts());
            }
        }
        return max - Duration.ofDays(1).toMillis();
    }

    /**
     * The reference: the treated alerts of the same lines replayed from a file, no Kafka, no
     * interruption, with the same (default) control group as the live run.
     */
    private List<Alert> replay(List<String> lines) throws Exception {
        Path file = dir.resolve("reference.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        CollectingSink<Alert> alerts = new CollectingSink<>();
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "2");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("reference-cp").toUri().toString());
        ChurnJobConfig config = ChurnJobConfig.from(conf);
        new ChurnJob(
                        FileSource.forRecordStreamFormat(
                                        new NumberedLineFormat("reference", 64 * 1024),
                                        new org.apache.flink.core.fs.Path(file.toUri()))
                                .build(),
                        "file",
                        LineDecoders.json(64 * 1024),
                        ChurnJobSinks.builder().notifications("test", alerts).build(),
                        config)
                .withSourceParallelism(1)
                .execute(Environments.create(conf, config), "reference");
        return alerts.results();
    }

    private static Set<String> idsBefore(List<Alert> alerts, long upTo) {
        return alerts.stream()
                .filter(a -> a.eventTime() < upTo)
                .map(Alert::alertId)
                .collect(Collectors.toSet());
    }

    private static String newRun(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Waits until the topic holds every expected alert, stops the run with SIGTERM (its savepoint
     * commits whatever it processed) and checks the topic: the replay's alerts, none twice.
     */
    private void assertTheTopicEndsAsTheReplay(
            KafkaSettings s, Child resumed, Set<String> expected, long upTo) throws Exception {
        resumed.awaitUntil(() -> relevant(alerts(s), upTo).containsAll(expected));
        resumed.process().destroy();
        assertThat(resumed.awaitExit()).as(resumed.err()).isZero();
        List<ConsumerRecord<String, String>> all = alerts(s);
        assertThat(all.stream().map(r -> LiveTestSupport.json(r.value()).path("alertId").asText()))
                .as("no alert twice across the restore")
                .doesNotHaveDuplicates();
        assertThat(relevant(all, upTo)).isEqualTo(expected);
        assertThat(all)
                .as("no held-out alert on the notification topic")
                .allSatisfy(
                        r ->
                                assertThat(
                                                LiveTestSupport.json(r.value())
                                                        .path("holdout")
                                                        .asBoolean())
                                        .isFalse());
    }

    @Test
    void killedAndResumedWithRestoreLatestTheTopicHoldsExactlyTheAlertsOfAReplay()
            throws Exception {
        KafkaSettings s = LiveTestSupport.settings(bootstrap, newRun("kill"), false);
        LiveTestSupport.createTopics(s);
        List<String> lines = LiveTestSupport.generatedLines(200, 90, 41, 0.002);
        int half = lines.size() / 2;
        LiveTestSupport.produce(s, lines.subList(0, half), 0);
        List<String> args = runArgs(s);

        Child first = kizashi("first", args);
        first.awaitUntil(
                () -> !alerts(s).isEmpty() && CheckpointLocator.latest(checkpoints()).isPresent());
        first.process().destroyForcibly(); // kill -9: nothing runs, nothing is printed
        first.awaitExit();
        Path crashed = CheckpointLocator.latest(checkpoints()).orElseThrow();
        LiveTestSupport.produce(s, lines.subList(half, lines.size()), 0);

        // Flink's default claim mode, as before the fix: every checkpoint after the restore fails;
        // with the restarts bounded the process ends, non-zero, saying why and how to resume.
        Child noClaim =
                kizashi(
                        "no-claim",
                        plus(
                                args,
                                "--restore",
                                "latest",
                                "-c",
                                "execution.state-recovery.claim-mode=NO_CLAIM",
                                "-c",
                                "restart-strategy.exponential-delay.attempts-before-reset-backoff=1"));
        assertThat(noClaim.awaitExit()).as(noClaim.out()).isEqualTo(1);
        List<String> errors =
                noClaim.err().lines().filter(l -> l.startsWith("kizashi run: ")).toList();
        assertThat(errors).as(noClaim.err()).hasSize(1);
        assertThat(errors.get(0))
                .startsWith("kizashi run: the job failed: ")
                .contains("does not support enforcing a full snapshot");
        assertThat(noClaim.out())
                .contains("restoring " + crashed)
                .contains(
                        "kizashi: resume from the last checkpoint: ./kizashi run --kafka "
                                + bootstrap)
                .contains("--restore " + crashed);

        Set<String> expected = idsBefore(replay(lines), upTo(lines));
        Child resumed = kizashi("resumed", plus(args, "--restore", "latest"));
        assertTheTopicEndsAsTheReplay(s, resumed, expected, upTo(lines));
        assertThat(resumed.out()).contains("restoring " + crashed);
    }

    @Test
    void sigtermStopsWithASavepointAndPrintsTheCommandThatResumesFromIt() throws Exception {
        KafkaSettings s = LiveTestSupport.settings(bootstrap, newRun("stop"), false);
        LiveTestSupport.createTopics(s);
        List<String> lines = LiveTestSupport.generatedLines(200, 90, 43, 0.002);
        int half = lines.size() / 2;
        LiveTestSupport.produce(s, lines.subList(0, half), 0);
        List<Alert> reference = replay(lines);
        Set<String> alertLines =
                reference.stream().map(ConsoleAlertSink::format).collect(Collectors.toSet());

        Child first = kizashi("first", runArgs(s));
        first.awaitUntil(
                () ->
                        !alerts(s).isEmpty()
                                && first.out().contains("progress: ")
                                && first.out().contains("... more alerts in topic"));
        first.process().destroy(); // SIGTERM
        assertThat(first.awaitExit()).as(first.err()).isZero();

        String out = first.out();
        assertThat(out)
                .contains(
                        "kizashi: live run: events from " + bootstrap + " topic " + s.eventsTopic())
                .contains("kizashi: alerts -> topic " + s.alertsTopic())
                .contains("checkpoints every 1 s in " + checkpoints())
                .contains("  ... more alerts in topic " + s.alertsTopic())
                .contains("kizashi: SIGTERM: stopping with a savepoint in " + checkpoints())
                .contains("Summary after")
                .contains("events applied");
        assertThat(out.lines().filter(alertLines::contains))
                .as("the alerts printed as they fire, up to --show-alerts")
                .hasSize(SHOW_ALERTS);
        assertThat(out.lines().filter(l -> l.startsWith("progress: ")))
                .allSatisfy(l -> assertThat(l).matches("progress: [0-9,]+ records .*"));

        List<String> resume = out.lines().filter(l -> l.startsWith("kizashi: resume: ")).toList();
        assertThat(resume).hasSize(1);
        String command = resume.get(0).substring("kizashi: resume: ".length());
        assertThat(command).startsWith("./kizashi run --kafka " + bootstrap);
        List<String> words = List.of(command.split(" "));
        Path savepoint = Path.of(words.get(words.indexOf("--restore") + 1));
        assertThat(savepoint).startsWith(checkpoints().resolve("savepoints"));
        assertThat(savepoint.resolve(CheckpointLocator.METADATA)).isRegularFile();
        assertThat(CheckpointLocator.latest(checkpoints())).contains(savepoint);

        LiveTestSupport.produce(s, lines.subList(half, lines.size()), 0);
        Child resumed = kizashi("resumed", words.subList(1, words.size()));
        Set<String> expected = idsBefore(reference, upTo(lines));
        assertTheTopicEndsAsTheReplay(s, resumed, expected, upTo(lines));
        assertThat(resumed.out()).contains("restoring " + savepoint);
    }
}

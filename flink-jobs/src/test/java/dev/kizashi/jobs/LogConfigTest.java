package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;

/** The launcher's log configuration ({@code flink-jobs/conf/log4j2.properties}). */
class LogConfigTest {

    /**
     * Where {@code ./kizashi} points {@code -Dlog4j2.configurationFile}; tests run in flink-jobs.
     */
    private static final Path LAUNCHER_CONFIG = Path.of("conf", "log4j2.properties");

    static final String METRIC_GROUP = "org.apache.flink.metrics.MetricGroup";
    static final String KAFKA_COMMITTER =
            "org.apache.flink.connector.kafka.sink.internal.KafkaCommitter";

    /** The collision warning of Flink's AbstractMetricGroup, with the arguments it logs. */
    private static final String COLLISION =
            "Name collision: Group already contains a Metric with the name '{}'. Metric will not"
                    + " be reported.{}";

    private static final String SCOPE =
            "[, taskmanager, 7975dd44, kizashi churn detector (kafka), alerts (kafka): Committer,"
                    + " 0]";

    /** The fenced-commit error of the Kafka connector's KafkaCommitter (5.0.0-2.2), verbatim. */
    private static final String FENCED =
            "Unable to commit transaction ({}) because its producer is already fenced."
                    + " This means that you either have a different producer with the same '{}'"
                    + " (this is unlikely with the '{}' as all generated ids are unique and"
                    + " shouldn't be reused) or recovery took longer than '{}' ({}ms). In both"
                    + " cases this most likely signals data loss, please consult the Flink"
                    + " documentation for more details.";

    private static final String REQUEST =
            "CommitRequestImpl{state=RECEIVED, numRetries=0, committable=KafkaCommittable"
                    + "{producerId=2059, epoch=0, transactionalId='kizashi-dead-letters-1-17',"
                    + " producer=null}}";

    private static Configuration load(Path file) throws Exception {
        assertThat(file).isRegularFile();
        LoggerContext context = new LoggerContext("log-config-test");
        try (var in = Files.newInputStream(file)) {
            Configuration c =
                    new PropertiesConfigurationFactory()
                            .getConfiguration(context, new ConfigurationSource(in, file.toFile()));
            c.initialize();
            return c;
        }
    }

    private static Level level(Configuration c, String logger) {
        return c.getLoggerConfig(logger).getLevel();
    }

    /**
     * What the launcher's configuration prints on stderr (its console) when {@code logging} logs
     * through it.
     */
    static List<String> printed(Consumer<LoggerContext> logging) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the launcher's console appenders follow System.err
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext("log-config-test-console");
        try {
            context.start(load(LAUNCHER_CONFIG));
            logging.accept(context);
        } finally {
            context.stop();
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void changelogRegistryWarningsAreSilencedAndTheRestStaysAtWarn() throws Exception {
        Configuration c = load(LAUNCHER_CONFIG);
        // "state is not in tracking": hundreds of lines per `kizashi bench` run.
        assertThat(level(c, "org.apache.flink.changelog.fs.TaskChangelogRegistryImpl"))
                .isEqualTo(Level.ERROR);
        assertThat(c.getRootLogger().getLevel()).isEqualTo(Level.WARN);
        // Only that class: the rest of the changelog backend and Flink still warn.
        assertThat(level(c, "org.apache.flink.changelog.fs.FsStateChangelogWriter"))
                .isEqualTo(Level.WARN);
        assertThat(level(c, "org.apache.flink.state.changelog.ChangelogKeyedStateBackend"))
                .isEqualTo(Level.WARN);
        assertThat(level(c, "org.apache.flink.runtime.taskmanager.Task")).isEqualTo(Level.WARN);
        assertThat(level(c, "dev.kizashi")).isEqualTo(Level.WARN);
        // The loggers of the two filters below still pass warnings and errors.
        assertThat(level(c, METRIC_GROUP)).isEqualTo(Level.WARN);
        assertThat(level(c, KAFKA_COMMITTER)).isEqualTo(Level.WARN);
    }

    @Test
    void theTwoMetricCollisionsOfFlinkAreDroppedAnyOtherOneIsPrinted() throws Exception {
        List<String> lines =
                printed(
                        ctx -> {
                            var log = ctx.getLogger(METRIC_GROUP);
                            log.warn(COLLISION, "pendingCommittables", SCOPE);
                            log.warn(COLLISION, "currentSendTime", SCOPE);
                            log.warn(COLLISION, "numRecordsIn", SCOPE);
                            log.warn("Could not register metric: something else");
                        });
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .matches("\\d\\d:\\d\\d:\\d\\d WARN  MetricGroup - Name collision: .*")
                .contains("'numRecordsIn'");
        assertThat(lines.get(1))
                .endsWith("WARN  MetricGroup - Could not register metric: something else");
    }

    @Test
    void aFencedCommitIsOneWarningNamingTheTransactionOtherCommitterErrorsStayErrors()
            throws Exception {
        List<String> lines =
                printed(
                        ctx -> {
                            var log = ctx.getLogger(KAFKA_COMMITTER);
                            log.error(
                                    FENCED,
                                    REQUEST,
                                    "transactional.id",
                                    "KafkaSink",
                                    "transaction.timeout.ms",
                                    "600000",
                                    new ProducerFencedException(
                                            "There is a newer producer with the same"
                                                    + " transactionalId which fences the current"
                                                    + " one."));
                            log.error(
                                    "Transaction ({}) encountered error and data has been"
                                            + " potentially lost.",
                                    REQUEST,
                                    new IllegalStateException("broker gone"));
                            log.info("Committing Kafka transaction {}", REQUEST);
                        });
        assertThat(lines.get(0))
                .matches(
                        "\\d\\d:\\d\\d:\\d\\d WARN  KafkaCommitter - transaction"
                                + " kizashi-dead-letters-1-17 was already ended on the broker"
                                + " when committed \\(fenced\\): normal after a restore, .*")
                .contains("transaction.timeout.ms")
                .contains("--transactional-id-prefix")
                .doesNotContain("ERROR");
        // the real error: as Flink logs it, at ERROR, with its exception
        assertThat(lines.get(1))
                .matches(
                        "\\d\\d:\\d\\d:\\d\\d ERROR KafkaCommitter - Transaction \\(.*\\)"
                                + " encountered error and data has been potentially lost\\.");
        assertThat(lines.get(2)).startsWith("java.lang.IllegalStateException: broker gone");
        assertThat(lines)
                .as("the fenced error's exception is not printed")
                .noneMatch(l -> l.contains("ProducerFencedException"))
                .noneMatch(l -> l.contains("Committing Kafka transaction"));
    }
}

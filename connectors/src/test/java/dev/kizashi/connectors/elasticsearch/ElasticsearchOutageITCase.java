package dev.kizashi.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Elasticsearch goes away for ~20 s while a job writes: the sink backs off and retries, the job
 * does not fail, and nothing is lost; the retries are logged all along (rate-limited), not only the
 * first, and the end of the outage is logged too.
 */
class ElasticsearchOutageITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final KizashiIndices INDICES =
            new KizashiIndices(EsTestData.uniquePrefix("outage"));
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static ElasticsearchClientSettings settings;
    private static ElasticsearchClient client;

    @BeforeAll
    static void setUp() {
        settings = ElasticsearchClientSettings.of(LocalStack.elasticsearchUrl());
        client = settings.createClient();
        ElasticsearchSetup.install(settings, 0, INDICES);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        // the node must be back for the clean-up (and for whatever test runs next)
        LocalStack.start("es");
        EsTestData.cleanUp(client, INDICES);
        client.close();
    }

    @Test
    void survivesAnOutageWithoutLosingDocuments() throws Exception {
        int n = 2000;
        StreamExecutionEnvironment env = ElasticsearchSinkITCase.env();
        DataGeneratorSource<Alert> source =
                new DataGeneratorSource<>(
                        i -> EsTestData.alert(i.intValue()),
                        n,
                        RateLimiterStrategy.perSecond(150),
                        TypeInformation.of(Alert.class));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "alerts")
                .sinkTo(
                        INDICES.alertsSink(settings)
                                .bulkFlushMaxActions(100)
                                .backoff(
                                        Duration.ofMillis(100),
                                        Duration.ofSeconds(2),
                                        Duration.ofMinutes(3))
                                .build());
        JobClient job = env.executeAsync("es-outage");

        // the job is writing
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> EsTestData.count(client, INDICES.alertsAlias()) >= 300);

        LogCapture log = LogCapture.of(ElasticsearchSinkWriter.class);
        AtomicLong downMs = new AtomicLong();
        long t0 = System.nanoTime();
        CompletableFuture<Void> outage =
                CompletableFuture.runAsync(
                        () -> {
                            LocalStack.stop("es");
                            long stopped = System.nanoTime();
                            // the outage itself: the job keeps running (and retrying) meanwhile
                            await().pollDelay(OUTAGE)
                                    .atMost(OUTAGE.plusSeconds(30))
                                    .until(() -> jobStatus(job) == JobStatus.RUNNING);
                            LocalStack.start("es");
                            downMs.set((System.nanoTime() - stopped) / 1_000_000);
                        });
        outage.get(4, TimeUnit.MINUTES);

        job.getJobExecutionResult().get(4, TimeUnit.MINUTES);
        long total = (System.nanoTime() - t0) / 1_000_000;
        assertThat(EsTestData.count(client, INDICES.alertsAlias())).isEqualTo(n);

        List<String> lines = log.stop();
        List<String> retries = lines.stream().filter(l -> l.contains("retrying")).toList();
        // attempts 2 to 6 fall within 5 s of the first warning; by 20 s there were many more
        assertThat(retries)
                .as("retry warnings beyond the first attempt, each counting those not logged")
                .anySatisfy(l -> assertThat(l).containsPattern("attempt ([2-9]|\\d\\d+),"))
                .anySatisfy(l -> assertThat(l).contains("more retries since the last warning"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("writing again after"));
        System.out.printf(
                "ElasticsearchOutageITCase: node down %d ms (stop + %d s + start), job finished"
                        + " %d ms after the stop, all %d alerts indexed%n",
                downMs.get(), OUTAGE.toSeconds(), total, n);
    }

    /** Collects what one class logs at INFO and above, from every thread of this JVM. */
    static final class LogCapture {
        private final String logger;
        private final Appender appender;
        private final Level before;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private LogCapture(String logger) {
            this.logger = logger;
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            before = context.getConfiguration().getLoggerConfig(logger).getLevel();
            // a logger config of its own (not the root's), at INFO
            Configurator.setLevel(logger, Level.INFO);
            appender =
                    new AbstractAppender("capture-" + logger, null, null, true, null) {
                        @Override
                        public void append(LogEvent event) {
                            lines.add(event.getMessage().getFormattedMessage());
                        }
                    };
            appender.start();
            context.getConfiguration().getLoggerConfig(logger).addAppender(appender, null, null);
            context.updateLoggers();
        }

        static LogCapture of(Class<?> type) {
            return new LogCapture(type.getName());
        }

        /** Detaches the capture; returns what was logged. */
        List<String> stop() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getLoggerConfig(logger).removeAppender(appender.getName());
            Configurator.setLevel(logger, before);
            appender.stop();
            return List.copyOf(lines);
        }
    }

    private static JobStatus jobStatus(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

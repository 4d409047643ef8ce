package dev.kizashi.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.stack.LocalStack;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Elasticsearch goes away for ~20 s while a job writes: the sink backs off and retries, the job
 * does not fail, and nothing is lost.
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
        System.out.printf(
                "ElasticsearchOutageITCase: node down %d ms (stop + %d s + start), job finished"
                        + " %d ms after the stop, all %d alerts indexed%n",
                downMs.get(), OUTAGE.toSeconds(), total, n);
    }

    private static JobStatus jobStatus(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.kizashi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The state behind the flaky bench run, made on purpose with a real local job: a bounded job has
 * finished and its MiniCluster has shut down. Asking the cluster for the job's status throws; the
 * benchmark's check reads the job's result instead and sees it finished.
 */
class BenchJobEndITCase {

    @Test
    void aFinishedJobWhoseMiniClusterIsShutDownReadsAsFinished() throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        env.fromSource(
                        new DataGeneratorSource<>(i -> i, 10, Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "ten numbers")
                .sinkTo(new DiscardingSink<>());
        JobClient client = env.executeAsync("bench job end");
        client.getJobExecutionResult().get();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () ->
                                assertThatThrownBy(client::getJobStatus)
                                        .isInstanceOf(IllegalStateException.class)
                                        .hasMessageContaining("already been shut down"));

        assertThat(Bench.finished(client)).isTrue();
        Bench.cancel(client);
    }
}

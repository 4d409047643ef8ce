package dev.kizashi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.Environments;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark reports how many changelog materializations fell inside its latency window; this
 * checks the count comes from a running job's metric, so a renamed metric cannot make it read 0.
 */
class MaterializationCounterITCase {
    @TempDir Path checkpoints;

    @Test
    void countsTheMaterializationsOfTheRunningJob() throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        conf.set(StateChangelogOptions.PERIODIC_MATERIALIZATION_INTERVAL, Duration.ofSeconds(1));
        Configuration c = Environments.withJobDefaults(conf, ChurnJobConfig.from(conf));
        MaterializationCounter.register(c);
        assertThat(c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isTrue();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, c);
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i,
                                Long.MAX_VALUE,
                                RateLimiterStrategy.perSecond(500),
                                Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .keyBy(i -> i % 50)
                .process(new LastValue())
                .sinkTo(new DiscardingSink<>());
        long before = MaterializationCounter.started();
        JobClient job = env.executeAsync("materialization counter");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () ->
                                    assertThat(MaterializationCounter.started())
                                            .isGreaterThan(before));
        } finally {
            job.cancel().get();
        }
    }

    private static final class LastValue extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> last;

        @Override
        public void open(OpenContext openContext) {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            last.update(value);
        }
    }
}

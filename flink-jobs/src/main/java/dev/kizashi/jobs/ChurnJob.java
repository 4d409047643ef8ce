package dev.kizashi.jobs;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.codec.CustomerEventTypeInfo;
import dev.kizashi.codec.DeadLetter;
import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.model.CustomerEvent;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The churn detector's job graph:
 *
 * <pre>
 * source -> decode (bad -> dead letters) -> timestamps/watermarks -> keyBy(customerId)
 *        -> customer profile (dedupe, late -> late output, detection, scoring, timers)
 *        -> alerts, scores, dead letters, late events
 * </pre>
 *
 * The source, decoder and sinks come in through the constructor, so the launcher wires files, Kafka
 * or the generator, and tests wire collections.
 */
public final class ChurnJob {
    private final Source<SourceLine, ?, ?> source;
    private final String sourceName;
    private final LineDecoder decoder;
    private final ChurnJobSinks sinks;
    private final ChurnJobConfig config;
    private int sourceParallelism;

    public ChurnJob(
            Source<SourceLine, ?, ?> source,
            String sourceName,
            LineDecoder decoder,
            ChurnJobSinks sinks,
            ChurnJobConfig config) {
        this.source = source;
        this.sourceName = sourceName;
        this.decoder = decoder;
        this.sinks = sinks;
        this.config = config;
    }

    /**
     * Runs the source with this parallelism, e.g. 1 for a source that is one time-ordered sequence.
     * By default the source takes the job's parallelism.
     */
    public ChurnJob withSourceParallelism(int parallelism) {
        this.sourceParallelism = parallelism;
        return this;
    }

    /** Adds the job's operators to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<SourceLine> lines =
                env.fromSource(
                                source,
                                WatermarkStrategy.noWatermarks(),
                                sourceName,
                                TypeInformation.of(SourceLine.class))
                        .uid(JobState.UID_SOURCE)
                        .name(sourceName);
        if (sourceParallelism > 0) {
            lines.setParallelism(sourceParallelism);
        }

        SingleOutputStreamOperator<CustomerEvent> events =
                lines.process(new DecodeFunction(decoder), CustomerEventTypeInfo.INSTANCE)
                        .uid(JobState.UID_DECODE)
                        .name("decode and validate");

        Duration outOfOrderness = config.outOfOrderness();
        SingleOutputStreamOperator<CustomerEvent> timed =
                events.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<CustomerEvent>forGenerator(
                                                ctx -> new EventTimeWatermarks(outOfOrderness))
                                        .withTimestampAssigner((e, previous) -> e.ts())
                                        .withIdleness(config.sourceIdleness()))
                        .uid(JobState.UID_WATERMARKS)
                        .name("event time");

        SingleOutputStreamOperator<Alert> alerts =
                timed.keyBy(CustomerEvent::customerId)
                        .process(
                                new CustomerProfileFunction(config),
                                TypeInformation.of(Alert.class))
                        .uid(JobState.UID_CUSTOMER_PROFILE)
                        .name("customer profile and precursors");

        DataStream<ScoreUpdate> scores = alerts.getSideOutput(JobState.SCORES);
        DataStream<DeadLetter> deadLetters = events.getSideOutput(JobState.DEAD_LETTERS);
        DataStream<CustomerEvent> late = alerts.getSideOutput(JobState.LATE_EVENTS);

        sink(alerts, sinks.alerts(), JobState.UID_ALERT_SINK, "alerts");
        if (sinks.alertFeed() != null) {
            sink(alerts, sinks.alertFeed(), JobState.UID_ALERT_FEED, "alert feed");
        }
        sink(scores, sinks.scores(), JobState.UID_SCORE_SINK, "scores");
        sink(deadLetters, sinks.deadLetters(), JobState.UID_DEAD_LETTER_SINK, "dead letters");
        sink(late, sinks.lateEvents(), JobState.UID_LATE_SINK, "late events");
        if (sinks.snapshots() != null) {
            sink(
                    alerts.getSideOutput(JobState.SNAPSHOTS),
                    sinks.snapshots(),
                    JobState.UID_SNAPSHOT_SINK,
                    "score snapshots");
        }
    }

    private <T> void sink(DataStream<T> stream, Sink<T> sink, String uid, String name) {
        DataStreamSink<T> s = stream.sinkTo(sink).uid(uid).name(name);
        if (sinks.singleWriter()) {
            s.setParallelism(1);
        }
    }

    /** Builds and runs the job on {@code env}; returns when a bounded input is exhausted. */
    public JobExecutionResult execute(StreamExecutionEnvironment env, String jobName)
            throws Exception {
        build(env);
        return env.execute(jobName);
    }
}

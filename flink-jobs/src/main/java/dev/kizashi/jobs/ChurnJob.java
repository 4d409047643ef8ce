package dev.kizashi.jobs;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.codec.CustomerEventTypeInfo;
import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.DeadLetter;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 *        -> alerts (all; treated -> notifications, held out -> holdouts), outcomes, scores,
 *           dead letters, late events
 *                                          -> keyBy(customerId) -> journeys (when sunk)
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

        SingleOutputStreamOperator<CustomerEvent> timed =
                events.assignTimestampsAndWatermarks(watermarks(config))
                        .uid(JobState.UID_WATERMARKS)
                        .name("event time");

        if (sourceParallelism > 0) {
            // Keep decoding and watermarking chained to the source: a rebalance in between would
            // reorder a customer's events before they reach the keyed profile.
            events.setParallelism(sourceParallelism);
            timed.setParallelism(sourceParallelism);
        }

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

        DataStream<DeadLetter> lateAsDeadLetters =
                late.map(new LateEventToDeadLetter())
                        .uid(JobState.UID_LATE_TO_DEAD_LETTER)
                        .name("late events as dead letters");
        DataStream<ScoreUpdate> snapshots = alerts.getSideOutput(JobState.SNAPSHOTS);

        sinkAll(alerts, sinks.alerts(), JobState.UID_ALERT_SINK, "alerts");
        if (!sinks.notifications().isEmpty()) {
            DataStream<Alert> treated =
                    alerts.filter(a -> !a.holdout())
                            .uid(JobState.UID_TREATED_FILTER)
                            .name("treated alerts (not held out)");
            // The alert sinks' uids (kizashi-alert-sink-<id>): the live Kafka and console sinks got
            // every alert before the control group, and so their snapshots restore into them.
            sinkAll(treated, sinks.notifications(), JobState.UID_ALERT_SINK, "notifications");
        }
        if (!sinks.holdouts().isEmpty()) {
            DataStream<Alert> heldOut =
                    alerts.filter(Alert::holdout)
                            .uid(JobState.UID_HOLDOUT_FILTER)
                            .name("held-out alerts (control group)");
            sinkAll(heldOut, sinks.holdouts(), JobState.UID_HOLDOUT_SINK, "held-out alerts");
        }
        sinkAll(
                alerts.getSideOutput(JobState.OUTCOMES),
                sinks.outcomes(),
                JobState.UID_OUTCOME_SINK,
                "outcomes");
        sinkAll(scores, sinks.scores(), JobState.UID_SCORE_SINK, "scores");
        sinkAll(deadLetters, sinks.deadLetters(), JobState.UID_DEAD_LETTER_SINK, "dead letters");
        sinkAll(lateAsDeadLetters, sinks.lateEvents(), JobState.UID_LATE_SINK, "late events");
        sinkAll(snapshots, sinks.snapshots(), JobState.UID_SNAPSHOT_SINK, "score snapshots");

        if (config.journeys() && !sinks.journeys().isEmpty()) {
            // An operator of its own with its own state: the analyses never slow the detector's
            // step or change its state; it costs a second shuffle of the events.
            SingleOutputStreamOperator<JourneyRecord> journeys =
                    timed.keyBy(CustomerEvent::customerId)
                            .process(
                                    new JourneyFunction(config),
                                    TypeInformation.of(JourneyRecord.class))
                            .uid(JobState.UID_JOURNEYS)
                            .name("customer journeys");
            sinkAll(journeys, sinks.journeys(), JobState.UID_JOURNEY_SINK, "journeys");
        }
    }

    /** Event time from the events, bounded out-of-orderness watermarks, idle-source handling. */
    public static WatermarkStrategy<CustomerEvent> watermarks(ChurnJobConfig config) {
        Duration outOfOrderness = config.outOfOrderness();
        return WatermarkStrategy.<CustomerEvent>forGenerator(
                        ctx -> new EventTimeWatermarks(outOfOrderness))
                .withTimestampAssigner((e, previous) -> e.ts())
                .withIdleness(config.sourceIdleness());
    }

    private <T> void sinkAll(
            DataStream<T> stream, List<ChurnJobSinks.Named<T>> targets, String uid, String name) {
        for (ChurnJobSinks.Named<T> target : targets) {
            DataStreamSink<T> s =
                    stream.sinkTo(target.sink())
                            .uid(uid + "-" + target.id())
                            .name(name + " (" + target.id() + ")");
            if (sinks.singleWriter()) {
                s.setParallelism(1);
            }
            if (target.ownTask()) {
                s.disableChaining();
            }
        }
    }

    /** Builds and runs the job on {@code env}; returns when a bounded input is exhausted. */
    public JobExecutionResult execute(StreamExecutionEnvironment env, String jobName)
            throws Exception {
        build(env);
        return env.execute(jobName);
    }
}

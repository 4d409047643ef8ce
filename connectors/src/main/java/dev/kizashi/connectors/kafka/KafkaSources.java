package dev.kizashi.connectors.kafka;

import dev.kizashi.connectors.SourceLine;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka input. */
public final class KafkaSources {
    private KafkaSources() {}

    /**
     * The events topic as raw {@link SourceLine}s (origin {@code topic-partition}, line number =
     * offset; see {@link SourceLineDeserializer}): every record becomes one line, none is dropped,
     * and the codec turns bad ones into dead letters.
     *
     * <p>Starts at {@link KafkaSettings#startingOffsets()} when there is no checkpoint (a restored
     * job continues from its checkpointed offsets); commits offsets to the consumer group on
     * checkpoints (for monitoring lag and for {@code COMMITTED} restarts); reads with {@code
     * isolation.level=read_committed}, so events written by a transactional producer are seen only
     * once committed. With {@link KafkaSettings#bounded()} it stops at the latest offsets of when
     * the job started (replays, tests).
     */
    public static KafkaSource<SourceLine> events(KafkaSettings settings) {
        KafkaSourceBuilder<SourceLine> b =
                KafkaSource.<SourceLine>builder()
                        .setProperties(settings.clientProperties())
                        .setBootstrapServers(settings.bootstrapServers())
                        .setTopics(settings.eventsTopic())
                        .setGroupId(settings.groupId())
                        .setClientIdPrefix(settings.groupId() + "-events")
                        .setStartingOffsets(startingOffsets(settings.startingOffsets()))
                        .setDeserializer(new SourceLineDeserializer())
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        if (settings.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /**
     * One of the churn job's output topics ({@link KafkaSettings#alertsTopic()}, {@link
     * KafkaSettings#scoresTopic()}) as raw {@link SourceLine}s, for a consumer of its own such as
     * the Elasticsearch indexer: reads with {@code isolation.level=read_committed}, so it sees
     * exactly what the churn job's checkpoints committed and never a record of an open or aborted
     * transaction.
     *
     * <p>Consumer group {@code groupId}, offsets committed to it on every completed checkpoint of
     * the reading job. Without a checkpoint to restore it starts from that group's committed
     * offsets, or from the earliest for partitions without one, whatever {@link
     * KafkaSettings#startingOffsets()} says for the events: a reader that must not lose anything
     * starts where it left off. {@link KafkaSettings#bounded()} is ignored too (the topics grow
     * while the churn job runs); with {@code bounded} it stops at the offsets that are committed
     * when it starts.
     */
    public static KafkaSource<SourceLine> committedOutput(
            KafkaSettings settings, String topic, String groupId, boolean bounded) {
        KafkaSourceBuilder<SourceLine> b =
                KafkaSource.<SourceLine>builder()
                        .setProperties(settings.clientProperties())
                        .setBootstrapServers(settings.bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(groupId)
                        .setClientIdPrefix(groupId + "-" + topic)
                        .setStartingOffsets(
                                startingOffsets(KafkaSettings.StartingOffsets.COMMITTED))
                        .setDeserializer(new SourceLineDeserializer())
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    @SuppressWarnings("deprecation") // OffsetResetStrategy is what the connector's API takes
    static OffsetsInitializer startingOffsets(KafkaSettings.StartingOffsets offsets) {
        switch (offsets) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case COMMITTED:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                throw new IllegalArgumentException("unknown starting offsets " + offsets);
        }
    }
}

package dev.kizashi.connectors.kafka;

import dev.kizashi.connectors.SourceLine;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record into exactly one {@link SourceLine}, and never throws, so that nothing
 * is lost before the codec: origin {@code topic-partition}, line number = offset, text = the value
 * decoded as UTF-8 with malformed bytes replaced by U+FFFD (as the file source does). A null value
 * (a tombstone) becomes an empty line, which the codec dead-letters as {@code EMPTY_LINE}. Keys and
 * headers are ignored: the event JSON carries everything.
 */
public final class SourceLineDeserializer implements KafkaRecordDeserializationSchema<SourceLine> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceLine> out) {
        out.collect(toLine(record.topic(), record.partition(), record.offset(), record.value()));
    }

    /** The line for one record; public for tests and tools. */
    public static SourceLine toLine(String topic, int partition, long offset, byte[] value) {
        String text;
        if (value == null) {
            text = "";
        } else {
            // new String(..., UTF_8) replaces malformed input and never throws.
            text = new String(value, StandardCharsets.UTF_8);
        }
        return new SourceLine(origin(topic, partition), offset, text);
    }

    /** The origin of records of one partition: {@code topic-partition}. */
    public static String origin(String topic, int partition) {
        return topic + "-" + partition;
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }
}

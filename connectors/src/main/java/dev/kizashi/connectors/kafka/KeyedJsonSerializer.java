package dev.kizashi.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes each element as one record of a fixed topic: a UTF-8 key, a UTF-8 JSON value and string
 * headers (null header values are left out). The partition is Kafka's default for the key, so all
 * records of one key stay in order in one partition.
 */
public final class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, String> value;
    private final SerializableFunction<T, Map<String, String>> headers;

    public KeyedJsonSerializer(
            String topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, String> value,
            SerializableFunction<T, Map<String, String>> headers) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    public String topic() {
        return topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        byte[] keyBytes = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value.apply(element).getBytes(StandardCharsets.UTF_8);
        List<Header> hs = new ArrayList<>();
        headers.apply(element)
                .forEach(
                        (name, v) -> {
                            if (v != null) {
                                hs.add(new RecordHeader(name, v.getBytes(StandardCharsets.UTF_8)));
                            }
                        });
        return new ProducerRecord<>(topic, null, null, keyBytes, valueBytes, hs);
    }
}

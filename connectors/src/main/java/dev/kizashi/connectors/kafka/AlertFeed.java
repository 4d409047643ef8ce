package dev.kizashi.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kizashi.wire.OutputJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the alerts topic and turns each alert into one line for people (for {@code kizashi tail
 * alerts}). Reads with {@code isolation.level=read_committed}, so it shows only alerts of committed
 * sink transactions: no duplicates after a job restart. It assigns itself all partitions and
 * commits nothing (no consumer group), so any number of feeds can run side by side.
 */
public final class AlertFeed implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final boolean fromBeginning;

    /**
     * @param fromBeginning start at the oldest retained alert; otherwise only new alerts are shown
     */
    public AlertFeed(KafkaSettings settings, boolean fromBeginning) {
        this.topic = settings.alertsTopic();
        this.fromBeginning = fromBeginning;
        Properties p = settings.clientProperties();
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "kizashi-tail-alerts");
        this.consumer = new KafkaConsumer<>(p);
    }

    /**
     * Prints one line per alert to {@code out} until {@code stop} says so (checked after every
     * poll, at least every 200 ms) or the thread is interrupted.
     *
     * @return how many alerts were printed
     */
    public long run(Consumer<String> out, BooleanSupplier stop) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("alerts topic '" + topic + "' does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        long printed = 0;
        while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                out.accept(format(r.value(), r.topic() + "-" + r.partition() + "@" + r.offset()));
                printed++;
            }
        }
        return printed;
    }

    /**
     * One alert as a line: {@code eventTime kind severity pattern customer=.. score=.. channel=..
     * action=.. | detail}; a value that is not an alert document is shown raw with its position.
     */
    public static String format(String json, String position) {
        if (json == null) {
            return "(tombstone at " + position + ")";
        }
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject() || !n.hasNonNull(OutputJson.F.CUSTOMER_ID)) {
                return "(not an alert at " + position + ") " + json;
            }
            return text(n, OutputJson.F.EVENT_TIME)
                    + " "
                    + (n.hasNonNull(OutputJson.F.KIND) ? text(n, OutputJson.F.KIND) + " " : "")
                    + text(n, OutputJson.F.SEVERITY)
                    + " "
                    + text(n, OutputJson.F.PATTERN)
                    + " customer="
                    + text(n, OutputJson.F.CUSTOMER_ID)
                    + " score="
                    + text(n, OutputJson.F.SCORE)
                    + " channel="
                    + text(n, OutputJson.F.CHANNEL)
                    + " action="
                    + text(n, OutputJson.F.ACTION)
                    + " | "
                    + text(n, OutputJson.F.DETAIL);
        } catch (Exception e) {
            return "(not an alert at " + position + ") " + json;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(10));
    }
}

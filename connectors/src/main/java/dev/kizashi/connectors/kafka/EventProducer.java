package dev.kizashi.connectors.kafka;

import java.time.Duration;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes event lines into the events topic at a given rate (for {@code kizashi produce}): a plain
 * idempotent producer with {@code acks=all}, each record keyed by its customer id ({@link
 * CustomerIdKey}, or a key function of the caller) so one customer's events stay in order in one
 * partition.
 *
 * <p>Pacing is by schedule, not by spinning: record {@code i} is sent no earlier than {@code start
 * + i / rate}, and the thread parks until then. A producer that falls behind (a slow broker)
 * catches up in a burst, so the average rate over the run stays at the target.
 */
public final class EventProducer implements AutoCloseable {

    /**
     * What one {@link #produce} call did.
     *
     * @param sent records acknowledged by the broker
     * @param failed records the producer gave up on
     * @param unkeyed records sent without key (no customer id found)
     * @param elapsed from the first to the last record handed to the producer
     * @param firstError the first send error, null if none
     */
    public record Counts(
            long sent, long failed, long unkeyed, Duration elapsed, String firstError) {
        /**
         * The achieved rate: {@code n} records sent over {@code elapsed} (first to last hand-out)
         * span {@code n - 1} intervals.
         */
        public double ratePerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 || sent < 2 ? 0 : (sent - 1) / s;
        }
    }

    private final Producer<String, String> producer;
    private final String topic;
    private final Function<String, String> keyOf;

    /** A producer into {@link KafkaSettings#eventsTopic()} keyed by customer id. */
    public EventProducer(KafkaSettings settings) {
        this(settings, settings.eventsTopic(), CustomerIdKey.INSTANCE);
    }

    public EventProducer(KafkaSettings settings, String topic, Function<String, String> keyOf) {
        this(new KafkaProducer<>(producerProperties(settings)), topic, keyOf);
    }

    EventProducer(Producer<String, String> producer, String topic, Function<String, String> keyOf) {
        this.producer = producer;
        this.topic = topic;
        this.keyOf = keyOf;
    }

    static Properties producerProperties(KafkaSettings settings) {
        Properties p = settings.clientProperties();
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.setProperty(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "kizashi-produce");
        return p;
    }

    /**
     * Sends every line of {@code lines} (blank lines are skipped) at about {@code ratePerSecond}
     * records per second ({@code <= 0} or infinite: as fast as possible), then waits until all are
     * acknowledged. Stops early, after flushing, when the thread is interrupted (the interrupt flag
     * is kept).
     */
    public Counts produce(Iterator<String> lines, double ratePerSecond) {
        boolean paced = ratePerSecond > 0 && !Double.isInfinite(ratePerSecond);
        double intervalNanos = paced ? 1e9 / ratePerSecond : 0;
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long unkeyed = 0;
        long index = 0;
        long start = System.nanoTime();
        long lastSend = start;
        while (lines.hasNext() && !Thread.currentThread().isInterrupted()) {
            String line = lines.next();
            if (line == null || line.isBlank()) {
                continue;
            }
            if (paced) {
                long due = start + (long) (index * intervalNanos);
                long wait;
                while ((wait = due - System.nanoTime()) > 0
                        && !Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(wait);
                }
            }
            String key = keyOf.apply(line);
            if (key == null) {
                unkeyed++;
            }
            lastSend = System.nanoTime();
            producer.send(
                    new ProducerRecord<>(topic, key, line),
                    (meta, error) -> {
                        if (error == null) {
                            acked.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, error.toString());
                        }
                    });
            index++;
        }
        producer.flush();
        return new Counts(
                acked.get(),
                failed.get(),
                unkeyed,
                Duration.ofNanos(lastSend - start),
                firstError.get());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}

package dev.kizashi.connectors.kafka;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes event lines into the events topic at a given rate (for {@code kizashi produce}): a plain
 * idempotent producer with {@code acks=all}.
 *
 * <p>Every line goes out as its bytes, as they are: the job decides what is an event and
 * dead-letters the rest, with a reason, exactly as a file run does. So a line that is not UTF-8,
 * not JSON or not an event is sent too, never dropped and never the end of the run. The one
 * exception is a blank line (empty or whitespace only): it carries no event and is skipped, counted
 * in {@link Counts#blank()}.
 *
 * <p>Keys: a record is keyed by its customer id ({@link CustomerIdKey}, or a key function of the
 * caller), so one customer's events stay in order in one partition. The id is read from the line as
 * the job reads it (bytes that are not UTF-8 become U+FFFD, as in the job's Kafka source), so the
 * key is the customer the job will see. A line with no readable customer id (not JSON, no {@code
 * customerId}) is sent with a null key and Kafka's partitioner picks its partition: it can only
 * become a dead letter, whose order does not matter.
 *
 * <p>Pacing is by schedule, not by spinning: record {@code i} is sent no earlier than {@code start
 * + i / rate}, and the thread parks until then. A producer that falls behind (a slow broker)
 * catches up in a burst, so the average rate over the run stays at the target.
 */
public final class EventProducer implements AutoCloseable {

    /**
     * The longest record value sent, in bytes: below the producer's and the broker's default size
     * limits (1 MiB), and far above what the job accepts ({@code kizashi.input.max-line-chars}, 64K
     * characters by default). A longer line is cut to this length and sent; the job dead-letters it
     * as OVERSIZED, as a file run does with the same line.
     */
    public static final int MAX_LINE_BYTES = 1_000_000;

    /**
     * What one {@link #produce} call did.
     *
     * @param read lines read, blank ones included
     * @param sent records acknowledged by the broker
     * @param failed records the producer gave up on
     * @param blank blank lines (empty or whitespace only), skipped: no event in them
     * @param notUtf8 lines that are not valid UTF-8, sent as their bytes
     * @param unkeyed records sent without key: no customer id could be read from the line
     * @param cut lines longer than {@link #MAX_LINE_BYTES}, sent cut to that length
     * @param elapsed from the first to the last record handed to the producer
     * @param firstError the first send error, null if none
     */
    public record Counts(
            long read,
            long sent,
            long failed,
            long blank,
            long notUtf8,
            long unkeyed,
            long cut,
            Duration elapsed,
            String firstError) {
        /**
         * The achieved rate: {@code n} records sent over {@code elapsed} (first to last hand-out)
         * span {@code n - 1} intervals.
         */
        public double ratePerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 || sent < 2 ? 0 : (sent - 1) / s;
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Function<String, String> keyOf;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();

    /** A producer into {@link KafkaSettings#eventsTopic()} keyed by customer id. */
    public EventProducer(KafkaSettings settings) {
        this(settings, settings.eventsTopic(), CustomerIdKey.INSTANCE);
    }

    /**
     * @param keyOf the key of a line (as text, U+FFFD for bytes that are not UTF-8), null for none
     */
    public EventProducer(KafkaSettings settings, String topic, Function<String, String> keyOf) {
        this(new KafkaProducer<>(producerProperties(settings)), topic, keyOf);
    }

    EventProducer(Producer<byte[], byte[]> producer, String topic, Function<String, String> keyOf) {
        this.producer = producer;
        this.topic = topic;
        this.keyOf = keyOf;
    }

    static Properties producerProperties(KafkaSettings settings) {
        Properties p = settings.clientProperties();
        p.setProperty(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "kizashi-produce");
        return p;
    }

    /**
     * Sends every line of {@code lines} (each as its UTF-8 bytes; blank lines are skipped) at about
     * {@code ratePerSecond} records per second ({@code <= 0} or infinite: as fast as possible),
     * then waits until all are acknowledged. Stops early, after flushing, when the thread is
     * interrupted (the interrupt flag is kept).
     */
    public Counts produce(Iterator<String> lines, double ratePerSecond) {
        return send(
                new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return lines.hasNext();
                    }

                    @Override
                    public Line next() {
                        String s = lines.next();
                        return Line.of(
                                s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
                    }
                },
                ratePerSecond);
    }

    /**
     * Sends every line of {@code in} as its bytes, whatever they are (see the class comment; blank
     * lines are skipped), at about {@code ratePerSecond} records per second. Lines end at {@code
     * \n}; a {@code \r} before it is dropped, as the file source does, and a last line without
     * {@code \n} counts. Does not close {@code in}.
     *
     * @throws UncheckedIOException when {@code in} cannot be read
     */
    public Counts produce(InputStream in, double ratePerSecond) {
        return send(new ByteLines(in, MAX_LINE_BYTES), ratePerSecond);
    }

    private Counts send(Iterator<Line> lines, double ratePerSecond) {
        boolean paced = ratePerSecond > 0 && !Double.isInfinite(ratePerSecond);
        double intervalNanos = paced ? 1e9 / ratePerSecond : 0;
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long read = 0;
        long blank = 0;
        long notUtf8 = 0;
        long unkeyed = 0;
        long cut = 0;
        long index = 0;
        long start = System.nanoTime();
        long lastSend = start;
        while (!Thread.currentThread().isInterrupted() && lines.hasNext()) {
            Line line = lines.next();
            read++;
            // as the job's source reads it: bytes that are not UTF-8 become U+FFFD
            String text = new String(line.bytes(), StandardCharsets.UTF_8);
            if (text.isBlank()) {
                blank++;
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
            String key = keyOf.apply(text);
            if (!isUtf8(line.bytes())) {
                notUtf8++;
            }
            if (key == null) {
                unkeyed++;
            }
            if (line.cut()) {
                cut++;
            }
            lastSend = System.nanoTime();
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                            line.bytes()),
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
                read,
                acked.get(),
                failed.get(),
                blank,
                notUtf8,
                unkeyed,
                cut,
                Duration.ofNanos(lastSend - start),
                firstError.get());
    }

    private boolean isUtf8(byte[] bytes) {
        try {
            utf8.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    /** One line's bytes, without its end; {@code cut} if it was longer than the limit. */
    record Line(byte[] bytes, boolean cut) {
        static Line of(byte[] bytes) {
            return bytes.length > MAX_LINE_BYTES
                    ? new Line(Arrays.copyOf(bytes, MAX_LINE_BYTES), true)
                    : new Line(bytes, false);
        }
    }

    /**
     * The lines of a stream as bytes: split at {@code \n}, one {@code \r} before it dropped, a last
     * line without {@code \n} included; a line longer than {@code max} bytes is cut to {@code max}
     * and the rest of it skipped, so one huge line cannot exhaust memory.
     */
    static final class ByteLines implements Iterator<Line> {
        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private Line next;
        private boolean done;

        ByteLines(InputStream in, int max) {
            this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
            this.max = max;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = readLine();
                done = next == null;
            }
            return next != null;
        }

        @Override
        public Line next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Line l = next;
            next = null;
            return l;
        }

        private Line readLine() {
            try {
                buffer.reset();
                boolean cut = false;
                int c = in.read();
                if (c < 0) {
                    return null;
                }
                while (c >= 0 && c != '\n') {
                    if (buffer.size() < max + 1) { // one more than max: a '\r' may follow
                        buffer.write(c);
                    } else {
                        cut = true;
                    }
                    c = in.read();
                }
                byte[] bytes = buffer.toByteArray();
                int length = bytes.length;
                if (!cut && length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
                if (length > max) {
                    length = max;
                    cut = true;
                }
                return new Line(length == bytes.length ? bytes : Arrays.copyOf(bytes, length), cut);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

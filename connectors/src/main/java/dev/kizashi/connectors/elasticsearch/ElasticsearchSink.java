package dev.kizashi.connectors.elasticsearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Writes records into Elasticsearch with bulk {@code index} requests on the official Java client
 * (there is no Flink Elasticsearch connector for Flink 2.x).
 *
 * <ul>
 *   <li><b>Idempotent</b>: every record becomes an {@code index} operation with a deterministic id,
 *       so replays after a restart overwrite instead of duplicating. With a {@link
 *       Builder#versionFunction version function} the operation uses {@code external_gte}
 *       versioning: an older version never overwrites a newer one (409 conflicts are counted as
 *       done), whatever the order in which retries and parallel writers arrive.
 *   <li><b>Batching</b>: a bulk request is sent when {@link Builder#bulkFlushMaxActions} actions or
 *       {@link Builder#bulkFlushMaxBytes} bytes are buffered, or every {@link
 *       Builder#bulkFlushInterval}.
 *   <li><b>Backpressure</b>: at most {@link Builder#maxInFlightRequests} bulk requests (including
 *       ones waiting for a retry) are outstanding; {@code write} then yields to the task's mailbox
 *       until one completes, so memory stays bounded and the job slows down instead.
 *   <li><b>Retries</b>: connection loss, HTTP 429 and 5xx (whole request or single items) are
 *       retried with exponential backoff ({@link BackoffPolicy}); only the failed items are resent.
 *       Any other item error (mapping conflicts, strict-mapping violations) fails the job with a
 *       message naming the index, id and reason.
 *   <li><b>Checkpoints</b>: {@code flush} (before every checkpoint and at end of input) sends the
 *       buffer and waits until every outstanding request is acknowledged: a completed checkpoint
 *       means its documents are in Elasticsearch (at-least-once, effectively exactly-once with the
 *       idempotent ids).
 * </ul>
 */
public final class ElasticsearchSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_ACTIONS = 1000;
    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_IN_FLIGHT = 2;

    final ElasticsearchClientSettings settings;
    final SerializableFunction<T, String> indexFunction;
    final SerializableFunction<T, String> idFunction;
    final SerializableFunction<T, byte[]> documentFunction;
    final SerializableFunction<T, Long> versionFunction;
    final int maxActions;
    final long maxBytes;
    final long flushIntervalMs;
    final int maxInFlight;
    final BackoffPolicy backoff;

    private ElasticsearchSink(Builder<T> b) {
        this.settings = Objects.requireNonNull(b.settings, "settings (hosts) are required");
        this.indexFunction = Objects.requireNonNull(b.indexFunction, "an index is required");
        this.idFunction = Objects.requireNonNull(b.idFunction, "an id function is required");
        this.documentFunction =
                Objects.requireNonNull(b.documentFunction, "a document function is required");
        this.versionFunction = b.versionFunction;
        if (b.maxActions < 1 || b.maxBytes < 1 || b.maxInFlight < 1 || b.flushIntervalMs < 0) {
            throw new IllegalArgumentException(
                    "bulk limits must be positive and the flush interval >= 0");
        }
        this.maxActions = b.maxActions;
        this.maxBytes = b.maxBytes;
        this.flushIntervalMs = b.flushIntervalMs;
        this.maxInFlight = b.maxInFlight;
        this.backoff = b.backoff;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new ElasticsearchSinkWriter<>(this, context);
    }

    @Override
    public String toString() {
        return "ElasticsearchSink{"
                + settings
                + ", maxActions="
                + maxActions
                + ", maxBytes="
                + maxBytes
                + ", flushIntervalMs="
                + flushIntervalMs
                + ", maxInFlight="
                + maxInFlight
                + ", backoff="
                + backoff
                + ", versioned="
                + (versionFunction != null)
                + '}';
    }

    public static final class Builder<T> {
        private ElasticsearchClientSettings settings;
        private SerializableFunction<T, String> indexFunction;
        private SerializableFunction<T, String> idFunction;
        private SerializableFunction<T, byte[]> documentFunction;
        private SerializableFunction<T, Long> versionFunction;
        private int maxActions = DEFAULT_MAX_ACTIONS;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private long flushIntervalMs = DEFAULT_FLUSH_INTERVAL.toMillis();
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private BackoffPolicy backoff = BackoffPolicy.DEFAULT;

        private Builder() {}

        /** Hosts, credentials and TLS. */
        public Builder<T> settings(ElasticsearchClientSettings settings) {
            this.settings = settings;
            return this;
        }

        /** Shortcut: hosts without auth. */
        public Builder<T> hosts(String... urls) {
            return settings(ElasticsearchClientSettings.of(urls));
        }

        /** One fixed index (or alias with a write index) for every record. */
        public Builder<T> index(String index) {
            Objects.requireNonNull(index, "index");
            return indexFunction(r -> index);
        }

        /** The index per record, e.g. a monthly index from the record's event time. */
        public Builder<T> indexFunction(SerializableFunction<T, String> indexFunction) {
            this.indexFunction = indexFunction;
            return this;
        }

        /** The document id per record: deterministic, so that replays overwrite. */
        public Builder<T> idFunction(SerializableFunction<T, String> idFunction) {
            this.idFunction = idFunction;
            return this;
        }

        /** The document as a Jackson tree (e.g. {@code OutputJson::alertNode}). */
        public Builder<T> documentFunction(SerializableFunction<T, ObjectNode> documentFunction) {
            Objects.requireNonNull(documentFunction, "documentFunction");
            return jsonBytesFunction(r -> JsonBytes.of(documentFunction.apply(r)));
        }

        /** The document as UTF-8 JSON bytes. */
        public Builder<T> jsonBytesFunction(SerializableFunction<T, byte[]> jsonBytesFunction) {
            this.documentFunction = jsonBytesFunction;
            return this;
        }

        /**
         * Optional external version per record (>= 0, e.g. the event time of a score): the write
         * uses {@code version_type=external_gte}, so a document is only replaced by one with the
         * same or a newer version.
         */
        public Builder<T> versionFunction(SerializableFunction<T, Long> versionFunction) {
            this.versionFunction = versionFunction;
            return this;
        }

        /** Send a bulk request after this many actions (default 1000). */
        public Builder<T> bulkFlushMaxActions(int maxActions) {
            this.maxActions = maxActions;
            return this;
        }

        /** Send a bulk request after this many bytes of actions (default 5 MB). */
        public Builder<T> bulkFlushMaxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /** Send what is buffered at least this often (default 1 s; zero: only when full). */
        public Builder<T> bulkFlushInterval(Duration interval) {
            this.flushIntervalMs = interval.toMillis();
            return this;
        }

        /** Outstanding bulk requests per writer before {@code write} blocks (default 2). */
        public Builder<T> maxInFlightRequests(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** Retry schedule (default 100 ms doubling up to 30 s, give up after 10 minutes). */
        public Builder<T> backoff(BackoffPolicy backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        public Builder<T> backoff(Duration initial, Duration max, Duration giveUpAfter) {
            return backoff(BackoffPolicy.of(initial, max, giveUpAfter));
        }

        public ElasticsearchSink<T> build() {
            return new ElasticsearchSink<>(this);
        }
    }

    /** Shared mapper for ObjectNode -> bytes (thread-safe once configured). */
    static final class JsonBytes {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        private JsonBytes() {}

        static byte[] of(ObjectNode node) {
            try {
                return MAPPER.writeValueAsBytes(node);
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise document", e);
            }
        }
    }
}

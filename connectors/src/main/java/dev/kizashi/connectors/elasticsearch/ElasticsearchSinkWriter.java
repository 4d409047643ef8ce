package dev.kizashi.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer behind {@link ElasticsearchSink}. All state is touched only by the task thread: bulk
 * responses arrive on the client's I/O threads and are handed to the task's mailbox; retries are
 * processing-time timers, which run in the mailbox as well.
 */
final class ElasticsearchSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);

    private final SerializableFunction<T, String> indexFunction;
    private final SerializableFunction<T, String> idFunction;
    private final SerializableFunction<T, byte[]> documentFunction;
    private final SerializableFunction<T, Long> versionFunction;
    private final int maxInFlight;
    private final long flushIntervalMs;
    private final BackoffPolicy backoff;
    private final String hosts;

    private final MailboxExecutor mailbox;
    private final ProcessingTimeService time;
    private final ElasticsearchClient client;
    private final ElasticsearchAsyncClient asyncClient;
    private final BulkBuffer buffer;

    /** Bulk requests sent or waiting for a retry; a slot is released when all items are done. */
    private int inFlight;

    /**
     * Retry warnings: at most one per {@link #RETRY_WARNING_INTERVAL}, each saying how many retries
     * went unlogged since the one before, and one line when writes succeed again.
     */
    static final long RETRY_WARNING_INTERVAL = TimeUnit.SECONDS.toNanos(5);

    private boolean retryWarned;
    private long lastRetryWarningNanos;
    private long retriesNotWarned;
    private int failingBatches;
    private long failingSinceNanos;
    private long retriesWhileFailing;

    private RuntimeException fatal;
    private ScheduledFuture<?> flushTimer;
    private boolean closed;

    private final Counter documentsSent;
    private final Counter retries;
    private final Counter failedBulkRequests;
    private final Counter inFlightRequests;
    private final Counter numRecordsSend;
    private final Counter numBytesSend;
    private final Counter versionConflicts;

    ElasticsearchSinkWriter(ElasticsearchSink<T> sink, WriterInitContext context) {
        this.indexFunction = sink.indexFunction;
        this.idFunction = sink.idFunction;
        this.documentFunction = sink.documentFunction;
        this.versionFunction = sink.versionFunction;
        this.maxInFlight = sink.maxInFlight;
        this.flushIntervalMs = sink.flushIntervalMs;
        this.backoff = sink.backoff;
        this.hosts = String.join(",", sink.settings.hosts());
        this.mailbox = context.getMailboxExecutor();
        this.time = context.getProcessingTimeService();
        this.buffer = new BulkBuffer(sink.maxActions, sink.maxBytes);
        this.client = sink.settings.createClient();
        this.asyncClient = new ElasticsearchAsyncClient(client._transport());

        SinkWriterMetricGroup metrics = context.metricGroup();
        this.numRecordsSend = metrics.getNumRecordsSendCounter();
        this.numBytesSend = metrics.getNumBytesSendCounter();
        this.documentsSent = metrics.counter("esDocumentsSent");
        this.retries = metrics.counter("esRetries");
        this.failedBulkRequests = metrics.counter("esFailedBulkRequests");
        this.inFlightRequests = metrics.counter("esInFlightRequests");
        this.versionConflicts = metrics.counter("esVersionConflicts");
        metrics.gauge("esBufferedActions", buffer::size);
        scheduleFlushTimer();
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        checkFatal();
        Long version = versionFunction == null ? null : versionFunction.apply(element);
        if (version != null && version < 0) {
            throw new IllegalArgumentException("negative document version " + version);
        }
        buffer.add(
                new BulkAction(
                        indexFunction.apply(element),
                        idFunction.apply(element),
                        version == null ? -1 : version,
                        documentFunction.apply(element)));
        if (buffer.isFull()) {
            sendBuffer(true);
        }
    }

    /**
     * Sends everything buffered and waits until every bulk request is acknowledged: called before
     * each checkpoint and at end of input.
     */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        checkFatal();
        sendBuffer(true);
        while (inFlight > 0) {
            mailbox.yield();
            checkFatal();
        }
    }

    /** Sends the buffer as one bulk request; waits (yielding) for a free slot if {@code block}. */
    private void sendBuffer(boolean block) throws InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        if (block) {
            while (inFlight >= maxInFlight) {
                mailbox.yield();
                checkFatal();
            }
        } else if (inFlight >= maxInFlight) {
            return;
        }
        long bytes = buffer.sizeInBytes();
        List<BulkAction> actions = buffer.drain();
        inFlight++;
        inFlightRequests.inc();
        numBytesSend.inc(bytes);
        send(new Batch(actions, 0, -1));
    }

    private void send(Batch batch) {
        BulkRequest.Builder req = new BulkRequest.Builder();
        List<BulkOperation> ops = new ArrayList<>(batch.actions.size());
        for (BulkAction a : batch.actions) {
            BinaryData doc = BinaryData.of(a.source(), ContentType.APPLICATION_JSON);
            ops.add(
                    BulkOperation.of(
                            o ->
                                    o.index(
                                            i -> {
                                                i.index(a.index()).id(a.id()).document(doc);
                                                if (a.version() >= 0) {
                                                    i.version(a.version())
                                                            .versionType(VersionType.ExternalGte);
                                                }
                                                return i;
                                            })));
        }
        req.operations(ops);
        asyncClient
                .bulk(req.build())
                .whenComplete((response, error) -> deliver(batch, response, error));
    }

    /** Called on a client I/O thread: hands the outcome over to the task thread. */
    private void deliver(Batch batch, BulkResponse response, Throwable error) {
        try {
            mailbox.execute(() -> onResult(batch, response, error), "elasticsearch bulk response");
        } catch (RejectedExecutionException e) {
            // the task is shutting down: the outcome no longer matters
        }
    }

    private void onResult(Batch batch, BulkResponse response, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            Throwable cause = unwrap(error);
            failedBulkRequests.inc();
            if (isRetryable(cause)) {
                retry(batch, batch.actions, describe(cause));
            } else {
                fail(
                        new ElasticsearchSinkException(
                                "bulk request of "
                                        + batch.actions.size()
                                        + " documents to Elasticsearch "
                                        + hosts
                                        + " failed and cannot be retried: "
                                        + describe(cause),
                                cause));
            }
            return;
        }
        List<BulkAction> again = new ArrayList<>();
        String retryReason = null;
        long done = 0;
        List<BulkResponseItem> items = response.items();
        if (items.size() != batch.actions.size()) {
            fail(
                    new ElasticsearchSinkException(
                            "bulk response has "
                                    + items.size()
                                    + " items for "
                                    + batch.actions.size()
                                    + " actions"));
            return;
        }
        if (response.errors()) {
            failedBulkRequests.inc();
        }
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            BulkAction action = batch.actions.get(i);
            if (item.error() == null) {
                done++;
            } else if (item.status() == 409 && action.version() >= 0) {
                // a newer version is already stored: this write is obsolete, not lost
                versionConflicts.inc();
                done++;
            } else if (isRetryableStatus(item.status())) {
                again.add(action);
                if (retryReason == null) {
                    retryReason = "status " + item.status() + " " + describe(item.error());
                }
            } else {
                fail(
                        new ElasticsearchSinkException(
                                "Elasticsearch rejected document id="
                                        + action.id()
                                        + " in index "
                                        + action.index()
                                        + " (HTTP "
                                        + item.status()
                                        + "): "
                                        + describe(item.error())));
                return;
            }
        }
        documentsSent.inc(done);
        numRecordsSend.inc(done);
        if (again.isEmpty()) {
            release();
            if (batch.firstFailureNanos >= 0) {
                recovered(batch);
            }
        } else {
            retry(batch, again, again.size() + " of " + items.size() + " items: " + retryReason);
        }
    }

    private void retry(Batch batch, List<BulkAction> actions, String reason) {
        long now = System.nanoTime();
        long firstFailure = batch.firstFailureNanos < 0 ? now : batch.firstFailureNanos;
        long failingMs = (now - firstFailure) / 1_000_000;
        if (failingMs > backoff.giveUpAfterMs()) {
            fail(
                    new ElasticsearchSinkException(
                            "gave up writing "
                                    + actions.size()
                                    + " documents to Elasticsearch "
                                    + hosts
                                    + " after "
                                    + (batch.attempt + 1)
                                    + " attempts over "
                                    + failingMs
                                    + " ms; last error: "
                                    + reason));
            return;
        }
        long delay = backoff.delayMillis(batch.attempt);
        retries.inc();
        if (batch.firstFailureNanos < 0) {
            if (failingBatches == 0) {
                failingSinceNanos = now;
                retriesWhileFailing = 0;
            }
            failingBatches++;
        }
        retriesWhileFailing++;
        if (!retryWarned || now - lastRetryWarningNanos >= RETRY_WARNING_INTERVAL) {
            LOG.warn(
                    "Elasticsearch {}: retrying {} documents in {} ms (attempt {}, failing for {}"
                            + " ms{}): {}",
                    hosts,
                    actions.size(),
                    delay,
                    batch.attempt + 1,
                    failingMs,
                    retriesNotWarned == 0
                            ? ""
                            : ", " + retriesNotWarned + " more retries since the last warning",
                    reason);
            lastRetryWarningNanos = now;
            retryWarned = true;
            retriesNotWarned = 0;
        } else {
            retriesNotWarned++;
        }
        Batch next = new Batch(actions, batch.attempt + 1, firstFailure);
        time.registerTimer(
                time.getCurrentProcessingTime() + delay,
                ts -> {
                    if (!closed) {
                        send(next);
                    }
                });
    }

    /** A batch that needed retries is written; the first to end an outage says so. */
    private void recovered(Batch batch) {
        failingBatches--;
        if (failingBatches == 0) {
            LOG.info(
                    "Elasticsearch {}: writing again after {} ms and {} retries (the last batch"
                            + " took {} attempts)",
                    hosts,
                    (System.nanoTime() - failingSinceNanos) / 1_000_000,
                    retriesWhileFailing,
                    batch.attempt + 1);
            retryWarned = false;
            retriesNotWarned = 0;
        }
    }

    private void release() {
        inFlight--;
        inFlightRequests.dec();
    }

    private void fail(ElasticsearchSinkException e) {
        LOG.error("{}", e.getMessage());
        if (fatal == null) {
            fatal = e;
        }
        release();
        throw e;
    }

    private void checkFatal() {
        if (fatal != null) {
            throw new ElasticsearchSinkException(fatal.getMessage(), fatal);
        }
    }

    private void scheduleFlushTimer() {
        if (flushIntervalMs <= 0) {
            return;
        }
        flushTimer =
                time.registerTimer(
                        time.getCurrentProcessingTime() + flushIntervalMs,
                        ts -> {
                            if (closed) {
                                return;
                            }
                            if (fatal == null) {
                                // never block inside a timer: if all slots are busy, the next
                                // write or flush sends the buffer
                                sendBuffer(false);
                            }
                            scheduleFlushTimer();
                        });
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** 429 (too many requests), 408 and every 5xx are worth retrying; other 4xx are not. */
    static boolean isRetryableStatus(int status) {
        return status == 429 || status == 408 || status >= 500 || status <= 0;
    }

    /**
     * Connection loss and server overload are retryable; an HTTP answer with a client error (4xx
     * other than 408/429) is not.
     */
    static boolean isRetryable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ElasticsearchException ee) {
                return isRetryableStatus(ee.status());
            }
            if (c instanceof TransportException te && te.statusCode() > 0) {
                return isRetryableStatus(te.statusCode());
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return true;
    }

    static String describe(Throwable t) {
        if (t instanceof ElasticsearchException ee && ee.error() != null) {
            return "HTTP " + ee.status() + " " + describe(ee.error());
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String describe(ErrorCause e) {
        if (e == null) {
            return "unknown error";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(e.type()).append(": ").append(e.reason());
        ErrorCause c = e.causedBy();
        for (int depth = 0; c != null && depth < 3; depth++, c = c.causedBy()) {
            sb.append(" (caused by ").append(c.type()).append(": ").append(c.reason()).append(')');
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (flushTimer != null) {
            flushTimer.cancel(false);
        }
        client.close();
    }

    /** Actions of one bulk request, how often they were retried and since when they fail. */
    private static final class Batch {
        final List<BulkAction> actions;
        final int attempt;
        final long firstFailureNanos;

        Batch(List<BulkAction> actions, int attempt, long firstFailureNanos) {
            this.actions = actions;
            this.attempt = attempt;
            this.firstFailureNanos = firstFailureNanos;
        }
    }
}

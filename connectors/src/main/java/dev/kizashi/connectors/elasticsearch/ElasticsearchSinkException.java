package dev.kizashi.connectors.elasticsearch;

/** The sink cannot deliver a document: a non-retryable rejection, or retries gave up. */
public final class ElasticsearchSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ElasticsearchSinkException(String message) {
        super(message);
    }

    public ElasticsearchSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}

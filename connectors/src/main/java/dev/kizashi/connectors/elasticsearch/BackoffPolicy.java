package dev.kizashi.connectors.elasticsearch;

import java.io.Serializable;
import java.time.Duration;

/**
 * Exponential backoff for retried bulk items: {@code initial * 2^attempt}, capped at {@code max}; a
 * batch that keeps failing for longer than {@code giveUpAfter} fails the job.
 *
 * @param initialDelayMs delay before the first retry
 * @param maxDelayMs cap of a single delay
 * @param giveUpAfterMs how long a batch may keep failing before the sink gives up (and the job
 *     fails, so Flink's restart strategy takes over)
 */
public record BackoffPolicy(long initialDelayMs, long maxDelayMs, long giveUpAfterMs)
        implements Serializable {
    public static final BackoffPolicy DEFAULT =
            new BackoffPolicy(
                    100, Duration.ofSeconds(30).toMillis(), Duration.ofMinutes(10).toMillis());

    public BackoffPolicy {
        if (initialDelayMs <= 0 || maxDelayMs < initialDelayMs || giveUpAfterMs <= 0) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < initial <= max and giveUpAfter > 0, got initial="
                            + initialDelayMs
                            + " max="
                            + maxDelayMs
                            + " giveUpAfter="
                            + giveUpAfterMs);
        }
    }

    public static BackoffPolicy of(Duration initial, Duration max, Duration giveUpAfter) {
        return new BackoffPolicy(initial.toMillis(), max.toMillis(), giveUpAfter.toMillis());
    }

    /** Delay before retry number {@code attempt} (0 = the first retry). */
    public long delayMillis(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt < 0");
        }
        // beyond 2^62 the shift overflows; the cap is reached long before
        int shift = Math.min(attempt, 62);
        long factor = 1L << shift;
        if (factor > maxDelayMs / initialDelayMs) {
            return maxDelayMs;
        }
        return Math.min(maxDelayMs, initialDelayMs * factor);
    }
}

package dev.kizashi.jobs;

import dev.kizashi.alert.Alert;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints alerts as they fire, one line each, as a call-center feed for the embedded run (over a
 * file or live from Kafka). After {@code limit} lines it says where the rest are instead of
 * flooding the terminal; with a limit of 0 it prints nothing and only counts. It counts the alerts
 * (not the episode closings) per pattern for the live run's summary.
 */
public final class ConsoleAlertSink implements Sink<Alert> {
    // The embedded run is one JVM: one counter across writers keeps the limit global.
    private static final AtomicLong PRINTED = new AtomicLong();
    private static final Map<String, LongAdder> BY_PATTERN = new ConcurrentHashMap<>();

    private final long limit;
    private final String restAt;

    public ConsoleAlertSink(long limit, String restAt) {
        this.limit = limit;
        this.restAt = restAt;
    }

    public static void reset() {
        PRINTED.set(0);
        BY_PATTERN.clear();
    }

    /**
     * Alerts (ALERT and ESCALATION, not episode closings) written to a console sink of this JVM
     * since the last {@link #reset}, per pattern. Counted as the job emits them: after a restart
     * from a checkpoint, the alerts it emits again are counted again (the topic has them once).
     */
    public static Map<String, Long> alertsByPattern() {
        Map<String, Long> out = new TreeMap<>();
        BY_PATTERN.forEach((p, n) -> out.put(p, n.sum()));
        return out;
    }

    public static String format(Alert a) {
        String reason = a.reasons().isEmpty() ? "" : "  [" + a.reasons().get(0).ja() + "]";
        return String.format(
                Locale.ROOT,
                "%-10s %-8s %-27s %-10s score %.2f  %s  -> %s/%s  %s%s",
                a.kind(),
                a.severity(),
                a.pattern(),
                a.customerId(),
                a.score(),
                Instant.ofEpochMilli(a.eventTime()).toString().substring(0, 10),
                a.channel(),
                a.action(),
                a.detail(),
                reason);
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        PrintStream out = System.out;
        return new SinkWriter<>() {
            @Override
            public void write(Alert alert, Context context) {
                if (alert.kind().isAlert()) {
                    BY_PATTERN
                            .computeIfAbsent(String.valueOf(alert.pattern()), p -> new LongAdder())
                            .increment();
                }
                if (limit <= 0) {
                    return;
                }
                long n = PRINTED.incrementAndGet();
                if (n <= limit) {
                    out.println(format(alert));
                } else if (n == limit + 1) {
                    out.println("  ... more alerts in " + restAt);
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                out.flush();
            }

            @Override
            public void close() {}
        };
    }
}

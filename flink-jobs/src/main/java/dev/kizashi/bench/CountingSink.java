package dev.kizashi.bench;

import dev.kizashi.alert.Alert;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Discards what it receives and counts it in the run's {@link BenchProbe}; alerts also go to the
 * latency measurement. Chained to the detector, so it costs a counter increment, not I/O.
 */
final class CountingSink<T> implements Sink<T> {
    enum Output {
        ALERTS,
        SCORES,
        DEAD_LETTERS,
        LATE_EVENTS,
        DISCARD
    }

    private final Output output;

    CountingSink(Output output) {
        this.output = output;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        BenchProbe probe = BenchProbe.current;
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                switch (output) {
                    case ALERTS -> probe.onAlert((Alert) element, System.nanoTime());
                    case SCORES -> probe.scores.increment();
                    case DEAD_LETTERS -> probe.deadLetters.increment();
                    case LATE_EVENTS -> probe.lateEvents.increment();
                    case DISCARD -> {}
                    default -> throw new IllegalStateException(output.name());
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}

package dev.kizashi.bench;

import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.source.GeneratorLineSource;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.EventCodec;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The generator's JSON lines as a Flink source (parallelism 1, the stream is time-ordered), first
 * as fast as the job takes them, then, once the driver asks, paced at a fixed rate with ingest
 * stamps for latency (see {@link BenchProbe}). Same lines as {@link GeneratorLineSource}; a
 * separate function because the stamps need the event before it is encoded and the pacing needs the
 * due time of every line.
 */
final class BenchSource {
    private BenchSource() {}

    static DataGeneratorSource<SourceLine> create(GeneratorConfig config, long lineCount) {
        return new DataGeneratorSource<>(
                new PacedLines(config), lineCount, TypeInformation.of(SourceLine.class));
    }

    private static final class PacedLines implements GeneratorFunction<Long, SourceLine> {
        private final int customers;
        private final int days;
        private final long seed;
        private final long startMs;

        private transient BenchProbe probe;
        private transient EventCodec codec;
        private transient Iterator<CustomerEvent> events;
        private transient long position;
        private transient boolean paced;
        private transient long pacedFrom;
        private transient long pacedStart;
        private transient double nanosPerLine;
        private transient long measureFrom;

        PacedLines(GeneratorConfig c) {
            customers = c.customers();
            days = c.days();
            seed = c.seed();
            startMs = c.start().toEpochMilli();
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            probe = BenchProbe.current;
            codec = new EventCodec();
            events =
                    new SubscriptionGenerator(
                                    new GeneratorConfig(
                                            customers,
                                            days,
                                            seed,
                                            Instant.ofEpochMilli(startMs),
                                            0.0))
                            .events();
            position = 0;
            paced = false;
        }

        @Override
        public SourceLine map(Long index) throws Exception {
            long n = index;
            if (n == 0) {
                probe.firstEmitNanos = System.nanoTime();
            }
            while (position < n && events.hasNext()) {
                events.next();
                position++;
            }
            if (!events.hasNext()) {
                // A bounded stream shorter than the run: report it and wait to be cancelled.
                probe.exhausted = true;
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(10_000_000L);
                }
                throw new InterruptedException("cancelled");
            }
            CustomerEvent e = events.next();
            position++;
            if (!paced) {
                if (n >= probe.holdAtLine && probe.holdStartNanos == 0) {
                    probe.holdStartNanos = System.nanoTime();
                }
                while (n >= probe.holdAtLine && !probe.switchRequested) {
                    LockSupport.parkNanos(1_000_000L);
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("cancelled");
                    }
                }
                if (probe.switchRequested || e.ts() >= probe.switchAtEventTs) {
                    startPacing(n);
                }
            }
            if (paced) {
                long due = pacedStart + (long) ((n - pacedFrom) * nanosPerLine);
                long now = System.nanoTime();
                if (due - now > 200_000L) {
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
                long stamp = Math.min(due, now);
                if (stamp >= measureFrom) {
                    stamp(e, stamp);
                }
            }
            String text = codec.encode(e);
            probe.emitted = n + 1;
            probe.lastEmitNanos = System.nanoTime();
            return new SourceLine(GeneratorLineSource.ORIGIN, n + 1, text);
        }

        private void startPacing(long n) {
            paced = true;
            pacedFrom = n;
            pacedStart = System.nanoTime();
            nanosPerLine = 1e9 / Math.max(1.0, probe.pacedRate);
            measureFrom = pacedStart + probe.settleNanos;
            probe.pacedFromLine = n;
            probe.pacedStartNanos = pacedStart;
            probe.measureFromNanos = measureFrom;
        }

        /** Only events that can complete an alert on arrival are stamped, to bound the map. */
        private void stamp(CustomerEvent e, long nanos) {
            probe.timeIndex.add(e.ts(), nanos);
            if (e instanceof CustomerEvent.SupportContact
                    || e instanceof CustomerEvent.Feedback
                    || e instanceof CustomerEvent.CycleSkipped
                    || e instanceof CustomerEvent.Unsubscribed) {
                probe.stamps.put(e.eventId(), nanos);
            }
        }
    }
}

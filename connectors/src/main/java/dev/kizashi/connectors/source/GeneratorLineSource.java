package dev.kizashi.connectors.source;

import dev.kizashi.connectors.SourceLine;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.generator.World;
import dev.kizashi.wire.EventCodec;
import java.time.Instant;
import java.util.Iterator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The built-in generator as a Flink source of JSON lines (with the configured share of malformed
 * ones). The stream is one time-ordered sequence, so the source must run with parallelism 1. The
 * generator is deterministic: after a restore, the reader regenerates and skips the lines it had
 * already emitted, so the restored stream is the same stream.
 */
public final class GeneratorLineSource {
    public static final String ORIGIN = "generator";

    private GeneratorLineSource() {}

    /** A bounded source of every line {@code config} generates. */
    public static DataGeneratorSource<SourceLine> create(GeneratorConfig config, long lineCount) {
        return new DataGeneratorSource<>(
                new LineFunction(config), lineCount, TypeInformation.of(SourceLine.class));
    }

    /** How many lines (events plus malformed lines) {@code config} generates. */
    public static long countLines(GeneratorConfig config) {
        EventCodec codec = new EventCodec();
        Iterator<String> it = new SubscriptionGenerator(config).lines(codec::encode);
        long n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return n;
    }

    private static final class LineFunction implements GeneratorFunction<Long, SourceLine> {
        // GeneratorConfig is not Serializable: keep its parts.
        private final int customers;
        private final int days;
        private final long seed;
        private final long startMs;
        private final double badLineRate;
        private final World world;

        private transient Iterator<String> lines;
        private transient long position;

        LineFunction(GeneratorConfig c) {
            customers = c.customers();
            days = c.days();
            seed = c.seed();
            startMs = c.start().toEpochMilli();
            badLineRate = c.badLineRate();
            world = c.world();
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            GeneratorConfig config =
                    new GeneratorConfig(
                            customers,
                            days,
                            seed,
                            Instant.ofEpochMilli(startMs),
                            badLineRate,
                            world);
            EventCodec codec = new EventCodec();
            lines = new SubscriptionGenerator(config).lines(codec::encode);
            position = 0;
        }

        @Override
        public SourceLine map(Long index) {
            while (position < index) {
                lines.next();
                position++;
            }
            position++;
            return new SourceLine(ORIGIN, index + 1, lines.next());
        }
    }
}

package dev.kizashi.connectors;

import dev.kizashi.connectors.importers.CdnowImporter;
import dev.kizashi.connectors.importers.CsvMapping;
import dev.kizashi.connectors.importers.CsvOrderImporter;
import dev.kizashi.connectors.importers.OrderImporter;
import dev.kizashi.wire.DecodeResult;
import dev.kizashi.wire.EventCodec;
import java.util.function.Supplier;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The decoders for each supported input format. A decoder may return {@code null} for a line that
 * carries no record (an order log's header): such a line is skipped, not dead-lettered.
 */
public final class LineDecoders {
    private LineDecoders() {}

    /** JSON lines per the event contract. */
    public static LineDecoder json(int maxLineChars) {
        EventCodec codec = new EventCodec(maxLineChars);
        return line -> codec.decode(line.text(), line.location());
    }

    /** The CDNOW purchase log: {@code customer_id date cds dollars} (or with a sequence column). */
    public static LineDecoder cdnow() {
        return new ImporterDecoder(CdnowImporter::new);
    }

    /**
     * A {@code customer,date[,amount]} CSV export; {@code mappingSpec} as in {@link
     * CsvMapping#parse}.
     */
    public static LineDecoder csv(String mappingSpec) {
        CsvMapping.parse(mappingSpec); // fail on a bad spec now, not inside the job
        return new ImporterDecoder(() -> new CsvOrderImporter(CsvMapping.parse(mappingSpec)));
    }

    /** Builds its importer on first use in the task, since importers need not be serializable. */
    private static final class ImporterDecoder implements LineDecoder {
        private final SerializableSupplier<OrderImporter> factory;
        private transient OrderImporter importer;

        ImporterDecoder(SerializableSupplier<OrderImporter> factory) {
            this.factory = factory;
        }

        @Override
        public DecodeResult decode(SourceLine line) {
            if (importer == null) {
                importer = ((Supplier<OrderImporter>) factory).get();
            }
            return importer.importLine(line.text(), line.lineNo(), line.origin());
        }
    }
}

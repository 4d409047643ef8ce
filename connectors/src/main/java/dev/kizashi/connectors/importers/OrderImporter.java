package dev.kizashi.connectors.importers;

import dev.kizashi.wire.DecodeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Maps one line of an order log onto an {@code order} event. Never throws for bad input: a row that
 * cannot be mapped becomes a dead letter with {@link dev.kizashi.wire.ReasonCode#BAD_ROW}.
 */
public interface OrderImporter {

    /**
     * @param line the raw line (a trailing {@code \r} is tolerated)
     * @param lineNo 1-based line number in its source; part of the deterministic event id
     * @param source where the line came from (e.g. a file name); the dead letter's source is {@code
     *     source:lineNo}
     * @return the event or the dead letter, or {@code null} when the line carries no record (a
     *     recognised header line or a blank line): skip it
     */
    DecodeResult importLine(String line, long lineNo, String source);

    /** Imports every line of a reader, passing non-null results to {@code sink}. */
    default void importAll(BufferedReader reader, String source, Consumer<DecodeResult> sink)
            throws IOException {
        String line;
        long lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            DecodeResult r = importLine(line, lineNo, source);
            if (r != null) {
                sink.accept(r);
            }
        }
    }
}

package dev.kizashi.connectors.file;

import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.wire.DecodeResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a history file into event-time order before a replay. Order logs are often sorted by
 * customer (CDNOW is), which in event time means nearly every record is late. The sorted copy keeps
 * each record's original line number in front of it ({@code lineNo TAB text}), and {@link
 * #originalLines} restores it, so event ids and dead letters still point at the user's file.
 *
 * <p>The whole file is held in memory while sorting (about the file's size twice over).
 */
public final class EventTimeSort {
    private EventTimeSort() {}

    /** Writes {@code input} sorted by event time into {@code output}; undecodable lines first. */
    public static long sort(Path input, String origin, LineDecoder decoder, Path output)
            throws IOException {
        record Keyed(long ts, long lineNo, String text) {}
        List<Keyed> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                DecodeResult d = decoder.decode(new SourceLine(origin, lineNo, line));
                long ts = d != null && d.isOk() ? d.event().ts() : Long.MIN_VALUE;
                rows.add(new Keyed(ts, lineNo, line));
            }
        }
        rows.sort(Comparator.comparingLong(Keyed::ts).thenComparingLong(Keyed::lineNo));
        try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (Keyed k : rows) {
                w.write(Long.toString(k.lineNo()));
                w.write('\t');
                w.write(k.text());
                w.newLine();
            }
        }
        return rows.size();
    }

    /** Wraps {@code inner} to read a sorted copy: strips the line-number prefix and restores it. */
    public static LineDecoder originalLines(LineDecoder inner) {
        return line -> {
            String text = line.text();
            int tab = text.indexOf('\t');
            long lineNo = line.lineNo();
            if (tab > 0) {
                try {
                    lineNo = Long.parseLong(text, 0, tab, 10);
                    text = text.substring(tab + 1);
                } catch (NumberFormatException e) {
                    // not a sorted copy's line: decode as it is
                }
            }
            return inner.decode(new SourceLine(line.origin(), lineNo, text));
        };
    }
}

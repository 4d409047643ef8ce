package dev.kizashi.jobs;

import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.file.EventTimeSort;
import dev.kizashi.connectors.file.NumberedLineFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.connector.file.src.FileSource;

/**
 * A history file ready to replay through the job: its decoder and a file source, sorted by event
 * time first when asked (into {@code workDir}, keeping the original line numbers).
 */
public record FileReplay(FileSource<SourceLine> source, LineDecoder decoder, String origin) {

    public static FileReplay prepare(
            Path events,
            InputFormat format,
            String csvMapping,
            int maxLineChars,
            boolean sortByEventTime,
            Path workDir,
            PrintStream console)
            throws IOException {
        LineDecoder decoder = format.decoder(csvMapping, maxLineChars);
        String origin = events.getFileName().toString();
        Path file = events;
        if (sortByEventTime) {
            Files.createDirectories(workDir);
            file = workDir.resolve("input-sorted-by-event-time.txt");
            long n = EventTimeSort.sort(events, origin, decoder, file);
            console.printf("kizashi: sorted %,d lines by event time into %s%n", n, file);
            decoder = EventTimeSort.originalLines(decoder);
        }
        FileSource<SourceLine> source =
                FileSource.forRecordStreamFormat(
                                new NumberedLineFormat(origin, maxLineChars),
                                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri()))
                        .build();
        return new FileReplay(source, decoder, origin);
    }
}

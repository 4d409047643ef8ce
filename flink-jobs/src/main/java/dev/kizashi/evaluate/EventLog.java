package dev.kizashi.evaluate;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.importers.CsvOrderImporter;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DecodeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A history read into memory and sorted by event time, decoded by the job's own decoders.
 *
 * @param lines lines read
 * @param deadLetters lines that could not become an event
 */
public record EventLog(Path file, List<CustomerEvent> events, long lines, long deadLetters) {

    public LocalDate firstDay() {
        return day(events.get(0).ts());
    }

    public LocalDate lastDay() {
        return day(events.get(events.size() - 1).ts());
    }

    public static LocalDate day(long ts) {
        return LocalDate.ofEpochDay(Math.floorDiv(ts, DAY_MS));
    }

    /** Reads and decodes a whole file and sorts it by event time (file order within a time). */
    public static EventLog read(Path file, InputFormat format, String csvMapping)
            throws IOException {
        var decoder = format.decoder(csvMapping, 64 * 1024);
        String origin = file.getFileName().toString();
        List<CustomerEvent> out = new ArrayList<>();
        long lines = 0;
        long bad = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                DecodeResult d = decoder.decode(new SourceLine(origin, lines, line));
                if (d == null) {
                    continue;
                }
                if (d.isOk()) {
                    out.add(d.event());
                } else {
                    bad++;
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(
                    format == InputFormat.csv
                            ? CsvOrderImporter.explainNoEvents(file, csvMapping)
                            : "no events in " + file);
        }
        out.sort(Comparator.comparingLong(CustomerEvent::ts));
        return new EventLog(file, out, lines, bad);
    }
}

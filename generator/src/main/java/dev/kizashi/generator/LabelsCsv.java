package dev.kizashi.generator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code labels.csv}: one row per customer, header {@code
 * customerId,churned,churnTime,kind,precursors}.
 *
 * <p>{@code churned} is {@code true}/{@code false}; {@code churnTime} ISO-8601 or empty; {@code
 * kind} {@code NONE}/{@code CANCELLED}/{@code SILENT}; {@code precursors} is {@code |}-joined
 * {@code NAME@ISO-time} items (e.g. {@code ENGAGEMENT_DROP@2026-02-01T10:00:00Z|SKIPPED_CYCLE@...})
 * or empty. None of the fields can contain a comma or quote, so no quoting is needed.
 */
public final class LabelsCsv {

    public static final String HEADER = "customerId,churned,churnTime,kind,precursors";

    private LabelsCsv() {}

    public static void write(Path file, Iterable<GroundTruth> labels) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (GroundTruth g : labels) {
                w.write(toRow(g));
                w.write('\n');
            }
        }
    }

    public static String toRow(GroundTruth g) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(g.customerId()).append(',').append(g.churned()).append(',');
        if (g.churnTime() != null) {
            sb.append(g.churnTime());
        }
        sb.append(',').append(g.kind().name()).append(',');
        for (int i = 0; i < g.precursors().size(); i++) {
            PlantedPrecursor p = g.precursors().get(i);
            if (i > 0) {
                sb.append('|');
            }
            sb.append(p.kind().name()).append('@').append(p.time());
        }
        return sb.toString();
    }

    /** Reads a file written by {@link #write}; throws {@link IOException} on a malformed row. */
    public static List<GroundTruth> read(Path file) throws IOException {
        List<GroundTruth> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IOException(
                        file + ": expected header '" + HEADER + "' but got '" + header + "'");
            }
            String line;
            long lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(parseRow(line));
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    public static GroundTruth parseRow(String line) {
        String[] f = line.strip().split(",", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("expected 5 fields, got " + f.length);
        }
        boolean churned = Boolean.parseBoolean(f[1].strip());
        if (!churned && !f[1].strip().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("churned must be true or false: " + f[1]);
        }
        Instant churnTime = f[2].isBlank() ? null : parseInstant(f[2].strip());
        ChurnKind kind =
                f[3].isBlank()
                        ? ChurnKind.NONE
                        : ChurnKind.valueOf(f[3].strip().toUpperCase(Locale.ROOT));
        List<PlantedPrecursor> precursors = new ArrayList<>();
        if (!f[4].isBlank()) {
            for (String item : f[4].strip().split("\\|")) {
                int at = item.indexOf('@');
                if (at < 0) {
                    throw new IllegalArgumentException("precursor without time: " + item);
                }
                precursors.add(
                        new PlantedPrecursor(
                                PrecursorKind.valueOf(item.substring(0, at)),
                                parseInstant(item.substring(at + 1))));
            }
        }
        return new GroundTruth(f[0].strip(), churned, churnTime, kind, precursors);
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad instant: " + s, e);
        }
    }
}

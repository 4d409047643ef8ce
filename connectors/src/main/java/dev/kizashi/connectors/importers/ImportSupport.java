package dev.kizashi.connectors.importers;

import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.DecodeResult;
import dev.kizashi.wire.ReasonCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/** Helpers shared by the importers. */
final class ImportSupport {

    /** Longest original kept in a dead letter. */
    static final int MAX_ORIGINAL = 4096;

    static final int MAX_ID = 128;

    private ImportSupport() {}

    static DecodeResult bad(String line, long lineNo, String source, String message) {
        String original = line == null ? "" : line;
        if (original.length() > MAX_ORIGINAL) {
            original = original.substring(0, MAX_ORIGINAL);
        }
        return DecodeResult.bad(
                new DeadLetter(source + ":" + lineNo, ReasonCode.BAD_ROW, message, original));
    }

    /** Removes a trailing CR (CRLF files read line by line) and a leading byte-order mark. */
    static String clean(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
            end--;
        }
        int start = !line.isEmpty() && line.charAt(0) == '\uFEFF' ? 1 : 0;
        return line.substring(start, Math.max(start, end));
    }

    /**
     * A non-negative finite amount; thousands separators and a leading currency sign are tolerated.
     */
    static double amount(String text) {
        String s = text.strip();
        if (!s.isEmpty() && "$€£¥￥".indexOf(s.charAt(0)) >= 0) {
            s = s.substring(1).strip();
        }
        s = s.replace(",", "").replace("_", "");
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount is not a number: '" + text + "'");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("amount is not finite: '" + text + "'");
        }
        if (v < 0) {
            throw new IllegalArgumentException(
                    "negative amount (a refund is not an order): '" + text + "'");
        }
        return v;
    }

    /** A date parser for a {@code CsvMapping.dateFormat}. */
    static DateParser dateParser(String format) {
        String f = format == null ? "iso" : format.strip();
        switch (f.toLowerCase(Locale.ROOT)) {
            case "iso":
                return ImportSupport::iso;
            case "epoch-ms":
            case "epoch_ms":
            case "epochms":
                return s -> Instant.ofEpochMilli(Long.parseLong(s.strip()));
            case "epoch-s":
            case "epoch_s":
            case "epoch":
                return s -> Instant.ofEpochSecond(Long.parseLong(s.strip()));
            default:
                DateTimeFormatter fmt = pattern(f);
                return s ->
                        toInstant(
                                fmt.parseBest(
                                        s.strip(),
                                        ZonedDateTime::from,
                                        OffsetDateTime::from,
                                        LocalDateTime::from,
                                        LocalDate::from));
        }
    }

    /**
     * A strict formatter for a java.time pattern; {@code y} (year-of-era) becomes {@code u} so that
     * strict resolution works without an era field.
     */
    static DateTimeFormatter pattern(String pattern) {
        String p = pattern;
        if (p.indexOf('G') < 0) {
            StringBuilder sb = new StringBuilder(p.length());
            boolean quoted = false;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                }
                sb.append(!quoted && c == 'y' ? 'u' : c);
            }
            p = sb.toString();
        }
        return DateTimeFormatter.ofPattern(p, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    private static Instant iso(String text) {
        String s = text.strip();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return ZonedDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // fall through
        }
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant toInstant(TemporalAccessor t) {
        if (t instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (t instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (t instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return ((LocalDate) t).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Parses a date field to an instant; zone-less values are UTC, dates are 00:00Z. */
    @FunctionalInterface
    interface DateParser {
        Instant parse(String text);
    }
}

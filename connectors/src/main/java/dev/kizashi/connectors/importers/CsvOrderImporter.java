package dev.kizashi.connectors.importers;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DecodeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A generic {@code customer,date[,amount]} order log (see {@link CsvMapping}). Each row becomes an
 * {@code order}: eventId and orderId {@code <prefix>-<customer>-<lineNo>}, ts from the date column,
 * amount (or {@code null} without an amount column or for an empty cell), the mapping's currency,
 * subscription=false.
 *
 * <p>With {@code header=true} the first non-blank line given to an instance is the header: it is
 * skipped ({@code null}) and resolves the column names. With the default columns ({@code
 * customer=0,date=1,amount=2}, see {@link CsvMapping#defaultColumns()}) the header chooses them:
 * columns named like a customer id, an order date and an amount ({@code customer_id}, {@code
 * order_date}, {@code total}, ...) wherever they are, and no amount when the header names none, so
 * a {@code customer,date} export imports as it is.
 *
 * <p>An instance counts the rows it accepts and rejects and why, to explain a file of which it
 * accepted none ({@link #noEventsMessage}). One instance per file; not thread-safe.
 */
public final class CsvOrderImporter implements OrderImporter {

    private final CsvMapping mapping;
    private final String idPrefix;
    private final ImportSupport.DateParser dates;
    private boolean headerSeen;
    private int customerIdx;
    private int dateIdx;
    private int amountIdx;
    private int quantityIdx;
    private String unresolved;
    private final boolean detect;
    private List<String> headerNames;

    // what happened to the rows, to explain a file of which no row was accepted
    private long accepted;
    private long rejected;
    private final Map<String, Reason> reasons = new LinkedHashMap<>();
    private String firstBadDate;

    /** One reason rows were rejected: how many, and the first of them. */
    private static final class Reason {
        long count;
        final long lineNo;
        final String message;
        final String line;

        Reason(long lineNo, String message, String line) {
            this.lineNo = lineNo;
            this.message = message;
            this.line = line;
        }
    }

    public CsvOrderImporter(CsvMapping mapping) {
        this(mapping, "csv");
    }

    /**
     * @param idPrefix first part of the event ids, to keep imports of different files apart
     */
    public CsvOrderImporter(CsvMapping mapping, String idPrefix) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
        this.dates = ImportSupport.dateParser(mapping.dateFormat());
        this.customerIdx = mapping.customerColumn();
        this.dateIdx = mapping.dateColumn();
        this.amountIdx = mapping.amountColumn();
        this.quantityIdx = mapping.quantityColumn();
        this.detect = mapping.defaultColumns();
        if (mapping.customerName() != null
                || mapping.dateName() != null
                || mapping.amountName() != null
                || mapping.quantityName() != null) {
            unresolved = "the header line has not been seen yet";
        }
    }

    public CsvMapping mapping() {
        return mapping;
    }

    @Override
    public DecodeResult importLine(String line, long lineNo, String source) {
        if (line == null) {
            return ImportSupport.bad(null, lineNo, source, "null line");
        }
        String s = ImportSupport.clean(line);
        if (s.isBlank()) {
            return null;
        }
        if (mapping.header() && !headerSeen) {
            headerSeen = true;
            return readHeader(s, line, lineNo, source);
        }
        if (unresolved != null) {
            String message = "column mapping unresolved: " + unresolved;
            return reject(message, line, lineNo, source, message);
        }
        List<String> f;
        try {
            f = CsvLine.split(s, mapping.delimiter());
        } catch (IllegalArgumentException e) {
            return reject(e.getMessage(), line, lineNo, source, e.getMessage());
        }
        int needed = Math.max(Math.max(customerIdx, dateIdx), Math.max(amountIdx, quantityIdx)) + 1;
        if (f.size() < needed) {
            String message = "expected at least " + needed + " columns, got " + f.size();
            return reject(message, line, lineNo, source, message);
        }
        String customer = f.get(customerIdx).strip();
        if (customer.isEmpty()) {
            return reject("empty customer id", line, lineNo, source, "empty customer id");
        }
        if (customer.length() > ImportSupport.MAX_ID) {
            String message = "customer id longer than 128 characters";
            return reject(message, line, lineNo, source, message);
        }
        String dateText = f.get(dateIdx).strip();
        Instant ts;
        try {
            ts = dates.parse(dateText);
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            if (firstBadDate == null) {
                firstBadDate = dateText;
            }
            String format = "format '" + mapping.dateFormat() + "'";
            return reject(
                    "dates do not match " + format,
                    line,
                    lineNo,
                    source,
                    "date '" + dateText + "' does not match " + format);
        }
        Double amount = null;
        if (amountIdx >= 0 && !f.get(amountIdx).isBlank()) {
            try {
                amount = ImportSupport.amount(f.get(amountIdx));
                if (quantityIdx >= 0) {
                    amount = lineAmount(amount, f.get(quantityIdx));
                }
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                int quote = message.indexOf(": '");
                return reject(
                        quote > 0 ? message.substring(0, quote) : message,
                        line,
                        lineNo,
                        source,
                        message);
            }
        }
        accepted++;
        String id = idPrefix + "-" + customer + "-" + lineNo;
        return DecodeResult.ok(
                new CustomerEvent.Order(
                        id,
                        customer,
                        ts.toEpochMilli(),
                        id,
                        amount,
                        mapping.currency(),
                        false,
                        null));
    }

    /** A line item's amount: the unit price times the quantity (none: a blank quantity). */
    private static Double lineAmount(double unitPrice, String quantityText) {
        if (quantityText.isBlank()) {
            return null;
        }
        double quantity;
        try {
            quantity = Double.parseDouble(quantityText.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "quantity is not a number: '" + quantityText.strip() + "'");
        }
        if (quantity < 0) {
            throw new IllegalArgumentException(
                    "negative quantity (a return is not an order): '" + quantityText.strip() + "'");
        }
        double amount = unitPrice * quantity;
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException(
                    "quantity times unit price is not a finite number: '"
                            + quantityText.strip()
                            + "'");
        }
        return amount;
    }

    /** A rejected row, counted under {@code kind} (its reason without the row's values). */
    private DecodeResult reject(
            String kind, String line, long lineNo, String source, String message) {
        rejected++;
        reasons.computeIfAbsent(kind, k -> new Reason(lineNo, message, line)).count++;
        return ImportSupport.bad(line, lineNo, source, message);
    }

    private DecodeResult readHeader(String s, String line, long lineNo, String source) {
        List<String> names;
        try {
            names = CsvLine.split(s, mapping.delimiter());
        } catch (IllegalArgumentException e) {
            if (unresolved == null) {
                return null; // columns by index: the header is only skipped
            }
            return ImportSupport.bad(line, lineNo, source, "bad header: " + e.getMessage());
        }
        headerNames = names;
        if (detect) {
            CsvColumns.Detected d = CsvColumns.detect(names);
            customerIdx = d.customer();
            dateIdx = d.date();
            amountIdx = d.amount();
            return null;
        }
        if (unresolved == null) {
            return null;
        }
        StringBuilder missing = new StringBuilder();
        customerIdx = resolve(names, mapping.customerName(), mapping.customerColumn(), missing);
        dateIdx = resolve(names, mapping.dateName(), mapping.dateColumn(), missing);
        amountIdx = resolve(names, mapping.amountName(), mapping.amountColumn(), missing);
        quantityIdx = resolve(names, mapping.quantityName(), mapping.quantityColumn(), missing);
        if (missing.length() > 0) {
            unresolved = "header " + names + " has no column " + missing;
            return ImportSupport.bad(line, lineNo, source, unresolved);
        }
        unresolved = null;
        return null;
    }

    /** Rows accepted so far (order events returned). */
    public long acceptedRows() {
        return accepted;
    }

    /** Rows rejected so far (dead letters; a rejected header line is not a row). */
    public long rejectedRows() {
        return rejected;
    }

    /**
     * Why no event came out of {@code file}, on one line: how many rows were rejected, the most
     * common reason with its first row, and a {@code --csv-mapping} for this file's columns. E.g.
     * {@code no events in shop.csv: all 120 rows were rejected, 120 of them for: dates do not match
     * format 'iso' (line 2: date '03/01/2024' does not match format 'iso'); give the columns and
     * the date format with --csv-mapping, e.g. --csv-mapping
     * customer=customer,date=date,amount=none,format=dd/MM/yyyy}.
     */
    public String noEventsMessage(String file) {
        String head = "no events in " + file;
        if (rejected == 0) {
            return head
                    + (headerNames != null
                            ? ": it has a header line and no rows"
                            : ": it has no rows");
        }
        Map.Entry<String, Reason> top = null;
        for (Map.Entry<String, Reason> e : reasons.entrySet()) {
            if (top == null || e.getValue().count > top.getValue().count) {
                top = e;
            }
        }
        String kind = top.getKey();
        Reason first = top.getValue();
        boolean badDates = kind.startsWith("dates do not match");
        return head
                + ": "
                + (accepted == 0 ? "all " : "")
                + String.format(Locale.ROOT, "%,d", rejected)
                + (rejected == 1 ? " row was" : " rows were")
                + " rejected, "
                + String.format(Locale.ROOT, "%,d", first.count)
                + " of them for: "
                + kind
                + " (line "
                + first.lineNo
                + ": "
                + (kind.equals(first.message) ? quoteRow(first.line) : first.message)
                + "); give the columns"
                + (badDates ? " and the date format" : "")
                + " with --csv-mapping, e.g. --csv-mapping "
                + exampleSpec(badDates);
    }

    private static String quoteRow(String line) {
        String s = ImportSupport.clean(line == null ? "" : line);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /**
     * A {@code --csv-mapping} for this file: the header's names for the columns found (the ones in
     * use when none is recognised), {@code amount=none} without an amount, the delimiter when the
     * header splits on another one, and a date format that parses the first rejected date.
     */
    String exampleSpec(boolean withFormat) {
        List<String> parts = new ArrayList<>();
        if (headerNames == null || !mapping.header()) {
            parts.add("customer=" + Math.max(0, customerIdx));
            parts.add("date=" + Math.max(0, dateIdx));
            parts.add("amount=" + (amountIdx >= 0 ? String.valueOf(amountIdx) : "none"));
            parts.add("header=false");
        } else {
            List<String> names = headerNames;
            if (names.size() < 2) {
                for (char c : new char[] {';', '\t', '|', ','}) {
                    if (c != mapping.delimiter() && names.get(0).indexOf(c) >= 0) {
                        try {
                            names = CsvLine.split(names.get(0), c);
                        } catch (IllegalArgumentException e) {
                            continue;
                        }
                        parts.add("delimiter=" + delimiterName(c));
                        break;
                    }
                }
            }
            CsvColumns.Detected d = CsvColumns.detect(names);
            parts.add(0, "amount=" + column(names, d.amount()));
            parts.add(0, "date=" + column(names, d.date()));
            parts.add(0, "customer=" + column(names, d.customer()));
        }
        if (withFormat) {
            parts.add("format=" + guessDateFormat(firstBadDate));
        }
        String spec = String.join(",", parts);
        return spec.contains(" ") || spec.contains("\t") ? "'" + spec + "'" : spec;
    }

    /** The column's header name if a spec can carry it, else its index; {@code none} for -1. */
    private static String column(List<String> names, int index) {
        if (index < 0) {
            return "none";
        }
        if (index >= names.size()) {
            return String.valueOf(index);
        }
        String n = names.get(index).strip();
        boolean usable =
                !n.isEmpty()
                        && n.indexOf(',') < 0
                        && n.indexOf('=') < 0
                        && !n.chars().allMatch(Character::isDigit)
                        && !n.equalsIgnoreCase("none");
        return usable ? n : String.valueOf(index);
    }

    private static String delimiterName(char c) {
        return switch (c) {
            case ';' -> "semicolon";
            case '\t' -> "tab";
            case '|' -> "pipe";
            default -> "comma";
        };
    }

    private static final List<String> DATE_FORMATS =
            List.of(
                    "dd/MM/yyyy",
                    "MM/dd/yyyy",
                    "yyyy/MM/dd",
                    "dd.MM.yyyy",
                    "dd-MM-yyyy",
                    "MM-dd-yyyy",
                    "dd/MM/yyyy HH:mm",
                    "MM/dd/yyyy HH:mm",
                    "dd/MM/yyyy HH:mm:ss",
                    "MM/dd/yyyy HH:mm:ss",
                    "yyyy/MM/dd HH:mm:ss",
                    "dd.MM.yyyy HH:mm",
                    "dd.MM.yyyy HH:mm:ss",
                    "d/M/yyyy",
                    "M/d/yyyy",
                    "d.M.yyyy",
                    "d MMM yyyy",
                    "MMM d, yyyy");

    /** A format that parses {@code sample}, or a common one to adapt if none does. */
    static String guessDateFormat(String sample) {
        String s = sample == null ? "" : sample.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            if (s.length() == 8) {
                return "yyyyMMdd";
            }
            return s.length() >= 12 ? "epoch-ms" : "epoch-s";
        }
        for (String f : DATE_FORMATS) {
            try {
                ImportSupport.dateParser(f).parse(s);
                return f;
            } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
                // try the next
            }
        }
        return "dd/MM/yyyy";
    }

    /**
     * Reads {@code file} as a CSV order export with {@code mappingSpec} (as {@link
     * CsvMapping#parse}) and tells why it gave no event: {@link #noEventsMessage}. For a caller
     * that found no event in a CSV file, to say more than that.
     */
    public static String explainNoEvents(Path file, String mappingSpec) throws IOException {
        CsvOrderImporter importer = new CsvOrderImporter(CsvMapping.parse(mappingSpec));
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            importer.importAll(r, file.getFileName().toString(), result -> {});
        }
        return importer.noEventsMessage(file.toString());
    }

    private static int resolve(
            List<String> header, String name, int fallback, StringBuilder missing) {
        if (name == null) {
            return fallback;
        }
        String want = name.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(want)) {
                return i;
            }
        }
        missing.append(missing.length() > 0 ? ", " : "").append('\'').append(name).append('\'');
        return -1;
    }
}

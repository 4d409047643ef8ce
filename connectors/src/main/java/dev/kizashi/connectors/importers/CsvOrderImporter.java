package dev.kizashi.connectors.importers;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DecodeResult;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A generic {@code customer,date[,amount]} order log (see {@link CsvMapping}). Each row becomes an
 * {@code order}: eventId and orderId {@code <prefix>-<customer>-<lineNo>}, ts from the date column,
 * amount (or {@code null} without an amount column or for an empty cell), the mapping's currency,
 * subscription=false.
 *
 * <p>With {@code header=true} the first non-blank line given to an instance is the header: it is
 * skipped ({@code null}) and resolves the column names. One instance per file; not thread-safe.
 */
public final class CsvOrderImporter implements OrderImporter {

    private final CsvMapping mapping;
    private final String idPrefix;
    private final ImportSupport.DateParser dates;
    private boolean headerSeen;
    private int customerIdx;
    private int dateIdx;
    private int amountIdx;
    private String unresolved;

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
        if (mapping.customerName() != null
                || mapping.dateName() != null
                || mapping.amountName() != null) {
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
            return ImportSupport.bad(
                    line, lineNo, source, "column mapping unresolved: " + unresolved);
        }
        List<String> f;
        try {
            f = CsvLine.split(s, mapping.delimiter());
        } catch (IllegalArgumentException e) {
            return ImportSupport.bad(line, lineNo, source, e.getMessage());
        }
        int needed = Math.max(customerIdx, Math.max(dateIdx, amountIdx)) + 1;
        if (f.size() < needed) {
            return ImportSupport.bad(
                    line,
                    lineNo,
                    source,
                    "expected at least " + needed + " columns, got " + f.size());
        }
        String customer = f.get(customerIdx).strip();
        if (customer.isEmpty()) {
            return ImportSupport.bad(line, lineNo, source, "empty customer id");
        }
        if (customer.length() > ImportSupport.MAX_ID) {
            return ImportSupport.bad(
                    line, lineNo, source, "customer id longer than 128 characters");
        }
        String dateText = f.get(dateIdx).strip();
        Instant ts;
        try {
            ts = dates.parse(dateText);
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            return ImportSupport.bad(
                    line,
                    lineNo,
                    source,
                    "date '" + dateText + "' does not match format '" + mapping.dateFormat() + "'");
        }
        Double amount = null;
        if (amountIdx >= 0 && !f.get(amountIdx).isBlank()) {
            try {
                amount = ImportSupport.amount(f.get(amountIdx));
            } catch (IllegalArgumentException e) {
                return ImportSupport.bad(line, lineNo, source, e.getMessage());
            }
        }
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

    private DecodeResult readHeader(String s, String line, long lineNo, String source) {
        if (unresolved == null) {
            return null;
        }
        List<String> names;
        try {
            names = CsvLine.split(s, mapping.delimiter());
        } catch (IllegalArgumentException e) {
            return ImportSupport.bad(line, lineNo, source, "bad header: " + e.getMessage());
        }
        StringBuilder missing = new StringBuilder();
        customerIdx = resolve(names, mapping.customerName(), mapping.customerColumn(), missing);
        dateIdx = resolve(names, mapping.dateName(), mapping.dateColumn(), missing);
        amountIdx = resolve(names, mapping.amountName(), mapping.amountColumn(), missing);
        if (missing.length() > 0) {
            unresolved = "header " + names + " has no column " + missing;
            return ImportSupport.bad(line, lineNo, source, unresolved);
        }
        unresolved = null;
        return null;
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

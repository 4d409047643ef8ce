package dev.kizashi.connectors.importers;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DecodeResult;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The CDNOW order log: whitespace-separated {@code customer_id date(yyyyMMdd) number_of_cds
 * dollar_value} (CDNOW_master), or the 5-column sample {@code customer_id seq date cds dollar}; the
 * layout is told by the column count of each line. A header line ({@code customer_id date ...}) and
 * blank lines are skipped ({@code null}).
 *
 * <p>Each row becomes an {@code order}: eventId and orderId {@code <prefix>-<customer>-<lineNo>},
 * ts = the date at 00:00Z, amount = dollar value, items = number of CDs, currency USD,
 * subscription=false. The customer id is kept as written (e.g. {@code 00004}). Stateless and
 * thread-safe.
 */
public final class CdnowImporter implements OrderImporter {

    private static final Pattern WS = Pattern.compile("\\s+");
    private static final DateTimeFormatter DATE = ImportSupport.pattern("yyyyMMdd");

    private final String idPrefix;

    public CdnowImporter() {
        this("cdnow");
    }

    /**
     * @param idPrefix first part of the event ids, to keep imports of different files apart
     */
    public CdnowImporter(String idPrefix) {
        this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
    }

    @Override
    public DecodeResult importLine(String line, long lineNo, String source) {
        if (line == null) {
            return ImportSupport.bad(null, lineNo, source, "null line");
        }
        String s = ImportSupport.clean(line).strip();
        if (s.isEmpty()) {
            return null;
        }
        String[] f = WS.split(s);
        if (isHeader(f)) {
            return null;
        }
        int date;
        int cds;
        int dollars;
        if (f.length == 4) {
            date = 1;
            cds = 2;
            dollars = 3;
        } else if (f.length == 5) {
            if (!f[1].chars().allMatch(Character::isDigit)) {
                return ImportSupport.bad(
                        line, lineNo, source, "sequence column is not a number: '" + f[1] + "'");
            }
            date = 2;
            cds = 3;
            dollars = 4;
        } else {
            return ImportSupport.bad(
                    line,
                    lineNo,
                    source,
                    "expected 4 columns (customer_id date cds dollars) or 5 (customer_id seq date cds"
                            + " dollars), got "
                            + f.length);
        }
        String customer = f[0];
        if (customer.length() > ImportSupport.MAX_ID) {
            return ImportSupport.bad(
                    line, lineNo, source, "customer id longer than 128 characters");
        }
        long ts;
        try {
            if (f[date].length() != 8) {
                throw new DateTimeParseException("not 8 digits", f[date], 0);
            }
            ts =
                    LocalDate.parse(f[date], DATE)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()
                            .toEpochMilli();
        } catch (DateTimeParseException e) {
            return ImportSupport.bad(
                    line, lineNo, source, "date is not yyyyMMdd: '" + f[date] + "'");
        }
        int items;
        try {
            items = Integer.parseInt(f[cds]);
        } catch (NumberFormatException e) {
            return ImportSupport.bad(
                    line, lineNo, source, "number of CDs is not an integer: '" + f[cds] + "'");
        }
        if (items < 0) {
            return ImportSupport.bad(line, lineNo, source, "negative number of CDs: " + items);
        }
        double amount;
        try {
            amount = ImportSupport.amount(f[dollars]);
        } catch (IllegalArgumentException e) {
            return ImportSupport.bad(line, lineNo, source, e.getMessage());
        }
        String id = idPrefix + "-" + customer + "-" + lineNo;
        return DecodeResult.ok(
                new CustomerEvent.Order(id, customer, ts, id, amount, "USD", false, items));
    }

    /**
     * {@code customer_id date number_of_cds dollar_value} and the like: no digits, names a
     * customer/id column.
     */
    static boolean isHeader(String[] f) {
        if (f.length < 4 || f.length > 5) {
            return false;
        }
        for (String t : f) {
            for (int i = 0; i < t.length(); i++) {
                if (Character.isDigit(t.charAt(i))) {
                    return false;
                }
            }
        }
        String first = f[0].toLowerCase(Locale.ROOT);
        return first.contains("cust") || first.contains("id");
    }
}

package dev.kizashi.connectors.importers;

import java.util.List;
import java.util.Locale;

/**
 * How a {@code customer,date[,amount]} CSV maps onto {@code order} events. Columns are chosen by
 * 0-based index or, when the file has a header, by name ({@code customerName} etc. win over the
 * index when set; names are matched case-insensitively after trimming).
 *
 * @param delimiter field separator, e.g. {@code ','}, {@code ';'}, {@code '\t'}
 * @param header whether the first line is a header (skipped; required for names)
 * @param customerColumn 0-based index of the customer id
 * @param dateColumn 0-based index of the order date/time
 * @param amountColumn 0-based index of the amount, or -1 for none
 * @param dateFormat a java.time pattern (e.g. {@code yyyy-MM-dd}, {@code dd/MM/yyyy HH:mm}), or
 *     {@code iso} (instant, offset date-time, local date-time or date; local values are UTC), or
 *     {@code epoch-ms} / {@code epoch-s}
 * @param currency currency of the amounts, or {@code null}
 * @param customerName header name of the customer column, or {@code null}
 * @param dateName header name of the date column, or {@code null}
 * @param amountName header name of the amount column, or {@code null}
 * @param quantityColumn 0-based index of a quantity column, or -1 for none: with one, a row's
 *     amount is the amount column (a unit price) times the quantity, as in a line-item export
 * @param quantityName header name of the quantity column, or {@code null}
 */
public record CsvMapping(
        char delimiter,
        boolean header,
        int customerColumn,
        int dateColumn,
        int amountColumn,
        String dateFormat,
        String currency,
        String customerName,
        String dateName,
        String amountName,
        int quantityColumn,
        String quantityName) {

    public CsvMapping {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
        }
        if (customerName == null && customerColumn < 0) {
            throw new IllegalArgumentException("customer column: give an index >= 0 or a name");
        }
        if (dateName == null && dateColumn < 0) {
            throw new IllegalArgumentException("date column: give an index >= 0 or a name");
        }
        if (amountColumn < -1) {
            throw new IllegalArgumentException("amount column: an index >= 0, or -1 for none");
        }
        if (quantityColumn < -1) {
            throw new IllegalArgumentException("quantity column: an index >= 0, or -1 for none");
        }
        if ((quantityColumn >= 0 || quantityName != null)
                && amountColumn < 0
                && amountName == null) {
            throw new IllegalArgumentException(
                    "a quantity column needs an amount column (the unit price) to multiply");
        }
        if (!header
                && (customerName != null
                        || dateName != null
                        || amountName != null
                        || quantityName != null)) {
            throw new IllegalArgumentException(
                    "columns can be chosen by name only when header=true");
        }
        if (dateFormat == null || dateFormat.isBlank()) {
            dateFormat = "iso";
        }
        ImportSupport.dateParser(dateFormat); // fails early on a bad pattern
    }

    /** Columns by index. */
    public CsvMapping(
            char delimiter,
            boolean header,
            int customerColumn,
            int dateColumn,
            int amountColumn,
            String dateFormat,
            String currency) {
        this(
                delimiter,
                header,
                customerColumn,
                dateColumn,
                amountColumn,
                dateFormat,
                currency,
                null,
                null,
                null,
                -1,
                null);
    }

    /** Columns by header name; {@code amount} may be {@code null} for none. */
    public static CsvMapping byName(
            char delimiter,
            String customer,
            String date,
            String amount,
            String dateFormat,
            String currency) {
        return new CsvMapping(
                delimiter,
                true,
                -1,
                -1,
                -1,
                dateFormat,
                currency,
                customer,
                date,
                amount,
                -1,
                null);
    }

    /**
     * {@code customer,date,amount} with a header, ISO dates, no currency. The header chooses the
     * columns (see {@link #defaultColumns()}).
     */
    public static CsvMapping defaults() {
        return new CsvMapping(',', true, 0, 1, 2, "iso", null);
    }

    /**
     * Whether the columns are the defaults ({@code customer=0,date=1,amount=2}, none by name) and
     * the file has a header: then the importer takes the columns from the header's names where it
     * has known ones ({@code customer_id}, {@code user_id}, {@code order_date}, {@code ordered_at},
     * {@code total}, {@code price}, ...), and no amount when it names none, so a {@code
     * customer,date} export needs no mapping. Columns chosen otherwise are used as given.
     */
    public boolean defaultColumns() {
        return header
                && customerColumn == 0
                && dateColumn == 1
                && amountColumn == 2
                && customerName == null
                && dateName == null
                && amountName == null
                && quantityColumn < 0
                && quantityName == null;
    }

    /**
     * Parses a command-line spec: comma-separated {@code key=value} with keys {@code customer},
     * {@code date}, {@code amount} (an index or a header name; {@code amount=none}), {@code
     * quantity} (an index or a header name; the amount is then a unit price), {@code format},
     * {@code currency}, {@code header} (true/false) and {@code delimiter} ({@code comma}, {@code
     * semicolon}, {@code tab}, {@code pipe} or one character). Unset keys come from {@link
     * #defaults()} (whose columns the header chooses, see {@link #defaultColumns()}); naming a
     * column turns the header on. Example: {@code
     * customer=user_id,date=ordered_at,amount=total,format=yyyy/MM/dd,currency=JPY}.
     */
    public static CsvMapping parse(String spec) {
        CsvMapping d = defaults();
        char delimiter = d.delimiter();
        Boolean header = null;
        int[] idx = {d.customerColumn(), d.dateColumn(), d.amountColumn(), -1};
        String[] names = new String[4];
        String format = d.dateFormat();
        String currency = null;
        for (String item : spec.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value: " + item);
            }
            String key = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1).strip();
            switch (key) {
                case "customer", "date", "amount", "quantity" -> {
                    int k = List.of("customer", "date", "amount", "quantity").indexOf(key);
                    if (k >= 2 && (value.equalsIgnoreCase("none") || value.equals("-1"))) {
                        idx[k] = -1;
                        names[k] = null;
                    } else if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
                        idx[k] = Integer.parseInt(value);
                        names[k] = null;
                    } else {
                        names[k] = value;
                        idx[k] = -1;
                    }
                }
                case "format" -> format = value;
                case "currency" -> currency = value.isEmpty() ? null : value;
                case "header" -> header = Boolean.parseBoolean(value);
                case "delimiter" -> delimiter = delimiter(value);
                default -> throw new IllegalArgumentException("unknown key: " + key);
            }
        }
        boolean named =
                names[0] != null || names[1] != null || names[2] != null || names[3] != null;
        boolean h = header != null ? header : d.header();
        if (named && !h) {
            throw new IllegalArgumentException("columns named but header=false");
        }
        return new CsvMapping(
                delimiter,
                h || named,
                idx[0],
                idx[1],
                idx[2],
                format,
                currency,
                names[0],
                names[1],
                names[2],
                idx[3],
                names[3]);
    }

    private static char delimiter(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "comma":
                return ',';
            case "semicolon":
                return ';';
            case "tab":
            case "\\t":
                return '\t';
            case "pipe":
                return '|';
            default:
                if (v.length() != 1) {
                    throw new IllegalArgumentException("delimiter must be one character: " + v);
                }
                return v.charAt(0);
        }
    }
}

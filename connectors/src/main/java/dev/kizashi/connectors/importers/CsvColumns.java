package dev.kizashi.connectors.importers;

import java.util.List;
import java.util.Locale;

/**
 * Finds the customer, date and amount columns of an order export from its header, by the names
 * exports commonly use ({@code customer_id}, {@code user_id}, {@code order_date}, {@code
 * ordered_at}, {@code total}, {@code price}, ...). Names are compared lower-case with everything
 * but letters and digits removed, so {@code Customer ID}, {@code customer_id} and {@code
 * customerId} are one name.
 */
final class CsvColumns {

    /** Customer id names, best first. */
    static final List<String> CUSTOMER =
            List.of(
                    "customer",
                    "customerid",
                    "customerno",
                    "customernumber",
                    "customercode",
                    "custid",
                    "custno",
                    "client",
                    "clientid",
                    "user",
                    "userid",
                    "member",
                    "memberid",
                    "account",
                    "accountid",
                    "buyer",
                    "buyerid",
                    "shopper",
                    "shopperid",
                    "email",
                    "customeremail");

    /** Order date/time names, best first. */
    static final List<String> DATE =
            List.of(
                    "date",
                    "orderdate",
                    "orderedat",
                    "orderdatetime",
                    "ordertime",
                    "ordertimestamp",
                    "purchasedate",
                    "purchasedat",
                    "purchasetime",
                    "transactiondate",
                    "transactiontime",
                    "invoicedate",
                    "saledate",
                    "placedat",
                    "paidat",
                    "paymentdate",
                    "createdat",
                    "created",
                    "createddate",
                    "datetime",
                    "timestamp",
                    "time",
                    "ts",
                    "day");

    /** Amount names, best first (an order total before a unit price). */
    static final List<String> AMOUNT =
            List.of(
                    "amount",
                    "total",
                    "ordertotal",
                    "totalamount",
                    "orderamount",
                    "ordervalue",
                    "grandtotal",
                    "totalprice",
                    "amountpaid",
                    "revenue",
                    "sales",
                    "value",
                    "subtotal",
                    "spend",
                    "spent",
                    "paid",
                    "dollars",
                    "price");

    private CsvColumns() {}

    /**
     * The columns of a header.
     *
     * @param customer 0-based index
     * @param date 0-based index
     * @param amount 0-based index, or -1 for none
     * @param recognised whether the customer or the date column was found by name
     */
    record Detected(int customer, int date, int amount, boolean recognised) {}

    /**
     * Columns by name where the header has them. When neither the customer nor the date column has
     * a known name, the default columns: customer 0, date 1, amount 2 (if the header has a third
     * column). When one of them has, the other takes the first free one of columns 0 and 1, and the
     * amount is only taken by name: a third column of some other name is not an amount.
     */
    static Detected detect(List<String> header) {
        int customer = find(header, CUSTOMER, -1, -1);
        int date = find(header, DATE, customer, -1);
        int amount = find(header, AMOUNT, customer, date);
        boolean recognised = customer >= 0 || date >= 0;
        if (!recognised) {
            return new Detected(0, 1, amount >= 0 ? amount : header.size() > 2 ? 2 : -1, false);
        }
        if (customer < 0) {
            customer = free(date, amount);
        }
        if (date < 0) {
            date = free(customer, amount);
        }
        return new Detected(customer, date, amount, true);
    }

    /** The first of columns 0, 1, 2 taken by neither {@code a} nor {@code b}. */
    private static int free(int a, int b) {
        int i = 0;
        while (i == a || i == b) {
            i++;
        }
        return i;
    }

    /** The header column whose name comes first in {@code names}; -1 if none. */
    private static int find(List<String> header, List<String> names, int skipA, int skipB) {
        int best = -1;
        int rank = Integer.MAX_VALUE;
        for (int i = 0; i < header.size(); i++) {
            if (i == skipA || i == skipB) {
                continue;
            }
            int r = names.indexOf(normalise(header.get(i)));
            if (r >= 0 && r < rank) {
                best = i;
                rank = r;
            }
        }
        return best;
    }

    /** Lower case, letters and digits only. */
    static String normalise(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

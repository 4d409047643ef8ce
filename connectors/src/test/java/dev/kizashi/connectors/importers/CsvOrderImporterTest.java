package dev.kizashi.connectors.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DecodeResult;
import dev.kizashi.wire.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvOrderImporterTest {
    @TempDir Path dir;

    private static CustomerEvent.Order order(DecodeResult r) {
        assertThat(r).isNotNull();
        assertThat(r.deadLetter()).as("dead letter").isNull();
        return (CustomerEvent.Order) r.event();
    }

    private static void assertBad(DecodeResult r, String line, String messagePart) {
        assertThat(r).isNotNull();
        assertThat(r.isOk()).isFalse();
        assertThat(r.deadLetter().reason()).isEqualTo(ReasonCode.BAD_ROW);
        assertThat(r.deadLetter().original()).isEqualTo(line);
        assertThat(r.deadLetter().message()).contains(messagePart);
    }

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void columnsByIndexWithoutHeader() {
        CsvOrderImporter imp =
                new CsvOrderImporter(new CsvMapping(',', false, 1, 0, 2, "yyyy-MM-dd", "JPY"));
        CustomerEvent.Order o = order(imp.importLine("2026-01-05,u-17,3980", 1, "orders.csv"));
        assertThat(o.customerId()).isEqualTo("u-17");
        assertThat(o.ts()).isEqualTo(ms("2026-01-05T00:00:00Z"));
        assertThat(o.amount()).isEqualTo(3980.0);
        assertThat(o.currency()).isEqualTo("JPY");
        assertThat(o.subscription()).isFalse();
        assertThat(o.items()).isNull();
        assertThat(o.eventId()).isEqualTo("csv-u-17-1").isEqualTo(o.orderId());
    }

    @Test
    void aLineItemExportMultipliesTheUnitPriceByTheQuantity() {
        // the shape of the UCI Online Retail log: one row per item of an invoice
        CsvOrderImporter imp =
                new CsvOrderImporter(
                        CsvMapping.parse(
                                "customer=CustomerID,date=InvoiceDate,amount=UnitPrice,"
                                        + "quantity=Quantity,format=M/d/yyyy H:mm,currency=GBP"));
        assertThat(
                        imp.importLine(
                                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
                                        + "CustomerID,Country",
                                1,
                                "retail.csv"))
                .isNull();
        CustomerEvent.Order o =
                order(
                        imp.importLine(
                                "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,UK",
                                2,
                                "retail.csv"));
        assertThat(o.customerId()).isEqualTo("17850");
        assertThat(o.ts()).isEqualTo(ms("2010-12-01T08:26:00Z"));
        assertThat(o.amount()).isCloseTo(6 * 2.55, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(o.currency()).isEqualTo("GBP");
        // a return line (negative quantity) and a bad quantity are dead letters with a reason
        String ret = "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,UK";
        assertBad(imp.importLine(ret, 3, "retail.csv"), ret, "negative quantity");
        String bad = "536366,22633,HAND WARMER,six,12/1/2010 8:28,1.85,17850,UK";
        assertBad(imp.importLine(bad, 4, "retail.csv"), bad, "quantity is not a number");
        // no customer id (a quarter of that log): rejected, not invented
        String anonymous = "536414,22139,RETROSPOT TEA SET,56,12/1/2010 11:52,0,,UK";
        assertBad(imp.importLine(anonymous, 5, "retail.csv"), anonymous, "empty customer id");
    }

    @Test
    void aQuantityWithoutAnAmountOrAHeaderIsAMappingError() {
        assertThatThrownBy(() -> CsvMapping.parse("customer=0,date=1,amount=none,quantity=3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs an amount column");
        assertThat(CsvMapping.parse("customer=0,date=1,amount=2,quantity=3").quantityColumn())
                .isEqualTo(3);
        assertThat(CsvMapping.parse("customer=0,date=1,amount=2").quantityColumn()).isEqualTo(-1);
    }

    @Test
    void columnsByHeaderNameInAnyOrder() {
        CsvOrderImporter imp =
                new CsvOrderImporter(
                        CsvMapping.byName(',', "user_id", "Ordered_At", "total", "iso", "USD"),
                        "shop");
        assertThat(imp.importLine("\uFEFForder_id,total,USER_ID,ordered_at\r", 1, "f")).isNull();
        CustomerEvent.Order o =
                order(imp.importLine("o-1,12.50,alice,2026-02-03T04:05:06Z\r", 2, "f"));
        assertThat(o.customerId()).isEqualTo("alice");
        assertThat(o.amount()).isEqualTo(12.5);
        assertThat(o.ts()).isEqualTo(ms("2026-02-03T04:05:06Z"));
        assertThat(o.eventId()).isEqualTo("shop-alice-2");
    }

    @Test
    void specStringMapping() {
        CsvMapping m =
                CsvMapping.parse(
                        "customer=user_id,date=day,amount=none,format=dd/MM/yyyy,delimiter=semicolon,currency=EUR");
        assertThat(m.header()).isTrue();
        assertThat(m.delimiter()).isEqualTo(';');
        assertThat(m.amountColumn()).isEqualTo(-1);
        CsvOrderImporter imp = new CsvOrderImporter(m);
        assertThat(imp.importLine("day;user_id;amount", 1, "f")).isNull();
        CustomerEvent.Order o = order(imp.importLine("31/12/2025;bob;99", 2, "f"));
        assertThat(o.customerId()).isEqualTo("bob");
        assertThat(o.amount()).isNull();
        assertThat(o.currency()).isEqualTo("EUR");
        assertThat(o.ts()).isEqualTo(ms("2025-12-31T00:00:00Z"));

        CsvMapping byIndex =
                CsvMapping.parse("customer=2,date=0,amount=1,header=false,delimiter=tab");
        assertThat(byIndex.customerColumn()).isEqualTo(2);
        assertThat(
                        order(new CsvOrderImporter(byIndex).importLine("2026-01-01\t5\tc9", 1, "f"))
                                .customerId())
                .isEqualTo("c9");
        assertThatThrownBy(() -> CsvMapping.parse("customer=user_id,header=false"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CsvMapping.parse("colour=red"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingHeaderColumnDeadLettersTheHeaderAndTheRows() {
        CsvOrderImporter imp =
                new CsvOrderImporter(CsvMapping.byName(',', "user_id", "date", null, "iso", null));
        assertBad(imp.importLine("customer,date", 1, "f"), "customer,date", "'user_id'");
        assertBad(imp.importLine("c1,2026-01-01", 2, "f"), "c1,2026-01-01", "unresolved");
    }

    @Test
    void quotedFields() {
        CsvOrderImporter imp =
                new CsvOrderImporter(new CsvMapping(',', true, 0, 1, 2, "iso", "USD"));
        assertThat(imp.importLine("customer,date,amount", 1, "f")).isNull();
        CustomerEvent.Order o =
                order(imp.importLine("\"Doe, John\",\"2026-01-05\",\"1,234.50\"", 2, "f"));
        assertThat(o.customerId()).isEqualTo("Doe, John");
        assertThat(o.amount()).isEqualTo(1234.5);
        o = order(imp.importLine("\"say \"\"hi\"\"\", 2026-01-05 , $7", 3, "f"));
        assertThat(o.customerId()).isEqualTo("say \"hi\"");
        assertThat(o.amount()).isEqualTo(7.0);
        o = order(imp.importLine("\"\"\"quoted\"\"\",2026-01-05,", 4, "f"));
        assertThat(o.customerId()).isEqualTo("\"quoted\"");
        assertThat(o.amount()).isNull();
        String open = "\"Doe, John,2026-01-05,3";
        assertBad(imp.importLine(open, 5, "f"), open, "unterminated");
        String trailing = "\"Doe\"x,2026-01-05,3";
        assertBad(imp.importLine(trailing, 6, "f"), trailing, "after the closing quote");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "iso|2026-03-04T05:06:07Z|2026-03-04T05:06:07Z",
                "iso|2026-03-04T05:06:07.250Z|2026-03-04T05:06:07.250Z",
                "iso|2026-03-04T14:06:07+09:00|2026-03-04T05:06:07Z",
                "iso|2026-03-04|2026-03-04T00:00:00Z",
                "iso|2026-03-04T05:06|2026-03-04T05:06:00Z",
                "iso|2026-03-04 05:06:07|2026-03-04T05:06:07Z",
                "epoch-ms|1772600767000|2026-03-04T05:06:07Z",
                "epoch-s|1772600767|2026-03-04T05:06:07Z",
                "yyyyMMdd|20260304|2026-03-04T00:00:00Z",
                "dd/MM/yyyy|04/03/2026|2026-03-04T00:00:00Z",
                "MM/dd/yyyy HH:mm|03/04/2026 05:06|2026-03-04T05:06:00Z",
                "yyyy-MM-dd'T'HH:mm:ssXXX|2026-03-04T05:06:07-01:00|2026-03-04T06:06:07Z"
            })
    void dateFormats(String format, String text, String expected) {
        CsvOrderImporter imp =
                new CsvOrderImporter(new CsvMapping(',', false, 0, 1, -1, format, null));
        assertThat(order(imp.importLine("c1," + text, 1, "f")).ts()).isEqualTo(ms(expected));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "iso|yesterday",
                "iso|2026-13-01",
                "iso|''",
                "epoch-ms|12.5e",
                "dd/MM/yyyy|31/02/2026",
                "dd/MM/yyyy|2026-02-01",
                "yyyyMMdd|2026030"
            })
    void badDates(String format, String text) {
        CsvOrderImporter imp =
                new CsvOrderImporter(new CsvMapping(',', false, 0, 1, -1, format, null));
        String line = "c1," + text;
        assertBad(imp.importLine(line, 9, "f"), line, "does not match format");
        assertThat(imp.importLine(line, 9, "f").deadLetter().source()).isEqualTo("f:9");
    }

    @Test
    void badRows() {
        CsvOrderImporter imp =
                new CsvOrderImporter(new CsvMapping(',', false, 0, 1, 2, "iso", null));
        assertBad(imp.importLine("c1,2026-01-01", 1, "f"), "c1,2026-01-01", "at least 3 columns");
        assertBad(imp.importLine(" ,2026-01-01,3", 2, "f"), " ,2026-01-01,3", "empty customer");
        assertBad(imp.importLine("c1,2026-01-01,-5", 3, "f"), "c1,2026-01-01,-5", "negative");
        assertBad(imp.importLine("c1,2026-01-01,abc", 4, "f"), "c1,2026-01-01,abc", "not a number");
        String longId = "x".repeat(200) + ",2026-01-01,1";
        assertBad(imp.importLine(longId, 5, "f"), longId, "128");
        assertThat(imp.importLine("", 6, "f")).isNull();
        assertThatThrownBy(() -> new CsvMapping(',', false, 0, 1, -1, "not a pattern {{", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverThrowsOnGarbage() {
        CsvOrderImporter csv = new CsvOrderImporter(CsvMapping.defaults());
        CdnowImporter cdnow = new CdnowImporter();
        Random r = new Random(1);
        String alphabet = "ab,\"; 0123456789-/:TZ.\t\r$";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(40);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String line = sb.toString();
            DecodeResult a = csv.importLine(line, i + 1, "fuzz");
            DecodeResult b = cdnow.importLine(line, i + 1, "fuzz");
            for (DecodeResult x : new DecodeResult[] {a, b}) {
                if (x != null && !x.isOk()) {
                    assertThat(x.deadLetter().reason()).isEqualTo(ReasonCode.BAD_ROW);
                    assertThat(x.deadLetter().original()).isEqualTo(line);
                }
            }
        }
    }

    /** The mapping the commands use when --csv-mapping is not given. */
    private static final String CLI_DEFAULT = "customer=0,date=1,amount=2,header=true,format=iso";

    @Test
    void aCustomerDateExportImportsWithTheDefaultMappingAndNoAmount() {
        CsvMapping m = CsvMapping.parse(CLI_DEFAULT);
        assertThat(m.defaultColumns()).isTrue();
        CsvOrderImporter imp = new CsvOrderImporter(m);
        assertThat(imp.importLine("customer,date", 1, "shop.csv")).isNull();
        CustomerEvent.Order o = order(imp.importLine("c1,2024-01-05", 2, "shop.csv"));
        assertThat(o.customerId()).isEqualTo("c1");
        assertThat(o.ts()).isEqualTo(ms("2024-01-05T00:00:00Z"));
        assertThat(o.amount()).isNull();
        assertThat(imp.acceptedRows()).isEqualTo(1);
        assertThat(imp.rejectedRows()).isZero();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // header | row | customer | date | amount (empty: none)
                "customer,date,amount|c1,2024-01-05,9.5|c1|2024-01-05T00:00:00Z|9.5",
                "customer_id,order_date|c1,2024-01-05|c1|2024-01-05T00:00:00Z|",
                "order_id,Ordered At,User ID,total|o-7,2024-01-05,u2,12|u2|2024-01-05T00:00:00Z|12",
                "date,customerId,price|2024-01-05,c3,4|c3|2024-01-05T00:00:00Z|4",
                "user_id,created_at,channel|u4,2024-01-05,web|u4|2024-01-05T00:00:00Z|",
                "Customer,Date,Unit Price,Total|c5,2024-01-05,2,8|c5|2024-01-05T00:00:00Z|8",
                "email,when,value|a@b.c,2024-01-05,3|a@b.c|2024-01-05T00:00:00Z|3",
                // nothing known: the default columns, as before
                "who,when,how much|c6,2024-01-05,7|c6|2024-01-05T00:00:00Z|7",
                "who,when|c7,2024-01-05|c7|2024-01-05T00:00:00Z|",
            })
    void theDefaultMappingFindsTheColumnsByTheirHeaderNames(
            String header, String row, String customer, String ts, Double amount) {
        CsvOrderImporter imp = new CsvOrderImporter(CsvMapping.parse(CLI_DEFAULT));
        assertThat(imp.importLine(header, 1, "f")).isNull();
        CustomerEvent.Order o = order(imp.importLine(row, 2, "f"));
        assertThat(o.customerId()).isEqualTo(customer);
        assertThat(o.ts()).isEqualTo(ms(ts));
        assertThat(o.amount()).isEqualTo(amount);
    }

    @Test
    void columnsGivenOtherwiseAreUsedAsGiven() {
        assertThat(CsvMapping.parse("customer=1,date=0").defaultColumns()).isFalse();
        assertThat(CsvMapping.parse("amount=none").defaultColumns()).isFalse();
        assertThat(CsvMapping.parse("header=false").defaultColumns()).isFalse();
        assertThat(CsvMapping.parse("customer=user_id,date=day").defaultColumns()).isFalse();
        // currency, format and delimiter leave the columns to the header
        assertThat(CsvMapping.parse("currency=JPY,format=dd/MM/yyyy").defaultColumns()).isTrue();

        CsvOrderImporter imp = new CsvOrderImporter(CsvMapping.parse("customer=1,date=0"));
        assertThat(imp.importLine("customer,date,amount", 1, "f")).isNull();
        CustomerEvent.Order o = order(imp.importLine("2024-01-05,c1,3", 2, "f"));
        assertThat(o.customerId()).isEqualTo("c1");
    }

    private Path write(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void aFileOfWhichEveryRowIsRejectedIsExplainedOnOneLine() throws IOException {
        Path f = write("shop.csv", "customer,date", "c1,03/01/2024", "c2,17/01/2024", "c3,x");
        String m = CsvOrderImporter.explainNoEvents(f, CLI_DEFAULT);
        assertThat(m)
                .doesNotContain("\n")
                .startsWith("no events in " + f + ": all 3 rows were rejected, 3 of them for:")
                .contains("dates do not match format 'iso'")
                .contains("(line 2: date '03/01/2024' does not match format 'iso')")
                .contains("--csv-mapping")
                .endsWith(
                        "--csv-mapping customer=customer,date=date,amount=none,format=dd/MM/yyyy");
    }

    @Test
    void theExplanationNamesTheDelimiterWhenTheHeaderDoesNotSplit() throws IOException {
        Path f =
                write("semi.csv", "user_id;ordered_at;total", "u1;2024-01-05;3", "u2;2024-01-06;4");
        String m = CsvOrderImporter.explainNoEvents(f, CLI_DEFAULT);
        assertThat(m)
                .contains(
                        "all 2 rows were rejected, 2 of them for: expected at least 2 columns, got 1")
                .contains("(line 2: u1;2024-01-05;3)")
                .endsWith(
                        "--csv-mapping"
                                + " customer=user_id,date=ordered_at,amount=total,delimiter=semicolon");
        // and that mapping reads the file
        CsvOrderImporter fixed =
                new CsvOrderImporter(
                        CsvMapping.parse(
                                "customer=user_id,date=ordered_at,amount=total,delimiter=semicolon"));
        assertThat(fixed.importLine("user_id;ordered_at;total", 1, "f")).isNull();
        assertThat(order(fixed.importLine("u1;2024-01-05;3", 2, "f")).amount()).isEqualTo(3.0);
    }

    @Test
    void theExplanationCountsTheMostCommonReason() throws IOException {
        Path f =
                write(
                        "named.csv",
                        "customer,date,total",
                        "c1,2024-01-05,abc",
                        "c2,2024-01-05,-3",
                        "c3,2024-01-05,xyz");
        String m = CsvOrderImporter.explainNoEvents(f, "customer=customer,date=date,amount=total");
        assertThat(m)
                .contains("all 3 rows were rejected, 2 of them for: amount is not a number")
                .contains("(line 2: amount is not a number: 'abc')")
                .endsWith("--csv-mapping customer=customer,date=date,amount=total");
    }

    @Test
    void theExplanationOfAFileWithoutRows() throws IOException {
        assertThat(CsvOrderImporter.explainNoEvents(write("h.csv", "customer,date"), CLI_DEFAULT))
                .endsWith("h.csv: it has a header line and no rows");
        assertThat(CsvOrderImporter.explainNoEvents(write("e.csv"), CLI_DEFAULT))
                .endsWith("e.csv: it has no rows");
    }

    @Test
    void dateFormatGuesses() {
        assertThat(CsvOrderImporter.guessDateFormat("31/01/2024")).isEqualTo("dd/MM/yyyy");
        assertThat(CsvOrderImporter.guessDateFormat("01/31/2024")).isEqualTo("MM/dd/yyyy");
        assertThat(CsvOrderImporter.guessDateFormat("2024/01/31 10:00:00"))
                .isEqualTo("yyyy/MM/dd HH:mm:ss");
        assertThat(CsvOrderImporter.guessDateFormat("20240131")).isEqualTo("yyyyMMdd");
        assertThat(CsvOrderImporter.guessDateFormat("1706659200")).isEqualTo("epoch-s");
        assertThat(CsvOrderImporter.guessDateFormat("1706659200000")).isEqualTo("epoch-ms");
        assertThat(CsvOrderImporter.guessDateFormat("soon")).isEqualTo("dd/MM/yyyy");
    }
}

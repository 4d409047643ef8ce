package dev.kizashi.eval;

import dev.kizashi.score.model.PurchaseHistory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader of the CDNOW master file: whitespace-separated {@code customer_id yyyyMMdd number_of_cds
 * dollar_value}, one order per line, first line a header.
 */
public final class CdnowData {
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private CdnowData() {}

    /** {@code yyyyMMdd} to epoch day, without the cost of a formatter. */
    static long epochDay(String yyyymmdd) {
        if (yyyymmdd.length() != 8) {
            return LocalDate.parse(yyyymmdd, DATE).toEpochDay(); // throws a descriptive error
        }
        int v = Integer.parseInt(yyyymmdd);
        return LocalDate.of(v / 10000, (v / 100) % 100, v % 100).toEpochDay();
    }

    /** All customers, in file order. */
    public static List<PurchaseHistory> read(Path file) throws IOException {
        return read(file, Integer.MAX_VALUE);
    }

    /** The first {@code maxCustomers} customers (in file order). */
    public static List<PurchaseHistory> read(Path file, int maxCustomers) throws IOException {
        Map<String, List<double[]>> orders = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line = in.readLine(); // header
            if (line == null) {
                return List.of();
            }
            while ((line = in.readLine()) != null) {
                String s = line.trim();
                if (s.isEmpty()) {
                    continue;
                }
                String[] f = s.split("\\s+");
                if (f.length < 4) {
                    throw new IOException("bad CDNOW line: " + line);
                }
                List<double[]> list = orders.get(f[0]);
                if (list == null) {
                    if (orders.size() >= maxCustomers) {
                        continue;
                    }
                    list = new ArrayList<>();
                    orders.put(f[0], list);
                }
                list.add(
                        new double[] {
                            epochDay(f[1]), Double.parseDouble(f[3]), Double.parseDouble(f[2])
                        });
            }
        }
        List<PurchaseHistory> out = new ArrayList<>(orders.size());
        for (Map.Entry<String, List<double[]>> e : orders.entrySet()) {
            List<double[]> l = e.getValue();
            int[] days = new int[l.size()];
            double[] spend = new double[l.size()];
            double[] units = new double[l.size()];
            for (int i = 0; i < l.size(); i++) {
                days[i] = (int) l.get(i)[0];
                spend[i] = l.get(i)[1];
                units[i] = l.get(i)[2];
            }
            out.add(PurchaseHistory.of(e.getKey(), days, spend, units));
        }
        return out;
    }
}

package dev.kizashi.connectors.importers;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line (RFC 4180 basics): fields separated by the delimiter; a field may be quoted
 * with {@code "}, inside which the delimiter is literal and {@code ""} is a quote. Whitespace
 * around a quoted field is ignored. A line break inside quotes is not supported (the importers work
 * line by line), so an unterminated quote is an error.
 */
final class CsvLine {

    private CsvLine() {}

    /**
     * @throws IllegalArgumentException on an unterminated quote or text after a closing quote
     */
    static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            // start of a field: skip blanks before a possible opening quote
            int j = i;
            while (j < n && line.charAt(j) == ' ' && delimiter != ' ') {
                j++;
            }
            if (j < n && line.charAt(j) == '"') {
                sb.setLength(0);
                j++;
                while (true) {
                    if (j >= n) {
                        throw new IllegalArgumentException(
                                "unterminated quoted field in column "
                                        + (out.size() + 1)
                                        + " (fields with line breaks are not supported)");
                    }
                    char c = line.charAt(j);
                    if (c == '"') {
                        if (j + 1 < n && line.charAt(j + 1) == '"') {
                            sb.append('"');
                            j += 2;
                        } else {
                            j++;
                            break;
                        }
                    } else {
                        sb.append(c);
                        j++;
                    }
                }
                while (j < n && line.charAt(j) == ' ' && delimiter != ' ') {
                    j++;
                }
                out.add(sb.toString());
                if (j >= n) {
                    return out;
                }
                if (line.charAt(j) != delimiter) {
                    throw new IllegalArgumentException(
                            "unexpected text after the closing quote in column " + out.size());
                }
                i = j + 1;
            } else {
                int d = line.indexOf(delimiter, i);
                if (d < 0) {
                    out.add(line.substring(i));
                    return out;
                }
                out.add(line.substring(i, d));
                i = d + 1;
            }
        }
    }
}

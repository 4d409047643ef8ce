package dev.kizashi.wire;

/**
 * A strict, allocation-free parser of ISO-8601 / RFC 3339 instants, as the input contract allows
 * them in {@code ts}: {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)}. Seconds and a zone are
 * required; {@code T} and {@code Z} may be lower case; a fraction has 1 to 9 digits, of which only
 * the milliseconds are kept (truncated, not rounded); zone offsets go up to ±18:59. The range of
 * the years is not checked here: {@link EventDecoder} does that on the result.
 */
final class IsoInstant {
    static final long INVALID = Long.MIN_VALUE;

    private IsoInstant() {}

    /**
     * Parses {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)} into epoch milliseconds, or returns
     * {@link #INVALID}. {@code T} and {@code Z} may be lower case.
     */
    static long parse(char[] c, int off, int len) {
        // minimum: 2026-11-23T05:30:00Z (20 chars)
        if (len < 20 || len > 35) {
            return INVALID;
        }
        int end = off + len;
        int year = digits(c, off, 4);
        if (year < 0 || c[off + 4] != '-') {
            return INVALID;
        }
        int month = digits(c, off + 5, 2);
        if (month < 1 || month > 12 || c[off + 7] != '-') {
            return INVALID;
        }
        int day = digits(c, off + 8, 2);
        if (day < 1 || day > monthLength(year, month)) {
            return INVALID;
        }
        char t = c[off + 10];
        if (t != 'T' && t != 't') {
            return INVALID;
        }
        int hour = digits(c, off + 11, 2);
        if (hour < 0 || hour > 23 || c[off + 13] != ':') {
            return INVALID;
        }
        int minute = digits(c, off + 14, 2);
        if (minute < 0 || minute > 59 || c[off + 16] != ':') {
            return INVALID;
        }
        int second = digits(c, off + 17, 2);
        if (second < 0 || second > 59) {
            return INVALID;
        }
        int i = off + 19;
        int millis = 0;
        if (c[i] == '.') {
            i++;
            int start = i;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + (c[i] - '0');
                }
                i++;
            }
            int n = i - start;
            if (n == 0 || n > 9) {
                return INVALID;
            }
            for (int k = n; k < 3; k++) {
                millis *= 10;
            }
        }
        if (i >= end) {
            return INVALID;
        }
        int offsetSeconds;
        char z = c[i];
        if (z == 'Z' || z == 'z') {
            offsetSeconds = 0;
            i++;
        } else if (z == '+' || z == '-') {
            if (end - i != 6) {
                return INVALID;
            }
            int oh = digits(c, i + 1, 2);
            int om = digits(c, i + 4, 2);
            if (oh < 0 || oh > 18 || c[i + 3] != ':' || om < 0 || om > 59) {
                return INVALID;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
            i += 6;
        } else {
            return INVALID;
        }
        if (i != end) {
            return INVALID;
        }
        long days = daysFromCivil(year, month, day);
        long seconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000L + millis;
    }

    private static int digits(char[] c, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char ch = c[i];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}

package dev.kizashi.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edge cases of {@link IsoInstant}. {@code EventCodecPropertiesTest} checks random instants and
 * offsets against {@code java.time}; this pins the borders of what is accepted.
 */
class IsoInstantTest {

    /** Parses {@code text} from the middle of a larger buffer, as Jackson hands it over. */
    private static long parse(String text) {
        char[] chars = ("9:" + text + "+0").toCharArray();
        return IsoInstant.parse(chars, 2, text.length());
    }

    private static long utc(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest
    @CsvSource({
        // shortest form, and lower-case T and Z
        "2026-11-23T05:30:00Z, 2026-11-23T05:30:00Z",
        "2026-11-23t05:30:00z, 2026-11-23T05:30:00Z",
        // fractions: 1 to 9 digits, milliseconds kept, the rest truncated (not rounded)
        "2026-11-23T05:30:00.1Z, 2026-11-23T05:30:00.100Z",
        "2026-11-23T05:30:00.12Z, 2026-11-23T05:30:00.120Z",
        "2026-11-23T05:30:00.123Z, 2026-11-23T05:30:00.123Z",
        "2026-11-23T05:30:00.1239Z, 2026-11-23T05:30:00.123Z",
        "2026-11-23T05:30:00.999999999Z, 2026-11-23T05:30:00.999Z",
        // offsets, also across a day and a year
        "2026-11-23T14:30:00+09:00, 2026-11-23T05:30:00Z",
        "2026-11-22T20:00:00-09:30, 2026-11-23T05:30:00Z",
        "2026-01-01T00:30:00+01:00, 2025-12-31T23:30:00Z",
        "2026-11-23T05:30:00-00:00, 2026-11-23T05:30:00Z",
        "2026-11-23T05:30:00+00:00, 2026-11-23T05:30:00Z",
        // the longest accepted text: 35 chars
        "2026-11-23T14:30:00.123456789+09:00, 2026-11-23T05:30:00.123Z",
        // calendar borders
        "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z, 2000-02-29T00:00:00Z",
        "2026-12-31T23:59:59Z, 2026-12-31T23:59:59Z",
        "2026-04-30T00:00:00Z, 2026-04-30T00:00:00Z",
        // the year range (1970 to 2200) is the decoder's check, not the parser's
        "1969-12-31T23:59:59Z, 1969-12-31T23:59:59Z",
        "1969-12-31T23:59:59.1239Z, 1969-12-31T23:59:59.123Z",
        "0000-01-01T00:00:00Z, 0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z",
    })
    void parsesValidInstants(String text, String utc) {
        assertThat(parse(text)).as(text).isEqualTo(utc(utc));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // hours up to 18, minutes up to 59: a little wider than java.time's ±18:00
                "2026-11-23T05:30:00+18:59",
                "2026-11-22T10:31:00-18:59",
            })
    void acceptsOffsetsUpToEighteenFiftyNine(String text) {
        long offsetMillis = (18 * 3600 + 59 * 60) * 1000L;
        long local = utc(text.substring(0, 19) + "Z");
        long expected = text.charAt(19) == '+' ? local - offsetMillis : local + offsetMillis;
        assertThat(parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2026-11-23T05:30:00", // no zone
                "2026-11-23T05:30Z", // no seconds
                "2026-11-23T05:30:00.Z", // a point without digits
                "2026-11-23T05:30:00.1234567890Z", // ten fraction digits
                "2026-11-23T14:30:00.123456789+09:00x", // 36 chars
                "2026-11-23T05:30:00ZZ",
                "2026-11-23T05:30:00 Z",
                "2026-11-23T05:30:00+0900",
                "2026-11-23T05:30:00+09:00:00",
                "2026-11-23T05:30:00+09",
                "2026-11-23T05:30:00+19:00",
                "2026-11-23T05:30:00+09:60",
                "2026-11-23T05:30:00+09-00",
                "2026-11-23T05:30:00UTC",
                "2026-11-23 05:30:00Z",
                "2026/11/23T05:30:00Z",
                "2026-11-23T05-30-00Z",
                "2026-00-23T05:30:00Z",
                "2026-13-23T05:30:00Z",
                "2026-11-00T05:30:00Z",
                "2026-11-32T05:30:00Z",
                "2026-04-31T05:30:00Z",
                "2026-02-29T05:30:00Z",
                "1900-02-29T05:30:00Z",
                "2026-11-23T24:00:00Z",
                "2026-11-23T05:60:00Z",
                "2026-11-23T05:30:60Z", // no leap seconds
                "+2026-11-23T05:30:00Z",
                "-0001-11-23T05:30:00Z",
                "20261-11-23T05:30:00Z",
                "2O26-11-23T05:30:00Z",
                "２０２６-11-23T05:30:00Z",
                "1730451600000Z,,,,,,",
            })
    void rejects(String text) {
        assertThat(parse(text)).as(text).isEqualTo(IsoInstant.INVALID);
    }

    @Test
    void readsOnlyItsWindow() {
        String text = "2026-11-23T05:30:00Z";
        char[] chars = ("7" + text + "Z").toCharArray();
        assertThat(IsoInstant.parse(chars, 1, text.length())).isEqualTo(utc(text));
        assertThat(IsoInstant.parse(chars, 0, text.length() + 1)).isEqualTo(IsoInstant.INVALID);
        assertThat(IsoInstant.parse(chars, 1, text.length() + 1)).isEqualTo(IsoInstant.INVALID);
        assertThat(IsoInstant.parse(chars, 1, text.length() - 1)).isEqualTo(IsoInstant.INVALID);
    }
}

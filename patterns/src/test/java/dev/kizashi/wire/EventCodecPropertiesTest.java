package dev.kizashi.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.EventSamples;
import dev.kizashi.model.CustomerEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class EventCodecPropertiesTest {

    private final EventCodec codec = new EventCodec(4096);

    private static void exactlyOne(DecodeResult r) {
        assertThat(r).isNotNull();
        assertThat(r.event() == null).isNotEqualTo(r.deadLetter() == null);
        if (r.deadLetter() != null) {
            assertThat(r.deadLetter().reason()).isNotNull();
            assertThat(r.deadLetter().message()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void decodeNeverThrowsForArbitraryStrings(@ForAll("lines") String line) {
        exactlyOne(codec.decode(line, "prop"));
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200).injectNull(0.01),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-tfnul \\").ofMaxLength(60),
                Arbitraries.strings().ofMinLength(4090).ofMaxLength(4100).withChars("{\"a:1 "));
    }

    @Property(tries = 500)
    void decodeNeverThrowsForDamagedEvents(
            @ForAll("events") CustomerEvent e,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll char replacement,
            @ForAll boolean truncate) {
        String json = codec.encode(e);
        int at = position % json.length();
        String damaged =
                truncate
                        ? json.substring(0, at)
                        : json.substring(0, at) + replacement + json.substring(at + 1);
        DecodeResult r = codec.decode(damaged, "prop");
        exactlyOne(r);
        if (truncate && at > 0) {
            assertThat(r.deadLetter().reason()).isEqualTo(ReasonCode.MALFORMED_JSON);
        }
    }

    @Property(tries = 1000)
    void encodeThenDecodeIsIdentity(@ForAll("events") CustomerEvent e) {
        DecodeResult r = new EventCodec().decode(codec.encode(e), "prop");
        assertThat(r.deadLetter()).isNull();
        assertThat(r.event()).isEqualTo(e);
    }

    @Provide
    Arbitrary<CustomerEvent> events() {
        return EventSamples.events();
    }

    @Property(tries = 500)
    void isoTimestampsAgreeWithJavaTime(
            @ForAll @LongRange(min = 0, max = EventCodec.MAX_TS) long millis,
            @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes,
            @ForAll @IntRange(min = 0, max = 3) int fractionStyle) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        OffsetDateTime t = Instant.ofEpochMilli(millis).atOffset(offset);
        String pattern =
                switch (fractionStyle) {
                    case 0 -> "uuuu-MM-dd'T'HH:mm:ssxxx";
                    case 1 -> "uuuu-MM-dd'T'HH:mm:ss.SSSxxx";
                    case 2 -> "uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx";
                    default -> "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX";
                };
        String text = DateTimeFormatter.ofPattern(pattern).format(t);
        long expected =
                fractionStyle == 0
                        ? Math.floorDiv(millis, 1000) * 1000
                        : Instant.parse(text).toEpochMilli();
        char[] chars = ("x" + text + "y").toCharArray();
        assertThat(IsoInstant.parse(chars, 1, text.length())).as(text).isEqualTo(expected);
    }
}

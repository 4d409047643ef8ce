package dev.kizashi.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.EventSamples;
import dev.kizashi.model.CustomerEvent;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoding rules of {@link EventDecoder}, through {@link EventCodec#decode}: what is accepted,
 * which {@link ReasonCode} each kind of bad line gets, and which problem wins when there are
 * several.
 */
class EventDecoderTest {

    private static final String SRC = "test.jsonl:1";
    private final EventCodec codec = new EventCodec();

    private static final String GOOD_HEAD =
            "\"eventId\":\"e-1\",\"customerId\":\"c-42\",\"ts\":\"2026-11-23T05:30:00Z\"";

    @Test
    void acceptsOffsetsFractionsAndIntegralNumbers() {
        assertThat(ts("\"2026-11-23T14:30:00+09:00\"")).isEqualTo(EventSamples.TS);
        assertThat(ts("\"2026-11-22T20:30:00-09:00\"")).isEqualTo(EventSamples.TS);
        assertThat(ts("\"2026-11-23T05:30:00.123456Z\"")).isEqualTo(EventSamples.TS + 123);
        assertThat(ts("\"2026-11-23t05:30:00.5z\"")).isEqualTo(EventSamples.TS + 500);
        assertThat(ts("\"1970-01-01T00:00:00Z\"")).isZero();
        assertThat(ts("\"2200-12-31T23:59:59.999Z\"")).isEqualTo(EventCodec.MAX_TS);
        assertThat(ts("\"2024-02-29T00:00:00Z\"")).isEqualTo(1_709_164_800_000L);
        assertThat(ts("1795411800000")).isEqualTo(EventSamples.TS);
        assertThat(ts("1.7954118E12")).isEqualTo(EventSamples.TS);
    }

    private long ts(String tsJson) {
        DecodeResult r =
                codec.decode(
                        "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":"
                                + tsJson
                                + "}",
                        SRC);
        assertThat(r.deadLetter()).isNull();
        return r.event().ts();
    }

    @Test
    void acceptsAnyFieldOrderNullsUnknownKeysAndByteOrderMark() {
        String line =
                "\uFEFF { \"attrs\":{\"score\":10,\"x\":[1,{\"y\":null}],\"text\":null},"
                        + " \"extra\":{\"a\":[]}, \"type\":\"feedback\", \"ts\":0,"
                        + " \"customerId\":\"c\", \"eventId\":\"e\" } \r\n";
        assertThat(codec.decode(line, SRC).event())
                .isEqualTo(new CustomerEvent.Feedback("e", "c", 0L, 10, null));
        assertThat(
                        codec.decode("{" + GOOD_HEAD + ",\"type\":\"login\",\"attrs\":null}", SRC)
                                .event())
                .isEqualTo(new CustomerEvent.Login("e-1", "c-42", EventSamples.TS, null));
        assertThat(
                        codec.decode(
                                        "{"
                                                + GOOD_HEAD
                                                + ",\"type\":\"subscription_started\","
                                                + "\"attrs\":{\"cycleDays\":30.0}}",
                                        SRC)
                                .event())
                .isEqualTo(
                        new CustomerEvent.SubscriptionStarted(
                                "e-1", "c-42", EventSamples.TS, null, 30, null));
    }

    static Stream<Arguments> badLines() {
        String id129 = "x".repeat(129);
        return Stream.of(
                // syntax
                bad("{\"eventId\":\"e-1\",\"customerId\":\"c-4", ReasonCode.MALFORMED_JSON),
                bad("{\"eventId\":\"e-1\",", ReasonCode.MALFORMED_JSON),
                bad("{" + GOOD_HEAD + ",\"type\":\"login\"", ReasonCode.MALFORMED_JSON),
                bad("{" + GOOD_HEAD + ",\"type\":\"login\"} x", ReasonCode.MALFORMED_JSON),
                bad("{" + GOOD_HEAD + ",\"type\":\"login\"}{}", ReasonCode.MALFORMED_JSON),
                bad("{" + GOOD_HEAD + ",\"type\":\"login\"} 1", ReasonCode.MALFORMED_JSON),
                bad("{'eventId':'e-1'}", ReasonCode.MALFORMED_JSON),
                bad("not json at all", ReasonCode.MALFORMED_JSON),
                bad("\u0000\u0001\u00ff\ufffd", ReasonCode.MALFORMED_JSON),
                bad("[1,2", ReasonCode.MALFORMED_JSON),
                bad("[1,2] [", ReasonCode.MALFORMED_JSON),
                // a missing customerId does not hide a syntax error later on
                bad("{\"eventId\":\"e-1\",\"type\":\"login\",\"ts\":0,", ReasonCode.MALFORMED_JSON),
                // not an object
                bad("[1,2,3]", ReasonCode.NOT_AN_OBJECT),
                bad("\"a string\"", ReasonCode.NOT_AN_OBJECT),
                bad("42", ReasonCode.NOT_AN_OBJECT),
                bad("null", ReasonCode.NOT_AN_OBJECT),
                // required fields
                bad("{\"eventId\":\"e-1\",\"type\":\"login\",\"ts\":0}", ReasonCode.MISSING_FIELD),
                bad("{\"customerId\":\"c\",\"type\":\"login\",\"ts\":0}", ReasonCode.MISSING_FIELD),
                bad("{\"eventId\":\"e\",\"customerId\":\"c\",\"ts\":0}", ReasonCode.MISSING_FIELD),
                bad(
                        "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\"}",
                        ReasonCode.MISSING_FIELD),
                bad("{}", ReasonCode.MISSING_FIELD),
                bad(
                        "{\"eventId\":\"e\",\"customerId\":\"\",\"type\":\"login\",\"ts\":0}",
                        ReasonCode.INVALID_FIELD),
                bad(
                        "{\"eventId\":\""
                                + id129
                                + "\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":0}",
                        ReasonCode.INVALID_FIELD),
                bad(
                        "{\"eventId\":\"e\",\"customerId\":\""
                                + id129
                                + "\",\"type\":\"login\",\"ts\":0}",
                        ReasonCode.INVALID_FIELD),
                bad(
                        "{\"eventId\":\"e\",\"customerId\":42,\"type\":\"login\",\"ts\":0}",
                        ReasonCode.INVALID_FIELD),
                bad(
                        "{\"eventId\":null,\"customerId\":\"c\",\"type\":\"login\",\"ts\":0}",
                        ReasonCode.INVALID_FIELD),
                bad(
                        "{\"eventId\":\"e\",\"eventId\":\"f\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":0}",
                        ReasonCode.INVALID_FIELD),
                bad(
                        "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":[\"login\"],\"ts\":0}",
                        ReasonCode.INVALID_FIELD),
                // type
                bad(
                        "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"purchase\",\"ts\":0}",
                        ReasonCode.UNKNOWN_TYPE),
                bad(
                        "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"LOGIN\",\"ts\":0}",
                        ReasonCode.UNKNOWN_TYPE),
                // ts
                badTs("\"garbage\""),
                badTs("\"\""),
                badTs("-1"),
                badTs("\"3000-01-01T00:00:00Z\""),
                badTs("32503680000000"), // 3000-01-01 in epoch millis
                badTs("1730451600000.5"),
                badTs("1e400"),
                badTs("123456789012345678901234567890"),
                badTs("\"2026-11-23T05:30:00\""), // no zone
                badTs("\"2026-11-23 05:30:00Z\""),
                badTs("\"2026-02-30T05:30:00Z\""),
                badTs("\"2026-11-23T24:00:00Z\""),
                badTs("\"2026-11-23T05:30Z\""),
                badTs("\"2026-11-23T05:30:00+0900\""),
                badTs("\"1969-12-31T23:59:59Z\""),
                badTs("\"1730451600000\""),
                badTs("true"),
                badTs("null"),
                badTs("{}"),
                // attrs
                badAttrs("order", "{\"amount\":\"3980\"}", "amount"),
                badAttrs("order", "{\"amount\":-1}", "amount"),
                badAttrs("order", "{\"amount\":1e400}", "amount"),
                badAttrs("order", "{\"subscription\":\"yes\"}", "subscription"),
                badAttrs("order", "{\"items\":2.5}", "items"),
                badAttrs("order", "{\"items\":3000000000}", "items"),
                badAttrs("order", "{\"orderId\":9}", "orderId"),
                badAttrs("order", "{\"currency\":{}}", "currency"),
                badAttrs("order", "{\"amount\":1,\"amount\":2}", "amount"),
                badAttrs("subscription_started", "{\"cycleDays\":1.5}", "cycleDays"),
                badAttrs("subscription_started", "{\"cycleDays\":0}", "cycleDays"),
                badAttrs("subscription_started", "{\"price\":[1]}", "price"),
                badAttrs("support_contact", "{\"category\":\"unknown\"}", "category"),
                badAttrs("support_contact", "{\"sentiment\":\"angry\"}", "sentiment"),
                badAttrs("support_contact", "{\"channel\":1}", "channel"),
                badAttrs("plan_changed", "{\"direction\":\"sideways\"}", "direction"),
                badAttrs("subscription_cancelled", "{\"reason\":\"PRICE\"}", "reason"),
                badAttrs("feedback", "{\"score\":11}", "score"),
                badAttrs("feedback", "{\"score\":-1}", "score"),
                badAttrs("feedback", "{\"text\":false}", "text"),
                badAttrs("login", "[\"channel\",\"web\"]", "attrs"),
                badAttrs("login", "\"web\"", "attrs"),
                // attrs before type are checked too
                bad(
                        "{\"attrs\":{\"score\":11},\"eventId\":\"e\",\"customerId\":\"c\","
                                + "\"type\":\"feedback\",\"ts\":0}",
                        ReasonCode.BAD_ATTRIBUTE),
                // blank
                bad("", ReasonCode.EMPTY_LINE),
                bad("   \t  ", ReasonCode.EMPTY_LINE),
                bad("\r\n", ReasonCode.EMPTY_LINE),
                bad("\uFEFF", ReasonCode.EMPTY_LINE));
    }

    private static Arguments bad(String line, ReasonCode reason) {
        return Arguments.of(line, reason, null);
    }

    private static Arguments badTs(String tsJson) {
        return Arguments.of(
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":" + tsJson + "}",
                ReasonCode.BAD_TIMESTAMP,
                "ts");
    }

    private static Arguments badAttrs(String type, String attrsJson, String field) {
        return Arguments.of(
                "{" + GOOD_HEAD + ",\"type\":\"" + type + "\",\"attrs\":" + attrsJson + "}",
                ReasonCode.BAD_ATTRIBUTE,
                field);
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void badInputBecomesADeadLetter(String line, ReasonCode reason, String field) {
        DecodeResult r = codec.decode(line, SRC);
        assertThat(r.event()).isNull();
        assertThat(r.isOk()).isFalse();
        DeadLetter d = r.deadLetter();
        assertThat(d).isNotNull();
        assertThat(d.reason()).as(d.message()).isEqualTo(reason);
        assertThat(d.message()).isNotBlank();
        assertThat(d.source()).isEqualTo(SRC);
        assertThat(d.original()).isEqualTo(line);
        if (field != null) {
            assertThat(d.message()).contains(field);
        }
    }

    @Test
    void missingFieldMessagesNameTheField() {
        DeadLetter d =
                codec.decode("{\"eventId\":\"e-1\",\"type\":\"login\",\"ts\":0}", SRC).deadLetter();
        assertThat(d.message()).isEqualTo("customerId is missing");
    }

    @Test
    void reportsTheFirstProblemInContractOrder() {
        DeadLetter d =
                codec.decode(
                                "{\"attrs\":[],\"ts\":\"x\",\"type\":\"nope\",\"customerId\":\"\"}",
                                SRC)
                        .deadLetter();
        assertThat(d.reason()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(d.message()).contains("eventId");
        d =
                codec.decode("{\"eventId\":\"e\",\"attrs\":[],\"ts\":\"x\",\"type\":\"nope\"}", SRC)
                        .deadLetter();
        assertThat(d.reason()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(d.message()).contains("customerId");
        d =
                codec.decode(
                                "{\"eventId\":\"e\",\"customerId\":\"c\",\"attrs\":[],\"ts\":\"x\","
                                        + "\"type\":\"nope\"}",
                                SRC)
                        .deadLetter();
        assertThat(d.reason()).isEqualTo(ReasonCode.UNKNOWN_TYPE);
        d =
                codec.decode(
                                "{\"eventId\":\"e\",\"customerId\":\"c\",\"attrs\":[],\"ts\":\"x\","
                                        + "\"type\":\"login\"}",
                                SRC)
                        .deadLetter();
        assertThat(d.reason()).isEqualTo(ReasonCode.BAD_TIMESTAMP);
    }

    @Test
    void idsAreCountedInCodePoints() {
        String emoji128 = "😀".repeat(128); // 256 chars, 128 code points
        String line =
                "{\"eventId\":\""
                        + emoji128
                        + "\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":0}";
        assertThat(codec.decode(line, SRC).event().eventId()).isEqualTo(emoji128);
        String emoji129 = "😀".repeat(129);
        line =
                "{\"eventId\":\""
                        + emoji129
                        + "\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":0}";
        assertThat(codec.decode(line, SRC).deadLetter().reason())
                .isEqualTo(ReasonCode.INVALID_FIELD);
    }

    @Test
    void oversizedLineIsCutBeforeParsing() {
        String line = "{\"eventId\":\"" + "x".repeat(70_000) + "\"}";
        DeadLetter d = new EventCodec().decode(line, SRC).deadLetter();
        assertThat(d.reason()).isEqualTo(ReasonCode.OVERSIZED);
        assertThat(d.original()).isEqualTo(line.substring(0, 1024));
        assertThat(d.message()).contains(String.valueOf(line.length())).contains("65536");

        EventCodec small = new EventCodec(100);
        String ok = "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":0}";
        assertThat(small.decode(ok, SRC).isOk()).isTrue();
        String big = "{\"eventId\":\"e\",\"customerId\":\"" + "c".repeat(100) + "\"";
        d = small.decode(big, SRC).deadLetter();
        assertThat(d.reason()).isEqualTo(ReasonCode.OVERSIZED);
        assertThat(d.original()).isEqualTo(big.substring(0, 100));
    }

    @Test
    void nullLineIsEmpty() {
        DeadLetter d = codec.decode(null, SRC).deadLetter();
        assertThat(d.reason()).isEqualTo(ReasonCode.EMPTY_LINE);
        assertThat(d.original()).isEmpty();
    }

    @Test
    void deeplyNestedInputDoesNotThrow() {
        String deep = "{\"eventId\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        DecodeResult r = codec.decode(deep, SRC);
        assertThat(r.deadLetter()).isNotNull();
        assertThat(r.deadLetter().reason()).isEqualTo(ReasonCode.MALFORMED_JSON);
    }
}

package dev.kizashi.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.EventSamples;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.SupportCategory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EventCodec} as a whole: encoding, round trips, the contract's examples, dead-letter lines
 * and the codec's own configuration. The decoding rules in detail are in {@link EventDecoderTest}.
 */
class EventCodecTest {

    private static final String SRC = "test.jsonl:1";
    private final EventCodec codec = new EventCodec();

    static Stream<CustomerEvent> fullEvents() {
        return EventSamples.full().stream();
    }

    static Stream<CustomerEvent> bareEvents() {
        return EventSamples.bare().stream();
    }

    @ParameterizedTest
    @MethodSource("fullEvents")
    void roundTripsEveryTypeWithAllAttributes(CustomerEvent e) {
        String json = codec.encode(e);
        DecodeResult r = codec.decode(json, SRC);
        assertThat(r.deadLetter()).isNull();
        assertThat(r.event()).isEqualTo(e);
        if (!(e instanceof CustomerEvent.PaymentRecovered)) {
            assertThat(json).contains("\"attrs\":{");
        }
    }

    @ParameterizedTest
    @MethodSource("bareEvents")
    void roundTripsEveryTypeWithoutAttributes(CustomerEvent e) {
        String json = codec.encode(e);
        assertThat(json).doesNotContain("attrs");
        assertThat(codec.decode(json, SRC).event()).isEqualTo(e);
    }

    @Test
    void encodesTheContractShape() {
        var e =
                new CustomerEvent.Order(
                        "e-1", "c-42", EventSamples.TS, "o-9", 3980.0, "JPY", true, null);
        assertThat(codec.encode(e))
                .isEqualTo(
                        "{\"eventId\":\"e-1\",\"customerId\":\"c-42\",\"type\":\"order\","
                                + "\"ts\":\"2026-11-23T05:30:00Z\",\"attrs\":{\"orderId\":\"o-9\","
                                + "\"amount\":3980.0,\"currency\":\"JPY\",\"subscription\":true}}");
    }

    @Test
    void decodesTheContractExamples() {
        var order =
                codec.decode(
                        "{\"eventId\":\"e-1\",\"customerId\":\"c-42\",\"type\":\"order\","
                                + "\"ts\":\"2026-10-01T09:00:00Z\",\"attrs\":{\"orderId\":\"o-9\","
                                + "\"amount\":3980,\"currency\":\"JPY\",\"subscription\":true}}",
                        SRC);
        assertThat(order.event())
                .isEqualTo(
                        new CustomerEvent.Order(
                                "e-1",
                                "c-42",
                                1_790_845_200_000L,
                                "o-9",
                                3980.0,
                                "JPY",
                                true,
                                null));
        var support =
                codec.decode(
                        "{\"eventId\":\"e-2\",\"customerId\":\"c-42\",\"type\":\"support_contact\","
                                + "\"ts\":1730451600000,\"attrs\":{\"category\":\"cancel_request\","
                                + "\"sentiment\":\"negative\"}}",
                        SRC);
        assertThat(support.event())
                .isEqualTo(
                        new CustomerEvent.SupportContact(
                                "e-2",
                                "c-42",
                                1_730_451_600_000L,
                                null,
                                SupportCategory.CANCEL_REQUEST,
                                dev.kizashi.model.Sentiment.NEGATIVE));
    }

    @Test
    void encodesDeadLetters() {
        DeadLetter d =
                new DeadLetter("f.jsonl:3", ReasonCode.MALFORMED_JSON, "bad \"json\"", "{\"a\":");
        assertThat(EventCodec.encodeDeadLetter(d))
                .isEqualTo(
                        "{\"source\":\"f.jsonl:3\",\"reason\":\"MALFORMED_JSON\","
                                + "\"message\":\"bad \\\"json\\\"\",\"original\":\"{\\\"a\\\":\"}");
        assertThat(EventCodec.encodeDeadLetter(codec.decode("[]", null).deadLetter()))
                .startsWith("{\"source\":null,\"reason\":\"NOT_AN_OBJECT\"");
    }

    @Test
    void isSerializable() throws Exception {
        EventCodec original = new EventCodec(1234);
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        EventCodec copy;
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (EventCodec) in.readObject();
        }
        assertThat(copy.maxLineChars()).isEqualTo(1234);
        CustomerEvent e = EventSamples.full().get(1);
        assertThat(copy.decode(copy.encode(e), SRC).event()).isEqualTo(e);
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThatThrownBy(() -> new EventCodec(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.kizashi.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.kizashi.EventSamples;
import dev.kizashi.model.CustomerEvent;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerEventSchemaTest {

    private static JsonSchema schema;
    private static final EventCodec CODEC = new EventCodec();

    @BeforeAll
    static void loadSchema() throws Exception {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        try (InputStream in =
                CustomerEventSchemaTest.class.getResourceAsStream(
                        "/schema/customer-event.schema.json")) {
            assertThat(in).as("schema on the classpath").isNotNull();
            schema = factory.getSchema(new ObjectMapper().readTree(in));
        }
    }

    private static Set<ValidationMessage> validate(String json) {
        return schema.validate(json, InputFormat.JSON);
    }

    static Stream<CustomerEvent> allEvents() {
        List<CustomerEvent> all = new ArrayList<>(EventSamples.full());
        all.addAll(EventSamples.bare());
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("allEvents")
    void acceptsWhatTheCodecEncodes(CustomerEvent e) {
        assertThat(validate(CODEC.encode(e))).isEmpty();
    }

    @Test
    void declaresDraft202012() throws Exception {
        try (InputStream in =
                getClass().getResourceAsStream("/schema/customer-event.schema.json")) {
            assertThat(new ObjectMapper().readTree(in).get("$schema").asText())
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"eventId\":\"e-2\",\"customerId\":\"c-42\",\"type\":\"support_contact\","
                        + "\"ts\":1730451600000,\"attrs\":{\"category\":\"cancel_request\","
                        + "\"sentiment\":\"negative\"}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\","
                        + "\"ts\":\"2026-11-23T14:30:00.5+09:00\",\"attrs\":{\"x\":1}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"order\",\"ts\":0,"
                        + "\"attrs\":{\"amount\":null,\"items\":2,\"other\":\"kept\"}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"subscription_started\","
                        + "\"ts\":1.7954118E12,\"attrs\":{\"cycleDays\":30.0,\"price\":0}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":0,\"attrs\":null}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"retention_action\",\"ts\":0,"
                        + "\"attrs\":{\"episodeId\":\"ep-1\",\"channel\":\"call_center\","
                        + "\"action\":\"call\",\"outcome\":\"accepted_offer\",\"cost\":800}}",
            })
    void acceptsValidEventsTheCodecAccepts(String json) {
        assertThat(validate(json)).isEmpty();
        assertThat(CODEC.decode(json, "t").isOk()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // missing customerId
                "{\"eventId\":\"e\",\"type\":\"login\",\"ts\":0}",
                // empty id
                "{\"eventId\":\"\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":0}",
                // unknown type
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"purchase\",\"ts\":0}",
                // bad timestamps
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":\"yesterday\"}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":-1}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":1.5}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\","
                        + "\"ts\":\"3000-01-01T00:00:00Z\"}",
                // attrs
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"login\",\"ts\":0,\"attrs\":[]}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"order\",\"ts\":0,"
                        + "\"attrs\":{\"amount\":\"3980\"}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"order\",\"ts\":0,"
                        + "\"attrs\":{\"subscription\":\"yes\"}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"subscription_started\","
                        + "\"ts\":0,\"attrs\":{\"cycleDays\":1.5}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"support_contact\",\"ts\":0,"
                        + "\"attrs\":{\"category\":\"unknown\"}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"feedback\",\"ts\":0,"
                        + "\"attrs\":{\"score\":11}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"subscription_cancelled\","
                        + "\"ts\":0,\"attrs\":{\"reason\":\"bored\"}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"retention_action\","
                        + "\"ts\":0,\"attrs\":{\"channel\":\"fax\"}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"retention_action\","
                        + "\"ts\":0,\"attrs\":{\"outcome\":\"maybe\"}}",
                "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"retention_action\","
                        + "\"ts\":0,\"attrs\":{\"cost\":-5}}",
                // not an object
                "[1,2,3]",
            })
    void rejectsInvalidEventsAsTheCodecDoes(String json) {
        assertThat(validate(json)).isNotEmpty();
        assertThat(CODEC.decode(json, "t").isOk()).isFalse();
    }
}

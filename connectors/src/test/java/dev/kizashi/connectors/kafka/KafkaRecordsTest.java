package dev.kizashi.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.elasticsearch.EsTestData;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.Severity;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.DecodeResult;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.OutputJson;
import dev.kizashi.wire.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The record-level pieces of the Kafka connectors, without a broker. */
class KafkaRecordsTest {

    static Alert alert(String customer, int i) {
        return new Alert(
                "a-" + i,
                customer,
                ChurnPattern.CANCEL_INTENT,
                Severity.CRITICAL,
                0.91,
                List.of(),
                List.of("e-" + i),
                "asked how to cancel",
                1_700_000_000_000L + i,
                1_700_000_000_500L + i,
                "GOLD",
                "ACTIVE",
                "call now",
                "call_center");
    }

    @Test
    void everyRecordBecomesOneLineEvenBrokenOnes() throws Exception {
        SourceLineDeserializer d = new SourceLineDeserializer();
        List<SourceLine> out = new ArrayList<>();
        Collector<SourceLine> c =
                new Collector<>() {
                    @Override
                    public void collect(SourceLine record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                };
        d.deserialize(new ConsumerRecord<>("ev", 3, 41L, null, utf8("{\"a\":\"é\"}")), c);
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        bad.write('{');
        bad.write(0xC3); // lead byte without continuation
        bad.write(0x28);
        bad.write(0xFF);
        bad.writeBytes(utf8("\"eventId\":\"e1\"}"));
        d.deserialize(new ConsumerRecord<>("ev", 3, 42L, null, bad.toByteArray()), c);
        d.deserialize(new ConsumerRecord<>("ev", 3, 43L, utf8("k"), null), c);

        assertThat(out)
                .extracting(SourceLine::origin, SourceLine::lineNo)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ev-3", 41L),
                        org.assertj.core.groups.Tuple.tuple("ev-3", 42L),
                        org.assertj.core.groups.Tuple.tuple("ev-3", 43L));
        assertThat(out.get(0).text()).isEqualTo("{\"a\":\"é\"}");
        assertThat(out.get(1).text()).contains("\uFFFD");
        assertThat(out.get(2).text()).isEmpty();

        var decoder = LineDecoders.json(EventCodec.DEFAULT_MAX_LINE_CHARS);
        DecodeResult broken = decoder.decode(out.get(1));
        DecodeResult tombstone = decoder.decode(out.get(2));
        assertThat(deadLetter(broken).reason()).isEqualTo(ReasonCode.MALFORMED_JSON);
        assertThat(deadLetter(broken).source()).isEqualTo("ev-3:42");
        assertThat(deadLetter(tombstone).reason()).isEqualTo(ReasonCode.EMPTY_LINE);
        assertThat(deadLetter(tombstone).source()).isEqualTo("ev-3:43");
    }

    private static DeadLetter deadLetter(DecodeResult r) {
        assertThat(r.isOk()).isFalse();
        return r.deadLetter();
    }

    @Test
    void alertRecordsAreKeyedByCustomerWithRoutingHeaders() {
        Alert a = alert("c-42", 1);
        ProducerRecord<byte[], byte[]> r =
                KafkaSinks.alertSerializer("alerts").serialize(a, null, null);
        assertThat(r.topic()).isEqualTo("alerts");
        assertThat(r.partition()).isNull();
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("c-42");
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(OutputJson.alert(a));
        assertThat(header(r, "pattern")).isEqualTo("CANCEL_INTENT");
        assertThat(header(r, "severity")).isEqualTo("CRITICAL");
        assertThat(header(r, "channel")).isEqualTo("call_center");
        assertThat(header(r, "kind")).isEqualTo("ALERT");
    }

    @Test
    void heldOutAlertsGoToTheControlTopicAsAlertRecords() {
        Alert a = alert("c-43", 2).inEpisode(dev.kizashi.model.AlertKind.ALERT, "a-2", true);
        KafkaSettings s = KafkaSettings.builder("k:9092").controlTopic("ctl").build();
        ProducerRecord<byte[], byte[]> r =
                KafkaSinks.alertSerializer(s.controlTopic()).serialize(a, null, null);
        assertThat(r.topic()).isEqualTo("ctl");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("c-43");
        assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .isEqualTo(OutputJson.alert(a))
                .contains("\"holdout\":true");
        assertThat(header(r, "pattern")).isEqualTo("CANCEL_INTENT");
        assertThat(KafkaSinks.transactionalIdPrefix(s, "holdouts")).isEqualTo("kizashi-holdouts");
    }

    @Test
    void outcomeRecordsAreKeyedByCustomerWithPatternAndOutcomeHeaders() {
        EpisodeOutcome o = EsTestData.outcome(1);
        ProducerRecord<byte[], byte[]> r =
                KafkaSinks.outcomeSerializer("outcomes").serialize(o, null, null);
        assertThat(r.topic()).isEqualTo("outcomes");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(o.customerId());
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(OutputJson.outcome(o));
        assertThat(header(r, "pattern")).isEqualTo(o.pattern());
        assertThat(header(r, "outcome")).isEqualTo(o.outcome().name());
    }

    @Test
    void journeyRecordsAreKeyedByCustomerWithTheirKindAsHeader() {
        for (JourneyRecord j : EsTestData.journeys()) {
            ProducerRecord<byte[], byte[]> r =
                    KafkaSinks.journeySerializer("journeys").serialize(j, null, null);
            assertThat(r.topic()).isEqualTo("journeys");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(j.customerId());
            assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .isEqualTo(OutputJson.journey(j));
            assertThat(header(r, "kind")).isEqualTo(j.kind().name());
        }
    }

    @Test
    void deadLetterRecordsAreKeyedBySourceWithReasonHeader() {
        DeadLetter d = new DeadLetter("ev-0:7", ReasonCode.EMPTY_LINE, "the line is empty", "");
        ProducerRecord<byte[], byte[]> r =
                KafkaSinks.deadLetterSerializer("dl").serialize(d, null, null);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("ev-0:7");
        assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .isEqualTo(EventCodec.encodeDeadLetter(d));
        assertThat(header(r, "reason")).isEqualTo("EMPTY_LINE");
    }

    @Test
    void customerIdIsFoundCheaplyAtTopLevelOnly() {
        assertThat(
                        CustomerIdKey.of(
                                "{\"eventId\":\"e\",\"attrs\":{\"customerId\":\"inner\"},"
                                        + "\"customerId\":\"c-7\"}"))
                .isEqualTo("c-7");
        assertThat(CustomerIdKey.of("{\"customerId\":\"c\\u00e9\"}")).isEqualTo("cé");
        assertThat(CustomerIdKey.of("{\"customerId\":12}")).isEqualTo("12");
        assertThat(CustomerIdKey.of("{\"customerId\":null}")).isNull();
        assertThat(CustomerIdKey.of("not json customerId")).isNull();
        assertThat(CustomerIdKey.of("{\"customerId\":\"broken")).isNull();
        assertThat(CustomerIdKey.of(null)).isNull();
    }

    @Test
    void alertFeedFormatsOneLinePerAlert() {
        String line = AlertFeed.format(OutputJson.alert(alert("c-42", 1)), "alerts-0@5");
        assertThat(line)
                .contains(
                        "ALERT CRITICAL",
                        "CANCEL_INTENT",
                        "customer=c-42",
                        "score=0.91",
                        "channel=call_center",
                        "asked how to cancel")
                .doesNotContain("\n");
        assertThat(AlertFeed.format("oops", "alerts-0@6")).contains("alerts-0@6", "oops");
        assertThat(AlertFeed.format(null, "alerts-0@7")).contains("tombstone");
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

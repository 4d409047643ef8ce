package dev.kizashi.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.model.AlertKind;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.OutputJson;
import dev.kizashi.wire.ReasonCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records of the alerts, control, scores, outcomes and journeys topics become documents
 * Elasticsearch will take, exactly as written, or dead letters with a reason; never an exception.
 */
class TopicDocumentsTest {

    private static SourceLine line(String text) {
        return new SourceLine("kizashi.alerts-1", 42, text);
    }

    @Test
    void everyAlertAndScoreTheJobWritesIsIndexedAsWritten() {
        for (int i = 0; i < 300; i++) {
            Alert a = EsTestData.alert(i);
            if (i % 3 == 1) {
                a = a.inEpisode(AlertKind.values()[i % AlertKind.values().length], "ep-" + i);
            }
            String json = OutputJson.alert(a);
            TopicDocuments.Decoded d = TopicDocuments.alert(line(json));
            assertThat(d.deadLetter()).as(json).isNull();
            assertThat(d.document()).isEqualTo(new TopicDocument(a.alertId(), a.eventTime(), json));
        }
        // scores with and without the optional fields (lastOrder, expectedGapDays, rfm, ...)
        for (ScoreUpdate s : EsTestData.scores(7, 12)) {
            String json = OutputJson.score(s);
            TopicDocuments.Decoded d = TopicDocuments.score(line(json));
            assertThat(d.deadLetter()).as(json).isNull();
            assertThat(d.document()).isEqualTo(new TopicDocument(s.customerId(), s.asOf(), json));
        }
    }

    @Test
    void everyOutcomeTheJobWritesIsIndexedAsWrittenUnderItsEpisodeId() {
        for (int i = 0; i < 60; i++) {
            EpisodeOutcome o = EsTestData.outcome(i, i % 2 == 0);
            String json = OutputJson.outcome(o);
            TopicDocuments.Decoded d = TopicDocuments.outcome(line(json));
            assertThat(d.deadLetter()).as(json).isNull();
            assertThat(d.document())
                    .isEqualTo(new TopicDocument(o.episodeId(), o.outcomeTs(), json));
        }
        ObjectNode outcome = OutputJson.outcomeNode(EsTestData.outcome(7));
        assertOutcomeDead(
                outcome.deepCopy().without("episodeId").toString(),
                ReasonCode.MISSING_FIELD,
                "episodeId");
        assertOutcomeDead(
                outcome.deepCopy().without("outcomeAt").toString(),
                ReasonCode.MISSING_FIELD,
                "outcomeAt");
        assertOutcomeDead(
                outcome.deepCopy().put("kept", "yes").toString(), ReasonCode.INVALID_FIELD, "kept");
        assertOutcomeDead(
                outcome.deepCopy().put("orders", 1.5).toString(),
                ReasonCode.INVALID_FIELD,
                "orders");
        assertOutcomeDead(
                outcome.deepCopy().put("churnedAt", "soon").toString(),
                ReasonCode.BAD_TIMESTAMP,
                "churnedAt");
        // an alert on the outcomes topic is not an outcome
        assertOutcomeDead(
                OutputJson.alert(EsTestData.alert(5).inEpisode(AlertKind.ALERT, "ep-5")),
                ReasonCode.MISSING_FIELD,
                "outcomeAt");
    }

    @Test
    void whatElasticsearchWouldRefuseBecomesADeadLetterWithAReason() {
        ObjectNode alert = OutputJson.alertNode(EsTestData.alert(5));
        assertAlertDead(null, ReasonCode.EMPTY_LINE, "empty");
        assertAlertDead("  ", ReasonCode.EMPTY_LINE, "empty");
        assertAlertDead("not json", ReasonCode.MALFORMED_JSON, "");
        assertAlertDead("{\"alertId\":", ReasonCode.MALFORMED_JSON, "");
        assertAlertDead(alert + " trailing", ReasonCode.MALFORMED_JSON, "");
        assertAlertDead(
                "{\"alertId\":\"a\",\"alertId\":\"b\",\"eventTime\":\"2026-01-01T00:00:00Z\"}",
                ReasonCode.MALFORMED_JSON,
                "alertId");
        assertAlertDead("[1,2]", ReasonCode.NOT_AN_OBJECT, "ARRAY");
        assertAlertDead("\"text\"", ReasonCode.NOT_AN_OBJECT, "STRING");
        assertAlertDead(
                alert.deepCopy().without("alertId").toString(),
                ReasonCode.MISSING_FIELD,
                "alertId");
        assertAlertDead(
                alert.deepCopy().put("alertId", "").toString(),
                ReasonCode.INVALID_FIELD,
                "alertId");
        assertAlertDead(
                alert.deepCopy().put("alertId", "x".repeat(513)).toString(),
                ReasonCode.INVALID_FIELD,
                "512 bytes");
        assertAlertDead(
                alert.deepCopy().put("alertId", 7).toString(), ReasonCode.INVALID_FIELD, "alertId");
        assertAlertDead(
                alert.deepCopy().without("eventTime").toString(),
                ReasonCode.MISSING_FIELD,
                "eventTime");
        assertAlertDead(
                alert.deepCopy().put("eventTime", "yesterday").toString(),
                ReasonCode.BAD_TIMESTAMP,
                "eventTime");
        assertAlertDead(
                alert.deepCopy().put("eventTime", "1969-12-31T23:59:59Z").toString(),
                ReasonCode.BAD_TIMESTAMP,
                "eventTime");
        assertAlertDead(
                alert.deepCopy().put("detectedAt", 1700000000000L).toString(),
                ReasonCode.BAD_TIMESTAMP,
                "detectedAt");
        // the strict template: unknown fields, also inside reasons, and wrong types
        assertAlertDead(
                alert.deepCopy().put("surprise", 1).toString(),
                ReasonCode.INVALID_FIELD,
                "unknown field surprise");
        ObjectNode badReason = alert.deepCopy();
        ((ObjectNode) badReason.withArray("reasons").get(0)).put("weight", 1.5);
        assertAlertDead(
                badReason.toString(), ReasonCode.INVALID_FIELD, "unknown field reasons.weight");
        assertAlertDead(
                alert.deepCopy().put("score", "high").toString(),
                ReasonCode.INVALID_FIELD,
                "score");
        assertAlertDead(
                alert.deepCopy().put("score", 1e300).toString(), ReasonCode.INVALID_FIELD, "float");
        assertAlertDead(
                alert.deepCopy().put("severity", 3).toString(),
                ReasonCode.INVALID_FIELD,
                "severity");
        ObjectNode nested = alert.deepCopy();
        nested.putArray("evidence").addArray().add("e-1");
        assertAlertDead(nested.toString(), ReasonCode.INVALID_FIELD, "evidence");
        assertAlertDead(
                alert.deepCopy().put("reasons", "none").toString(),
                ReasonCode.INVALID_FIELD,
                "reasons");

        ObjectNode score = OutputJson.scoreNode(EsTestData.score(3, 4));
        assertScoreDead(
                score.deepCopy().without("customerId").toString(),
                ReasonCode.MISSING_FIELD,
                "customerId");
        assertScoreDead(
                score.deepCopy().without("asOf").toString(), ReasonCode.MISSING_FIELD, "asOf");
        assertScoreDead(
                score.deepCopy().put("subscribed", "yes").toString(),
                ReasonCode.INVALID_FIELD,
                "subscribed");
        assertScoreDead(
                score.deepCopy().put("orderDays", 2.5).toString(),
                ReasonCode.INVALID_FIELD,
                "orderDays");
        assertScoreDead(
                score.deepCopy().put("recencyScore", 300).toString(),
                ReasonCode.INVALID_FIELD,
                "recencyScore");
        // an alert on the scores topic is not a score, nor a score on the alerts topic
        assertScoreDead(OutputJson.alert(EsTestData.alert(5)), ReasonCode.MISSING_FIELD, "asOf");
        ObjectNode scoreWithId =
                score.deepCopy().put("alertId", "a-1").put("eventTime", "2026-01-01T00:00:00Z");
        assertAlertDead(scoreWithId.toString(), ReasonCode.INVALID_FIELD, "unknown field");
    }

    @Test
    void aDeadLetterPointsAtTheRecordAndKeepsABoundedOriginal() {
        DeadLetter d = TopicDocuments.alert(line("{\"alertId\":")).deadLetter();
        assertThat(d.source()).isEqualTo("kizashi.alerts-1:42");
        assertThat(d.original()).isEqualTo("{\"alertId\":");

        String huge = "x".repeat(TopicDocuments.MAX_ORIGINAL_CHARS + 10);
        assertThat(TopicDocuments.alert(line(huge)).deadLetter().original())
                .hasSize(TopicDocuments.MAX_ORIGINAL_CHARS);
    }

    @Test
    void theChecksFollowTheShippedTemplates() {
        // every field of every template is known to the check, with the template's type
        for (TopicDocuments.Kind kind : TopicDocuments.Kind.values()) {
            TopicDocuments.Field root = kind.mapping();
            assertThat(root.type).isEqualTo("object");
            assertThat(root.properties).isNotEmpty();
            for (TopicDocuments.Field f : root.properties.values()) {
                assertThat(f.type)
                        .isIn(
                                List.of(
                                        "keyword", "text", "date", "float", "double", "integer",
                                        "byte", "boolean", "object"));
            }
        }
        assertThat(TopicDocuments.Kind.ALERT.mapping().properties).containsKey("episodeId");
        assertThat(TopicDocuments.Kind.SCORE.mapping().properties).containsKey("rfm");
        assertThat(TopicDocuments.Kind.OUTCOME.mapping().properties).containsKey("actionCost");
    }

    private static void assertAlertDead(String text, ReasonCode reason, String mentions) {
        assertDead(TopicDocuments.alert(line(text)), text, reason, mentions);
    }

    @Test
    void everyJourneyTheJobWritesIsIndexedAsWrittenUnderTheJourneySinksId() {
        for (JourneyRecord j : EsTestData.journeys()) {
            String json = OutputJson.journey(j);
            TopicDocuments.Decoded d = TopicDocuments.journey(line(json));
            assertThat(d.deadLetter()).as(json).isNull();
            // the id the direct sink gives it, so both paths write one document per record
            assertThat(d.document())
                    .isEqualTo(new TopicDocument(j.documentId(), j.eventTime(), json));
        }
        ObjectNode journey = OutputJson.journeyNode(EsTestData.journeys().get(0));
        assertJourneyDead(
                journey.deepCopy().put("kind", "UPGRADE").toString(),
                ReasonCode.INVALID_FIELD,
                "kind must be one of");
        assertJourneyDead(
                journey.deepCopy().without("eventTime").toString(),
                ReasonCode.MISSING_FIELD,
                "eventTime");
        assertJourneyDead(
                journey.deepCopy().put("k", "third").toString(), ReasonCode.INVALID_FIELD, "k");
        // an outcome on the journeys topic is not a journey
        assertJourneyDead(
                OutputJson.outcome(EsTestData.outcome(3)), ReasonCode.MISSING_FIELD, "eventTime");
    }

    private static void assertJourneyDead(String text, ReasonCode reason, String mentions) {
        assertDead(TopicDocuments.journey(line(text)), text, reason, mentions);
    }

    private static void assertScoreDead(String text, ReasonCode reason, String mentions) {
        assertDead(TopicDocuments.score(line(text)), text, reason, mentions);
    }

    private static void assertOutcomeDead(String text, ReasonCode reason, String mentions) {
        assertDead(TopicDocuments.outcome(line(text)), text, reason, mentions);
    }

    private static void assertDead(
            TopicDocuments.Decoded d, String text, ReasonCode reason, String mentions) {
        assertThat(d.document()).as(text).isNull();
        assertThat(d.deadLetter().reason()).as(text).isEqualTo(reason);
        assertThat(d.deadLetter().message()).as(text).contains(mentions);
        assertThat(d.isOk()).isFalse();
    }
}

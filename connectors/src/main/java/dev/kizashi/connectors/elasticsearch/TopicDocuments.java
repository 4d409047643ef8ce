package dev.kizashi.connectors.elasticsearch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.pdca.JourneyKind;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputJson.F;
import dev.kizashi.wire.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the churn job's alert, score, outcome and journey documents back from Kafka for indexing:
 * each record becomes either a {@link TopicDocument} that Elasticsearch will accept, or a dead
 * letter with a reason, never an exception.
 *
 * <p>"Will accept" is checked against the shipped index template ({@code dynamic: strict}): every
 * field must be one the template maps, with a value of its type (keyword and text: a string;
 * numbers: a finite number in the type's range; date: an ISO-8601 instant; boolean; object: an
 * object of known fields), and the JSON must be strict (no duplicate keys, nothing after the
 * value). A record Elasticsearch would reject with a 400 would otherwise fail the indexing job on
 * every restart. The document is indexed as it stands on the topic, byte for byte.
 *
 * <p>Reason codes: {@code EMPTY_LINE} (null value, a tombstone, or blank), {@code MALFORMED_JSON},
 * {@code NOT_AN_OBJECT}, {@code MISSING_FIELD} (an alert without {@code alertId} or {@code
 * eventTime}, a score without {@code customerId} or {@code asOf}, an outcome without {@code
 * episodeId} or {@code outcomeAt}, a journey without {@code customerId} or {@code eventTime}),
 * {@code BAD_TIMESTAMP} (a date field that is not an instant between years 0 and 9999, or a
 * negative {@code asOf}), {@code INVALID_FIELD} (an unknown field or a value of the wrong type, a
 * journey of an unknown kind).
 */
public final class TopicDocuments {
    /**
     * The longest {@code original} a dead letter keeps (the dead-letter topic's records stay
     * small).
     */
    public static final int MAX_ORIGINAL_CHARS = 100_000;

    /** Elasticsearch refuses ids longer than 512 bytes. */
    static final int MAX_ID_BYTES = 512;

    /** Lucene refuses keyword terms longer than 32766 bytes. */
    static final int MAX_KEYWORD_BYTES = 32_766;

    private static final long MIN_DATE = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_DATE = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private static final ObjectReader READER =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readerFor(JsonNode.class);

    /** Which topic a record comes from, and so what it must be. */
    public enum Kind {
        ALERT(ElasticsearchSetup.Template.ALERTS, F.ALERT_ID, F.EVENT_TIME),
        SCORE(ElasticsearchSetup.Template.SCORES, F.CUSTOMER_ID, F.AS_OF),
        OUTCOME(ElasticsearchSetup.Template.OUTCOMES, F.EPISODE_ID, F.OUTCOME_AT),
        /** Keyed by {@link JourneyRecord#documentId}, which the record's fields determine. */
        JOURNEY(ElasticsearchSetup.Template.JOURNEYS, F.CUSTOMER_ID, F.EVENT_TIME);

        private final ElasticsearchSetup.Template template;
        private final String keyField;
        private final String timeField;
        private Field mapping;

        Kind(ElasticsearchSetup.Template template, String keyField, String timeField) {
            this.template = template;
            this.keyField = keyField;
            this.timeField = timeField;
        }

        /** The template's mapping, read once. */
        synchronized Field mapping() {
            if (mapping == null) {
                JsonNode m =
                        ElasticsearchSetup.template(template, 0, KizashiIndices.standard())
                                .at("/template/mappings");
                mapping = Field.of(m);
            }
            return mapping;
        }
    }

    /** A record's outcome: exactly one of {@code document} and {@code deadLetter} is set. */
    public record Decoded(TopicDocument document, DeadLetter deadLetter) {
        public boolean isOk() {
            return document != null;
        }
    }

    private TopicDocuments() {}

    public static Decoded alert(SourceLine line) {
        return decode(Kind.ALERT, line);
    }

    public static Decoded score(SourceLine line) {
        return decode(Kind.SCORE, line);
    }

    public static Decoded outcome(SourceLine line) {
        return decode(Kind.OUTCOME, line);
    }

    public static Decoded journey(SourceLine line) {
        return decode(Kind.JOURNEY, line);
    }

    public static Decoded decode(Kind kind, SourceLine line) {
        String text = line.text();
        if (text == null || text.isBlank()) {
            return bad(line, ReasonCode.EMPTY_LINE, "empty record (a tombstone or a blank value)");
        }
        JsonNode doc;
        try {
            doc = READER.readValue(text);
        } catch (JsonProcessingException e) {
            return bad(line, ReasonCode.MALFORMED_JSON, firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException | RuntimeException e) {
            return bad(line, ReasonCode.MALFORMED_JSON, String.valueOf(e.getMessage()));
        }
        if (doc == null || !doc.isObject()) {
            return bad(
                    line,
                    ReasonCode.NOT_AN_OBJECT,
                    "expected a JSON object, got " + (doc == null ? "nothing" : doc.getNodeType()));
        }
        JsonNode key = doc.get(kind.keyField);
        if (key == null || key.isNull()) {
            return bad(line, ReasonCode.MISSING_FIELD, kind.keyField + " is missing");
        }
        if (!key.isTextual() || key.asText().isEmpty() || utf8Length(key.asText()) > MAX_ID_BYTES) {
            return bad(
                    line,
                    ReasonCode.INVALID_FIELD,
                    kind.keyField
                            + " must be a non-empty string of at most "
                            + MAX_ID_BYTES
                            + " bytes");
        }
        JsonNode time = doc.get(kind.timeField);
        if (time == null || time.isNull()) {
            return bad(line, ReasonCode.MISSING_FIELD, kind.timeField + " is missing");
        }
        long epochMs = instant(time);
        if (epochMs == Long.MIN_VALUE || epochMs < 0) {
            return bad(
                    line,
                    ReasonCode.BAD_TIMESTAMP,
                    kind.timeField
                            + " must be an ISO-8601 instant from 1970 to 9999, got "
                            + cut(time.toString(), 80));
        }
        String problem = kind.mapping().check("", doc);
        if (problem != null) {
            ReasonCode code =
                    problem.startsWith(DATE_PROBLEM)
                            ? ReasonCode.BAD_TIMESTAMP
                            : ReasonCode.INVALID_FIELD;
            return bad(line, code, problem);
        }
        String id = key.asText();
        if (kind == Kind.JOURNEY) {
            id = journeyId(doc);
            if (id == null) {
                return bad(
                        line,
                        ReasonCode.INVALID_FIELD,
                        F.KIND + " must be one of " + Arrays.toString(JourneyKind.values()));
            }
            if (utf8Length(id) > MAX_ID_BYTES) {
                return bad(
                        line,
                        ReasonCode.INVALID_FIELD,
                        "the journey's id is longer than " + MAX_ID_BYTES + " bytes");
            }
        }
        return new Decoded(new TopicDocument(id, epochMs, text), null);
    }

    private static final String DATE_PROBLEM = "date ";

    /** The document id the journeys sink gives the record, or null for an unknown kind. */
    private static String journeyId(JsonNode doc) {
        String kind = doc.path(F.KIND).asText();
        for (JourneyKind k : JourneyKind.values()) {
            if (k.name().equals(kind)) {
                return OutputDocuments.journey(doc).documentId();
            }
        }
        return null;
    }

    /** Epoch ms of an ISO-8601 instant string in years 0..9999, else Long.MIN_VALUE. */
    static long instant(JsonNode n) {
        if (!n.isTextual()) {
            return Long.MIN_VALUE;
        }
        try {
            long ms = Instant.parse(n.asText()).toEpochMilli();
            return ms < MIN_DATE || ms > MAX_DATE ? Long.MIN_VALUE : ms;
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    private static Decoded bad(SourceLine line, ReasonCode reason, String message) {
        String original = line.text() == null ? "" : cut(line.text(), MAX_ORIGINAL_CHARS);
        return new Decoded(null, new DeadLetter(line.location(), reason, message, original));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return cut(nl >= 0 ? s.substring(0, nl) : s, 200);
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** One mapped field: its type and, for an object, its fields. */
    static final class Field {
        final String type;
        final Map<String, Field> properties;

        private Field(String type, Map<String, Field> properties) {
            this.type = type;
            this.properties = properties;
        }

        /** From a mapping node ({@code {"type": ..., "properties": {...}}}). */
        static Field of(JsonNode mapping) {
            Map<String, Field> props = null;
            JsonNode p = mapping.get("properties");
            if (p != null) {
                props = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = p.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    props.put(e.getKey(), of(e.getValue()));
                }
            }
            String type = mapping.path("type").asText(props != null ? "object" : "");
            return new Field(type, props);
        }

        /** Null if {@code value} fits this field, else what is wrong (naming {@code path}). */
        String check(String path, JsonNode value) {
            if (value == null || value.isNull()) {
                return null; // absent
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (element.isArray()) {
                        return path + " must not nest arrays";
                    }
                    String p = check(path, element);
                    if (p != null) {
                        return p;
                    }
                }
                return null;
            }
            switch (type) {
                case "object":
                    if (!value.isObject()) {
                        return path + " must be an object, got " + value.getNodeType();
                    }
                    Iterator<Map.Entry<String, JsonNode>> it = value.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                        Field f = properties == null ? null : properties.get(e.getKey());
                        if (f == null) {
                            return "unknown field "
                                    + cut(p, 200)
                                    + " (the index is dynamic: strict)";
                        }
                        String problem = f.check(p, e.getValue());
                        if (problem != null) {
                            return problem;
                        }
                    }
                    return null;
                case "keyword":
                    if (!value.isTextual()) {
                        return path + " must be a string, got " + value.getNodeType();
                    }
                    return utf8Length(value.asText()) > MAX_KEYWORD_BYTES
                            ? path + " is longer than " + MAX_KEYWORD_BYTES + " bytes"
                            : null;
                case "text":
                    return value.isTextual()
                            ? null
                            : path + " must be a string, got " + value.getNodeType();
                case "boolean":
                    return value.isBoolean()
                            ? null
                            : path + " must be true or false, got " + value.getNodeType();
                case "date":
                    return instant(value) != Long.MIN_VALUE
                            ? null
                            : DATE_PROBLEM
                                    + path
                                    + " must be an ISO-8601 instant from year 0 to 9999, got "
                                    + cut(value.toString(), 80);
                case "double":
                    return value.isNumber() && Double.isFinite(value.asDouble())
                            ? null
                            : path + " must be a finite number, got " + cut(value.toString(), 80);
                case "float":
                    return value.isNumber() && Math.abs(value.asDouble()) <= Float.MAX_VALUE
                            ? null
                            : path
                                    + " must be a finite number in float range, got "
                                    + cut(value.toString(), 80);
                case "byte":
                    return integral(path, value, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case "short":
                    return integral(path, value, Short.MIN_VALUE, Short.MAX_VALUE);
                case "integer":
                    return integral(path, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "long":
                    return value.isIntegralNumber() && value.canConvertToLong()
                            ? null
                            : path + " must be an integer, got " + cut(value.toString(), 80);
                default:
                    return null; // a type this check does not know: Elasticsearch decides
            }
        }

        private static String integral(String path, JsonNode value, long min, long max) {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                long v = value.asLong();
                if (v >= min && v <= max) {
                    return null;
                }
            }
            return path
                    + " must be an integer from "
                    + min
                    + " to "
                    + max
                    + ", got "
                    + cut(value.toString(), 80);
        }
    }
}

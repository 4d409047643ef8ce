package dev.kizashi.wire;

import static dev.kizashi.wire.EventCodec.MAX_ID_LENGTH;
import static dev.kizashi.wire.EventCodec.MAX_TS;
import static dev.kizashi.wire.EventCodec.MIN_TS;
import static dev.kizashi.wire.EventCodec.OVERSIZED_KEEP_CHARS;
import static dev.kizashi.wire.WireJson.describe;
import static dev.kizashi.wire.WireJson.quote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.kizashi.model.ActionChannel;
import dev.kizashi.model.CancelReason;
import dev.kizashi.model.ContactOutcome;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.io.IOException;

/**
 * Decodes one line of the input contract ({@code shared/contracts/customer-events.md}) into a
 * {@link CustomerEvent}, or into a {@link DeadLetter} that says why not. Used through {@link
 * EventCodec#decode}.
 *
 * <p>{@link #decode} never throws. It reads the line with Jackson's streaming parser (no tree, no
 * exceptions on the happy path), always reads the whole line, and reports one problem by this
 * precedence: {@link ReasonCode#EMPTY_LINE}, {@link ReasonCode#OVERSIZED}, {@link
 * ReasonCode#MALFORMED_JSON} (including trailing content after the object), {@link
 * ReasonCode#NOT_AN_OBJECT}, then the fields in the order {@code eventId}, {@code customerId},
 * {@code type}, {@code ts}, {@code attrs}. The top-level fields are read here, the attributes by
 * {@link AttrsDecoder}, ISO-8601 times by {@link IsoInstant}; what has been read so far is kept in
 * {@link DecodedFields}.
 *
 * <p>Decisions beyond the contract text:
 *
 * <ul>
 *   <li>Id lengths are counted in Unicode code points (as JSON Schema's {@code maxLength} does).
 *   <li>A required field given twice is {@link ReasonCode#INVALID_FIELD}; a known attribute given
 *       twice is {@link ReasonCode#BAD_ATTRIBUTE}.
 *   <li>{@code "attrs": null} and {@code null} attribute values mean "absent".
 *   <li>Integers may be written with a zero fraction ({@code 30.0}, {@code 1.7e12}) as JSON Schema
 *       allows; {@code 1.5} is rejected.
 *   <li>ISO-8601 timestamps need seconds and a zone ({@code Z} or {@code ±HH:MM}); fractions of a
 *       second beyond milliseconds are truncated. The instant (epoch milliseconds or ISO) must lie
 *       in the years 1970 to 2200 (UTC).
 *   <li>Channels, ids, {@code text} and {@code payment_failed.reason} are free strings.
 * </ul>
 */
final class EventDecoder {

    private EventDecoder() {}

    /**
     * Decodes one line. Never throws.
     *
     * @param line the record text; {@code null} is treated as an empty line
     * @param source where the line came from, copied into the dead letter
     * @param maxLineChars the longest accepted line, in chars
     * @return the event, or the dead letter saying why there is none
     */
    static DecodeResult decode(String line, String source, int maxLineChars) {
        if (line == null) {
            return bad(source, ReasonCode.EMPTY_LINE, "the line is empty", "");
        }
        int length = line.length();
        if (length > maxLineChars) {
            return oversized(line, source, maxLineChars);
        }
        if (line.isBlank()) {
            return bad(source, ReasonCode.EMPTY_LINE, "the line is empty", line);
        }
        try {
            return parse(line, source);
        } catch (JsonProcessingException e) {
            return bad(source, ReasonCode.MALFORMED_JSON, malformedMessage(e), line);
        } catch (IOException | RuntimeException e) {
            // Not expected for String input; decode must not throw whatever happens.
            return bad(
                    source,
                    ReasonCode.MALFORMED_JSON,
                    "the line could not be read: " + e.getClass().getSimpleName(),
                    line);
        }
    }

    private static DecodeResult oversized(String line, String source, int maxLineChars) {
        int keep = Math.min(Math.min(maxLineChars, OVERSIZED_KEEP_CHARS), line.length());
        if (keep > 0 && Character.isHighSurrogate(line.charAt(keep - 1))) {
            keep--; // do not split a surrogate pair
        }
        String message =
                "the line has "
                        + line.length()
                        + " chars, more than the limit of "
                        + maxLineChars
                        + "; only the first "
                        + keep
                        + " are kept";
        return bad(source, ReasonCode.OVERSIZED, message, line.substring(0, keep));
    }

    private static DecodeResult parse(String line, String source) throws IOException {
        // tolerate a byte-order mark
        String json = line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
        if (json.isBlank()) {
            return bad(source, ReasonCode.EMPTY_LINE, "the line is empty", line);
        }
        try (JsonParser p = WireJson.FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                if (p.nextToken() != null) {
                    return trailing(line, source);
                }
                return bad(
                        source,
                        ReasonCode.NOT_AN_OBJECT,
                        "the line is JSON but " + describe(first) + ", not an object",
                        line);
            }
            DecodedFields f = new DecodedFields();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "eventId" -> {
                        if ((f.seen & DecodedFields.SEEN_EVENT_ID) != 0) {
                            f.eventIdError(ReasonCode.INVALID_FIELD, "eventId appears twice");
                        }
                        f.seen |= DecodedFields.SEEN_EVENT_ID;
                        f.eventId = readId(p, v, "eventId", f, true);
                    }
                    case "customerId" -> {
                        if ((f.seen & DecodedFields.SEEN_CUSTOMER_ID) != 0) {
                            f.customerIdError(ReasonCode.INVALID_FIELD, "customerId appears twice");
                        }
                        f.seen |= DecodedFields.SEEN_CUSTOMER_ID;
                        f.customerId = readId(p, v, "customerId", f, false);
                    }
                    case "type" -> readType(p, v, f);
                    case "ts" -> readTs(p, v, f);
                    case "attrs" -> readAttrsField(p, v, f);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                return bad(source, ReasonCode.MALFORMED_JSON, "the line is not valid JSON", line);
            }
            if (p.nextToken() != null) {
                return trailing(line, source);
            }
            if (f.type != null && f.bufferedAttrs != null) {
                try (JsonParser bp = f.bufferedAttrs.asParser()) {
                    bp.nextToken();
                    AttrsDecoder.readAttrs(bp, f.type, f);
                }
            }
            return finish(f, line, source);
        }
    }

    private static DecodeResult finish(DecodedFields f, String line, String source) {
        if (f.eventIdReason != null) {
            return bad(source, f.eventIdReason, f.eventIdMessage, line);
        }
        if ((f.seen & DecodedFields.SEEN_EVENT_ID) == 0) {
            return bad(source, ReasonCode.MISSING_FIELD, "eventId is missing", line);
        }
        if (f.customerIdReason != null) {
            return bad(source, f.customerIdReason, f.customerIdMessage, line);
        }
        if ((f.seen & DecodedFields.SEEN_CUSTOMER_ID) == 0) {
            return bad(source, ReasonCode.MISSING_FIELD, "customerId is missing", line);
        }
        if (f.typeReason != null) {
            return bad(source, f.typeReason, f.typeMessage, line);
        }
        if ((f.seen & DecodedFields.SEEN_TYPE) == 0) {
            return bad(source, ReasonCode.MISSING_FIELD, "type is missing", line);
        }
        if (f.tsReason != null) {
            return bad(source, f.tsReason, f.tsMessage, line);
        }
        if ((f.seen & DecodedFields.SEEN_TS) == 0) {
            return bad(source, ReasonCode.MISSING_FIELD, "ts is missing", line);
        }
        if (f.attrMessage != null) {
            return bad(source, ReasonCode.BAD_ATTRIBUTE, f.attrMessage, line);
        }
        return DecodeResult.ok(build(f));
    }

    private static CustomerEvent build(DecodedFields f) {
        String id = f.eventId;
        String c = f.customerId;
        long ts = f.ts;
        return switch (f.type) {
            case SUBSCRIPTION_STARTED ->
                    new CustomerEvent.SubscriptionStarted(id, c, ts, f.s1, f.i1, f.d1);
            case ORDER -> new CustomerEvent.Order(id, c, ts, f.s1, f.d1, f.s2, f.b1, f.i1);
            case CYCLE_SKIPPED -> new CustomerEvent.CycleSkipped(id, c, ts, f.s1);
            case PLAN_CHANGED ->
                    new CustomerEvent.PlanChanged(id, c, ts, f.s1, f.s2, (PlanDirection) f.e1);
            case LOGIN -> new CustomerEvent.Login(id, c, ts, f.s1);
            case MESSAGE_OPENED -> new CustomerEvent.MessageOpened(id, c, ts, f.s1, f.s2);
            case MESSAGE_CLICKED -> new CustomerEvent.MessageClicked(id, c, ts, f.s1, f.s2);
            case UNSUBSCRIBED -> new CustomerEvent.Unsubscribed(id, c, ts, f.s1);
            case SUPPORT_CONTACT ->
                    new CustomerEvent.SupportContact(
                            id, c, ts, f.s1, (SupportCategory) f.e1, (Sentiment) f.e2);
            case FEEDBACK -> new CustomerEvent.Feedback(id, c, ts, f.i1, f.s1);
            case PAYMENT_FAILED -> new CustomerEvent.PaymentFailed(id, c, ts, f.s1);
            case PAYMENT_RECOVERED -> new CustomerEvent.PaymentRecovered(id, c, ts);
            case SUBSCRIPTION_CANCELLED ->
                    new CustomerEvent.SubscriptionCancelled(id, c, ts, (CancelReason) f.e1);
            case RETENTION_ACTION ->
                    new CustomerEvent.RetentionAction(
                            id,
                            c,
                            ts,
                            f.s1,
                            f.s2,
                            (ActionChannel) f.e1,
                            f.s3,
                            f.s4,
                            f.s5,
                            (ContactOutcome) f.e2,
                            f.d1);
        };
    }

    // ---- top-level fields ----

    private static String readId(
            JsonParser p, JsonToken v, String field, DecodedFields f, boolean event)
            throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            String msg = field + " must be a string of 1 to 128 chars, not " + describe(v);
            if (event) {
                f.eventIdError(ReasonCode.INVALID_FIELD, msg);
            } else {
                f.customerIdError(ReasonCode.INVALID_FIELD, msg);
            }
            return null;
        }
        String s = p.getText();
        int len = s.length();
        String msg = null;
        if (len == 0) {
            msg = field + " is empty";
        } else if (len > MAX_ID_LENGTH
                && (len > 2 * MAX_ID_LENGTH || s.codePointCount(0, len) > MAX_ID_LENGTH)) {
            msg =
                    field
                            + " is longer than "
                            + MAX_ID_LENGTH
                            + " chars ("
                            + s.codePointCount(0, len)
                            + ")";
        }
        if (msg != null) {
            if (event) {
                f.eventIdError(ReasonCode.INVALID_FIELD, msg);
            } else {
                f.customerIdError(ReasonCode.INVALID_FIELD, msg);
            }
            return null;
        }
        return s;
    }

    private static void readType(JsonParser p, JsonToken v, DecodedFields f) throws IOException {
        if ((f.seen & DecodedFields.SEEN_TYPE) != 0) {
            f.typeError(ReasonCode.INVALID_FIELD, "type appears twice");
        }
        f.seen |= DecodedFields.SEEN_TYPE;
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            f.typeError(ReasonCode.INVALID_FIELD, "type must be a string, not " + describe(v));
            return;
        }
        String name = p.getText();
        EventType t = EventType.fromWireName(name);
        if (t == null) {
            f.typeError(
                    ReasonCode.UNKNOWN_TYPE,
                    "type " + quote(name) + " is not an event type of the contract");
            return;
        }
        if (f.type == null && f.typeReason == null) {
            f.type = t;
        }
    }

    private static void readTs(JsonParser p, JsonToken v, DecodedFields f) throws IOException {
        if ((f.seen & DecodedFields.SEEN_TS) != 0) {
            f.tsError(ReasonCode.INVALID_FIELD, "ts appears twice");
        }
        f.seen |= DecodedFields.SEEN_TS;
        long ts;
        switch (v) {
            case VALUE_STRING -> {
                ts = IsoInstant.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (ts == IsoInstant.INVALID) {
                    f.tsError(
                            ReasonCode.BAD_TIMESTAMP,
                            "ts "
                                    + quote(p.getText())
                                    + " is not an ISO-8601 instant such as 2026-11-23T05:30:00Z");
                    return;
                }
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    f.tsError(ReasonCode.BAD_TIMESTAMP, tsRangeMessage(p.getText()));
                    return;
                }
                ts = p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (d != Math.rint(d) || Double.isInfinite(d)) {
                    f.tsError(
                            ReasonCode.BAD_TIMESTAMP,
                            "ts must be whole epoch milliseconds, not " + quote(p.getText()));
                    return;
                }
                if (d < MIN_TS || d > MAX_TS) {
                    f.tsError(ReasonCode.BAD_TIMESTAMP, tsRangeMessage(p.getText()));
                    return;
                }
                ts = (long) d;
            }
            default -> {
                p.skipChildren();
                f.tsError(
                        ReasonCode.BAD_TIMESTAMP,
                        "ts must be an ISO-8601 instant string or epoch milliseconds, not "
                                + describe(v));
                return;
            }
        }
        if (ts < MIN_TS || ts > MAX_TS) {
            f.tsError(ReasonCode.BAD_TIMESTAMP, tsRangeMessage(p.getText()));
            return;
        }
        f.ts = ts;
    }

    private static String tsRangeMessage(String text) {
        return "ts " + quote(text) + " is outside the years 1970 to 2200";
    }

    private static void readAttrsField(JsonParser p, JsonToken v, DecodedFields f)
            throws IOException {
        if ((f.seen & DecodedFields.SEEN_ATTRS) != 0) {
            p.skipChildren();
            f.attrError("attrs appears twice");
            return;
        }
        f.seen |= DecodedFields.SEEN_ATTRS;
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            f.attrError("attrs must be an object, not " + describe(v));
            return;
        }
        if (f.type != null) {
            AttrsDecoder.readAttrs(p, f.type, f);
        } else if ((f.seen & DecodedFields.SEEN_TYPE) == 0) {
            // attrs before type: keep the tokens until the type is known
            TokenBuffer buffer = new TokenBuffer(p);
            buffer.copyCurrentStructure(p);
            f.bufferedAttrs = buffer;
        } else {
            p.skipChildren(); // the type is bad; that is what will be reported
        }
    }

    private static DecodeResult trailing(String line, String source) {
        return bad(
                source,
                ReasonCode.MALFORMED_JSON,
                "the line has more content after the JSON value",
                line);
    }

    private static DecodeResult bad(
            String source, ReasonCode reason, String message, String original) {
        return DecodeResult.bad(new DeadLetter(source, reason, message, original));
    }

    private static String malformedMessage(JsonProcessingException e) {
        String detail = e.getOriginalMessage();
        if (detail == null) {
            detail = e.getClass().getSimpleName();
        }
        int nl = detail.indexOf('\n');
        if (nl >= 0) {
            detail = detail.substring(0, nl);
        }
        if (detail.length() > 160) {
            detail = detail.substring(0, 160) + "...";
        }
        String where = "";
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            where = " at column " + e.getLocation().getColumnNr();
        }
        return "the line is not valid JSON" + where + ": " + detail;
    }
}

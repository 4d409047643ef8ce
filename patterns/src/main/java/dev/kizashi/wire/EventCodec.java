package dev.kizashi.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.kizashi.model.CancelReason;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.model.Wire;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes one line of the input contract ({@code shared/contracts/customer-events.md}) into a
 * {@link CustomerEvent}, or into a {@link DeadLetter} that says why not; and encodes events back
 * into contract JSON.
 *
 * <p>{@link #decode} never throws. It reads the line with Jackson's streaming parser (no tree, no
 * exceptions on the happy path), always reads the whole line, and reports one problem by this
 * precedence: {@link ReasonCode#EMPTY_LINE}, {@link ReasonCode#OVERSIZED}, {@link
 * ReasonCode#MALFORMED_JSON} (including trailing content after the object), {@link
 * ReasonCode#NOT_AN_OBJECT}, then the fields in the order {@code eventId}, {@code customerId},
 * {@code type}, {@code ts}, {@code attrs}.
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
 *
 * <p>Instances are immutable, thread-safe and {@link Serializable}: the Jackson factory is a lazily
 * created static, so nothing but the line limit is serialized.
 */
public final class EventCodec implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The default longest accepted line, in chars. */
    public static final int DEFAULT_MAX_LINE_CHARS = 64 * 1024;

    /** The longest id (eventId, customerId), in code points. */
    public static final int MAX_ID_LENGTH = 128;

    /** The earliest accepted event time: 1970-01-01T00:00:00Z. */
    public static final long MIN_TS = 0L;

    /** The latest accepted event time: 2200-12-31T23:59:59.999Z. */
    public static final long MAX_TS = 7_289_654_399_999L;

    /** How much of an oversized line is kept in the dead letter. */
    static final int OVERSIZED_KEEP_CHARS = 1024;

    /** How much of an offending value is quoted in a message. */
    private static final int QUOTE_CHARS = 40;

    private static final Map<String, SupportCategory> CATEGORIES = wireMap(SupportCategory.class);
    private static final Map<String, Sentiment> SENTIMENTS = wireMap(Sentiment.class);
    private static final Map<String, PlanDirection> DIRECTIONS = wireMap(PlanDirection.class);
    private static final Map<String, CancelReason> CANCEL_REASONS = wireMap(CancelReason.class);

    private final int maxLineChars;

    /** A codec that accepts lines up to {@link #DEFAULT_MAX_LINE_CHARS}. */
    public EventCodec() {
        this(DEFAULT_MAX_LINE_CHARS);
    }

    /**
     * A codec that accepts lines up to {@code maxLineChars} chars.
     *
     * @throws IllegalArgumentException if {@code maxLineChars} is not positive
     */
    public EventCodec(int maxLineChars) {
        if (maxLineChars <= 0) {
            throw new IllegalArgumentException("maxLineChars must be positive: " + maxLineChars);
        }
        this.maxLineChars = maxLineChars;
    }

    /** The longest accepted line, in chars. */
    public int maxLineChars() {
        return maxLineChars;
    }

    // ------------------------------------------------------------------------------------------
    // decode
    // ------------------------------------------------------------------------------------------

    /**
     * Decodes one line. Never throws.
     *
     * @param line the record text; {@code null} is treated as an empty line
     * @param source where the line came from, copied into the dead letter
     * @return the event, or the dead letter saying why there is none
     */
    public DecodeResult decode(String line, String source) {
        if (line == null) {
            return bad(source, ReasonCode.EMPTY_LINE, "the line is empty", "");
        }
        int length = line.length();
        if (length > maxLineChars) {
            return oversized(line, source);
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

    private DecodeResult oversized(String line, String source) {
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

    private DecodeResult parse(String line, String source) throws IOException {
        // tolerate a byte-order mark
        String json = line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
        if (json.isBlank()) {
            return bad(source, ReasonCode.EMPTY_LINE, "the line is empty", line);
        }
        try (JsonParser p = Json.FACTORY.createParser(json)) {
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
            Fields f = new Fields();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "eventId" -> {
                        if ((f.seen & Fields.SEEN_EVENT_ID) != 0) {
                            f.eventIdError(ReasonCode.INVALID_FIELD, "eventId appears twice");
                        }
                        f.seen |= Fields.SEEN_EVENT_ID;
                        f.eventId = readId(p, v, "eventId", f, true);
                    }
                    case "customerId" -> {
                        if ((f.seen & Fields.SEEN_CUSTOMER_ID) != 0) {
                            f.customerIdError(ReasonCode.INVALID_FIELD, "customerId appears twice");
                        }
                        f.seen |= Fields.SEEN_CUSTOMER_ID;
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
                    readAttrs(bp, f.type, f);
                }
            }
            return finish(f, line, source);
        }
    }

    private static DecodeResult finish(Fields f, String line, String source) {
        if (f.eventIdReason != null) {
            return bad(source, f.eventIdReason, f.eventIdMessage, line);
        }
        if ((f.seen & Fields.SEEN_EVENT_ID) == 0) {
            return bad(source, ReasonCode.MISSING_FIELD, "eventId is missing", line);
        }
        if (f.customerIdReason != null) {
            return bad(source, f.customerIdReason, f.customerIdMessage, line);
        }
        if ((f.seen & Fields.SEEN_CUSTOMER_ID) == 0) {
            return bad(source, ReasonCode.MISSING_FIELD, "customerId is missing", line);
        }
        if (f.typeReason != null) {
            return bad(source, f.typeReason, f.typeMessage, line);
        }
        if ((f.seen & Fields.SEEN_TYPE) == 0) {
            return bad(source, ReasonCode.MISSING_FIELD, "type is missing", line);
        }
        if (f.tsReason != null) {
            return bad(source, f.tsReason, f.tsMessage, line);
        }
        if ((f.seen & Fields.SEEN_TS) == 0) {
            return bad(source, ReasonCode.MISSING_FIELD, "ts is missing", line);
        }
        if (f.attrMessage != null) {
            return bad(source, ReasonCode.BAD_ATTRIBUTE, f.attrMessage, line);
        }
        return DecodeResult.ok(build(f));
    }

    private static CustomerEvent build(Fields f) {
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
        };
    }

    // ---- top-level fields ----

    private static String readId(JsonParser p, JsonToken v, String field, Fields f, boolean event)
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

    private static void readType(JsonParser p, JsonToken v, Fields f) throws IOException {
        if ((f.seen & Fields.SEEN_TYPE) != 0) {
            f.typeError(ReasonCode.INVALID_FIELD, "type appears twice");
        }
        f.seen |= Fields.SEEN_TYPE;
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

    private static void readTs(JsonParser p, JsonToken v, Fields f) throws IOException {
        if ((f.seen & Fields.SEEN_TS) != 0) {
            f.tsError(ReasonCode.INVALID_FIELD, "ts appears twice");
        }
        f.seen |= Fields.SEEN_TS;
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

    private static void readAttrsField(JsonParser p, JsonToken v, Fields f) throws IOException {
        if ((f.seen & Fields.SEEN_ATTRS) != 0) {
            p.skipChildren();
            f.attrError("attrs appears twice");
            return;
        }
        f.seen |= Fields.SEEN_ATTRS;
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            f.attrError("attrs must be an object, not " + describe(v));
            return;
        }
        if (f.type != null) {
            readAttrs(p, f.type, f);
        } else if ((f.seen & Fields.SEEN_TYPE) == 0) {
            // attrs before type: keep the tokens until the type is known
            TokenBuffer buffer = new TokenBuffer(p);
            buffer.copyCurrentStructure(p);
            f.bufferedAttrs = buffer;
        } else {
            p.skipChildren(); // the type is bad; that is what will be reported
        }
    }

    // ---- attrs ----

    /** Reads the attrs object; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    private static void readAttrs(JsonParser p, EventType type, Fields f) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (type) {
                case SUBSCRIPTION_STARTED -> {
                    switch (name) {
                        case "planId" -> f.s1 = str(p, v, name, f, 0);
                        case "cycleDays" -> f.i1 = integer(p, v, name, f, 1, 1, Integer.MAX_VALUE);
                        case "price" -> f.d1 = money(p, v, name, f, 2);
                        default -> p.skipChildren();
                    }
                }
                case ORDER -> {
                    switch (name) {
                        case "orderId" -> f.s1 = str(p, v, name, f, 0);
                        case "amount" -> f.d1 = money(p, v, name, f, 1);
                        case "currency" -> f.s2 = str(p, v, name, f, 2);
                        case "subscription" -> f.b1 = bool(p, v, name, f, 3);
                        case "items" ->
                                f.i1 =
                                        integer(
                                                p,
                                                v,
                                                name,
                                                f,
                                                4,
                                                Integer.MIN_VALUE,
                                                Integer.MAX_VALUE);
                        default -> p.skipChildren();
                    }
                }
                case CYCLE_SKIPPED -> {
                    if (name.equals("planId")) {
                        f.s1 = str(p, v, name, f, 0);
                    } else {
                        p.skipChildren();
                    }
                }
                case PLAN_CHANGED -> {
                    switch (name) {
                        case "fromPlan" -> f.s1 = str(p, v, name, f, 0);
                        case "toPlan" -> f.s2 = str(p, v, name, f, 1);
                        case "direction" -> f.e1 = enumValue(p, v, name, f, 2, DIRECTIONS);
                        default -> p.skipChildren();
                    }
                }
                case LOGIN, UNSUBSCRIBED -> {
                    if (name.equals("channel")) {
                        f.s1 = str(p, v, name, f, 0);
                    } else {
                        p.skipChildren();
                    }
                }
                case MESSAGE_OPENED, MESSAGE_CLICKED -> {
                    switch (name) {
                        case "channel" -> f.s1 = str(p, v, name, f, 0);
                        case "campaignId" -> f.s2 = str(p, v, name, f, 1);
                        default -> p.skipChildren();
                    }
                }
                case SUPPORT_CONTACT -> {
                    switch (name) {
                        case "channel" -> f.s1 = str(p, v, name, f, 0);
                        case "category" -> f.e1 = enumValue(p, v, name, f, 1, CATEGORIES);
                        case "sentiment" -> f.e2 = enumValue(p, v, name, f, 2, SENTIMENTS);
                        default -> p.skipChildren();
                    }
                }
                case FEEDBACK -> {
                    switch (name) {
                        case "score" -> f.i1 = integer(p, v, name, f, 0, 0, 10);
                        case "text" -> f.s1 = str(p, v, name, f, 1);
                        default -> p.skipChildren();
                    }
                }
                case PAYMENT_FAILED -> {
                    if (name.equals("reason")) {
                        f.s1 = str(p, v, name, f, 0);
                    } else {
                        p.skipChildren();
                    }
                }
                case SUBSCRIPTION_CANCELLED -> {
                    if (name.equals("reason")) {
                        f.e1 = enumValue(p, v, name, f, 0, CANCEL_REASONS);
                    } else {
                        p.skipChildren();
                    }
                }
                case PAYMENT_RECOVERED -> p.skipChildren();
            }
        }
    }

    /** Marks attribute {@code slot} as seen; false (and an error) if it was seen before. */
    private static boolean firstTime(Fields f, int slot, String name) {
        int bit = 1 << slot;
        if ((f.attrSeen & bit) != 0) {
            f.attrError("attrs." + name + " appears twice");
            return false;
        }
        f.attrSeen |= bit;
        return true;
    }

    private static String str(JsonParser p, JsonToken v, String name, Fields f, int slot)
            throws IOException {
        if (!firstTime(f, slot, name)) {
            p.skipChildren();
            return null;
        }
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v != JsonToken.VALUE_NULL) {
            p.skipChildren();
            f.attrError("attrs." + name + " must be a string, not " + describe(v));
        }
        return null;
    }

    private static Boolean bool(JsonParser p, JsonToken v, String name, Fields f, int slot)
            throws IOException {
        if (!firstTime(f, slot, name)) {
            p.skipChildren();
            return null;
        }
        switch (v) {
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                p.skipChildren();
                f.attrError("attrs." + name + " must be true or false, not " + describe(v));
                return null;
        }
    }

    private static Integer integer(
            JsonParser p, JsonToken v, String name, Fields f, int slot, int min, int max)
            throws IOException {
        if (!firstTime(f, slot, name)) {
            p.skipChildren();
            return null;
        }
        long value;
        if (v == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                f.attrError(rangeMessage(name, p.getText(), min, max));
                return null;
            }
            value = p.getLongValue();
        } else if (v == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                f.attrError("attrs." + name + " must be an integer, not " + quote(p.getText()));
                return null;
            }
            if (d < min || d > max) {
                f.attrError(rangeMessage(name, p.getText(), min, max));
                return null;
            }
            value = (long) d;
        } else if (v == JsonToken.VALUE_NULL) {
            return null;
        } else {
            p.skipChildren();
            f.attrError("attrs." + name + " must be an integer, not " + describe(v));
            return null;
        }
        if (value < min || value > max) {
            f.attrError(rangeMessage(name, p.getText(), min, max));
            return null;
        }
        return (int) value;
    }

    private static String rangeMessage(String name, String text, int min, int max) {
        if (max == Integer.MAX_VALUE && min > Integer.MIN_VALUE) {
            return "attrs." + name + " must be at least " + min + ", not " + quote(text);
        }
        if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
            return "attrs." + name + " is out of the integer range: " + quote(text);
        }
        return "attrs." + name + " must be between " + min + " and " + max + ", not " + quote(text);
    }

    private static Double money(JsonParser p, JsonToken v, String name, Fields f, int slot)
            throws IOException {
        if (!firstTime(f, slot, name)) {
            p.skipChildren();
            return null;
        }
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!Double.isFinite(d) || d < 0) {
                f.attrError(
                        "attrs."
                                + name
                                + " must be a finite number of at least 0, not "
                                + quote(p.getText()));
                return null;
            }
            return d;
        }
        if (v != JsonToken.VALUE_NULL) {
            p.skipChildren();
            f.attrError("attrs." + name + " must be a number, not " + describe(v));
        }
        return null;
    }

    private static <E extends Enum<E>> E enumValue(
            JsonParser p, JsonToken v, String name, Fields f, int slot, Map<String, E> values)
            throws IOException {
        if (!firstTime(f, slot, name)) {
            p.skipChildren();
            return null;
        }
        if (v == JsonToken.VALUE_STRING) {
            String s = p.getText();
            E e = values.get(s);
            if (e == null) {
                f.attrError(
                        "attrs."
                                + name
                                + " "
                                + quote(s)
                                + " is not one of "
                                + String.join(", ", values.keySet().stream().sorted().toList()));
            }
            return e;
        }
        if (v != JsonToken.VALUE_NULL) {
            p.skipChildren();
            f.attrError("attrs." + name + " must be a string, not " + describe(v));
        }
        return null;
    }

    // ---- helpers ----

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

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The value in quotes, cut to a readable length. */
    private static String quote(String s) {
        if (s.length() > QUOTE_CHARS) {
            int end = QUOTE_CHARS;
            if (Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            return "'" + s.substring(0, end) + "...'";
        }
        return "'" + s + "'";
    }

    private static <E extends Enum<E> & Wire> Map<String, E> wireMap(Class<E> type) {
        Map<String, E> map = new HashMap<>();
        for (E e : type.getEnumConstants()) {
            map.put(e.wire(), e);
        }
        return Map.copyOf(map);
    }

    /** What one decode has read so far. Attribute values live in typed slots, per event type. */
    private static final class Fields {
        static final int SEEN_EVENT_ID = 1;
        static final int SEEN_CUSTOMER_ID = 2;
        static final int SEEN_TYPE = 4;
        static final int SEEN_TS = 8;
        static final int SEEN_ATTRS = 16;

        int seen;
        int attrSeen;
        String eventId;
        String customerId;
        EventType type;
        long ts;
        TokenBuffer bufferedAttrs;

        String s1;
        String s2;
        Integer i1;
        Double d1;
        Boolean b1;
        Enum<?> e1;
        Enum<?> e2;

        // the first error of each field; finish() reports them in contract order
        ReasonCode eventIdReason;
        String eventIdMessage;
        ReasonCode customerIdReason;
        String customerIdMessage;
        ReasonCode typeReason;
        String typeMessage;
        ReasonCode tsReason;
        String tsMessage;
        String attrMessage;

        void eventIdError(ReasonCode r, String m) {
            if (eventIdReason == null) {
                eventIdReason = r;
                eventIdMessage = m;
            }
        }

        void customerIdError(ReasonCode r, String m) {
            if (customerIdReason == null) {
                customerIdReason = r;
                customerIdMessage = m;
            }
        }

        void typeError(ReasonCode r, String m) {
            if (typeReason == null) {
                typeReason = r;
                typeMessage = m;
            }
            type = null;
            bufferedAttrs = null;
        }

        void tsError(ReasonCode r, String m) {
            if (tsReason == null) {
                tsReason = r;
                tsMessage = m;
            }
        }

        void attrError(String m) {
            if (attrMessage == null) {
                attrMessage = m;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // encode
    // ------------------------------------------------------------------------------------------

    /**
     * Encodes an event as one line of contract JSON: {@code eventId}, {@code customerId}, {@code
     * type} (wire name), {@code ts} as an ISO-8601 UTC instant, and {@code attrs} with the non-null
     * attributes (omitted when there are none). {@code decode(encode(e))} equals {@code e} for
     * every event that satisfies the contract.
     */
    public String encode(CustomerEvent e) {
        Objects.requireNonNull(e, "event");
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("customerId", e.customerId());
            g.writeStringField("type", e.type().wireName());
            g.writeStringField("ts", Instant.ofEpochMilli(e.ts()).toString());
            Attrs a = new Attrs(g);
            switch (e.type()) {
                case SUBSCRIPTION_STARTED -> {
                    var s = (CustomerEvent.SubscriptionStarted) e;
                    a.str("planId", s.planId());
                    a.integer("cycleDays", s.cycleDays());
                    a.number("price", s.price());
                }
                case ORDER -> {
                    var o = (CustomerEvent.Order) e;
                    a.str("orderId", o.orderId());
                    a.number("amount", o.amount());
                    a.str("currency", o.currency());
                    a.bool("subscription", o.subscription());
                    a.integer("items", o.items());
                }
                case CYCLE_SKIPPED -> a.str("planId", ((CustomerEvent.CycleSkipped) e).planId());
                case PLAN_CHANGED -> {
                    var pc = (CustomerEvent.PlanChanged) e;
                    a.str("fromPlan", pc.fromPlan());
                    a.str("toPlan", pc.toPlan());
                    a.wire("direction", pc.direction());
                }
                case LOGIN -> a.str("channel", ((CustomerEvent.Login) e).channel());
                case MESSAGE_OPENED -> {
                    var m = (CustomerEvent.MessageOpened) e;
                    a.str("channel", m.channel());
                    a.str("campaignId", m.campaignId());
                }
                case MESSAGE_CLICKED -> {
                    var m = (CustomerEvent.MessageClicked) e;
                    a.str("channel", m.channel());
                    a.str("campaignId", m.campaignId());
                }
                case UNSUBSCRIBED -> a.str("channel", ((CustomerEvent.Unsubscribed) e).channel());
                case SUPPORT_CONTACT -> {
                    var sc = (CustomerEvent.SupportContact) e;
                    a.str("channel", sc.channel());
                    a.wire("category", sc.category());
                    a.wire("sentiment", sc.sentiment());
                }
                case FEEDBACK -> {
                    var fb = (CustomerEvent.Feedback) e;
                    a.integer("score", fb.score());
                    a.str("text", fb.text());
                }
                case PAYMENT_FAILED -> a.str("reason", ((CustomerEvent.PaymentFailed) e).reason());
                case PAYMENT_RECOVERED -> {}
                case SUBSCRIPTION_CANCELLED ->
                        a.wire("reason", ((CustomerEvent.SubscriptionCancelled) e).reason());
            }
            a.close();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /**
     * Encodes a dead letter as one JSON line: {@code
     * {"source":..,"reason":"MALFORMED_JSON","message":..,"original":..}}.
     */
    public static String encodeDeadLetter(DeadLetter d) {
        Objects.requireNonNull(d, "deadLetter");
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("source", d.source());
            g.writeStringField("reason", d.reason() == null ? null : d.reason().name());
            g.writeStringField("message", d.message());
            g.writeStringField("original", d.original());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** Writes the attrs object lazily, so that it is omitted when no attribute is set. */
    private static final class Attrs {
        private final JsonGenerator g;
        private boolean open;

        Attrs(JsonGenerator g) {
            this.g = g;
        }

        private void open() throws IOException {
            if (!open) {
                g.writeObjectFieldStart("attrs");
                open = true;
            }
        }

        void str(String name, String value) throws IOException {
            if (value != null) {
                open();
                g.writeStringField(name, value);
            }
        }

        void integer(String name, Integer value) throws IOException {
            if (value != null) {
                open();
                g.writeNumberField(name, value.intValue());
            }
        }

        void number(String name, Double value) throws IOException {
            if (value != null) {
                open();
                g.writeNumberField(name, value.doubleValue());
            }
        }

        void bool(String name, Boolean value) throws IOException {
            if (value != null) {
                open();
                g.writeBooleanField(name, value.booleanValue());
            }
        }

        void wire(String name, Wire value) throws IOException {
            if (value != null) {
                open();
                g.writeStringField(name, value.wire());
            }
        }

        void close() throws IOException {
            if (open) {
                g.writeEndObject();
            }
        }
    }

    /** The shared Jackson factory, created on first use (never serialized). */
    private static final class Json {
        static final JsonFactory FACTORY =
                JsonFactory.builder()
                        // input is untrusted: do not put arbitrary key names into the JVM's
                        // string pool
                        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                        .build();
    }

    /** A strict, allocation-free parser of ISO-8601 / RFC 3339 instants. */
    static final class IsoInstant {
        static final long INVALID = Long.MIN_VALUE;

        private IsoInstant() {}

        /**
         * Parses {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)} into epoch milliseconds, or
         * returns {@link #INVALID}. {@code T} and {@code Z} may be lower case.
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
}

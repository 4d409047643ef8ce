package dev.kizashi.wire;

import static dev.kizashi.wire.WireJson.describe;
import static dev.kizashi.wire.WireJson.quote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kizashi.model.ActionChannel;
import dev.kizashi.model.CancelReason;
import dev.kizashi.model.ContactOutcome;
import dev.kizashi.model.EventType;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.model.Wire;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code attrs} object of one event for {@link EventDecoder}: each event type's known
 * attributes into the typed slots of {@link DecodedFields}, unknown ones skipped. The first problem
 * is kept as the {@link ReasonCode#BAD_ATTRIBUTE} message.
 */
final class AttrsDecoder {

    private static final Map<String, SupportCategory> CATEGORIES = wireMap(SupportCategory.class);
    private static final Map<String, Sentiment> SENTIMENTS = wireMap(Sentiment.class);
    private static final Map<String, PlanDirection> DIRECTIONS = wireMap(PlanDirection.class);
    private static final Map<String, CancelReason> CANCEL_REASONS = wireMap(CancelReason.class);
    private static final Map<String, ActionChannel> ACTION_CHANNELS = wireMap(ActionChannel.class);
    private static final Map<String, ContactOutcome> CONTACT_OUTCOMES =
            wireMap(ContactOutcome.class);

    private AttrsDecoder() {}

    /** Reads the attrs object; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    static void readAttrs(JsonParser p, EventType type, DecodedFields f) throws IOException {
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
                case RETENTION_ACTION -> {
                    switch (name) {
                        case "episodeId" -> f.s1 = str(p, v, name, f, 0);
                        case "alertId" -> f.s2 = str(p, v, name, f, 1);
                        case "channel" -> f.e1 = enumValue(p, v, name, f, 2, ACTION_CHANNELS);
                        case "action" -> f.s3 = str(p, v, name, f, 3);
                        case "campaign" -> f.s4 = str(p, v, name, f, 4);
                        case "offer" -> f.s5 = str(p, v, name, f, 5);
                        case "outcome" -> f.e2 = enumValue(p, v, name, f, 6, CONTACT_OUTCOMES);
                        case "cost" -> f.d1 = money(p, v, name, f, 7);
                        default -> p.skipChildren();
                    }
                }
            }
        }
    }

    /** Marks attribute {@code slot} as seen; false (and an error) if it was seen before. */
    private static boolean firstTime(DecodedFields f, int slot, String name) {
        int bit = 1 << slot;
        if ((f.attrSeen & bit) != 0) {
            f.attrError("attrs." + name + " appears twice");
            return false;
        }
        f.attrSeen |= bit;
        return true;
    }

    private static String str(JsonParser p, JsonToken v, String name, DecodedFields f, int slot)
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

    private static Boolean bool(JsonParser p, JsonToken v, String name, DecodedFields f, int slot)
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
            JsonParser p, JsonToken v, String name, DecodedFields f, int slot, int min, int max)
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

    private static Double money(JsonParser p, JsonToken v, String name, DecodedFields f, int slot)
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
            JsonParser p,
            JsonToken v,
            String name,
            DecodedFields f,
            int slot,
            Map<String, E> values)
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

    private static <E extends Enum<E> & Wire> Map<String, E> wireMap(Class<E> type) {
        Map<String, E> map = new HashMap<>();
        for (E e : type.getEnumConstants()) {
            map.put(e.wire(), e);
        }
        return Map.copyOf(map);
    }
}

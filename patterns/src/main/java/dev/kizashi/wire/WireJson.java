package dev.kizashi.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import java.util.Locale;

/**
 * What the event decoder and encoder share: the Jackson factory, created on first use (so nothing
 * of it is in a serialized {@link EventCodec}), and the wording of JSON values in dead-letter
 * messages.
 */
final class WireJson {

    /** The shared Jackson factory. */
    static final JsonFactory FACTORY =
            JsonFactory.builder()
                    // input is untrusted: do not put arbitrary key names into the JVM's
                    // string pool
                    .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                    .build();

    /** How much of an offending value is quoted in a message. */
    private static final int QUOTE_CHARS = 40;

    private WireJson() {}

    static String describe(JsonToken t) {
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
    static String quote(String s) {
        if (s.length() > QUOTE_CHARS) {
            int end = QUOTE_CHARS;
            if (Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            return "'" + s.substring(0, end) + "...'";
        }
        return "'" + s + "'";
    }
}

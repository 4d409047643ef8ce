package dev.kizashi.connectors.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Serializable;
import java.util.function.Function;

/**
 * Finds the top-level {@code customerId} of an event line cheaply: a substring check, then a
 * streaming parse that stops at the field (no tree, nested objects skipped). Null when the line has
 * none or is not JSON; such lines are still produced (without key) so the job dead-letters them.
 */
public final class CustomerIdKey implements Function<String, String>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory FACTORY = new JsonFactory();

    public static final CustomerIdKey INSTANCE = new CustomerIdKey();

    private CustomerIdKey() {}

    @Override
    public String apply(String line) {
        return of(line);
    }

    public static String of(String line) {
        if (line == null || !line.contains("\"customerId\"")) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("customerId".equals(name)) {
                    return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT
                            ? p.getText()
                            : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

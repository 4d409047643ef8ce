package dev.kizashi.connectors.kafka;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A password or key passphrase for the Kafka clients. It is read from an environment variable or a
 * file, never taken from a command-line value (which would show in {@code ps} and shell history),
 * and it never shows in {@link #toString()}.
 *
 * <p>It is {@link Serializable} because the Flink job carries the client properties to its task
 * managers: the value travels inside the job graph like any other connector setting.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What {@link #toString()} and the masked settings print instead of a value. */
    public static final String MASK = "******";

    private final String value;
    private final String from;

    private Secret(String value, String from) {
        this.value = Objects.requireNonNull(value, "value");
        this.from = from;
    }

    /**
     * The value of environment variable {@code name} in {@code env}, or else, when {@code
     * name_FILE} is set, the content of that file (trailing line breaks removed); empty when
     * neither is set.
     */
    public static Optional<Secret> fromEnvironment(String name, Map<String, String> env) {
        String direct = env.get(name);
        if (direct != null && !direct.isEmpty()) {
            return Optional.of(new Secret(direct, "env " + name));
        }
        String file = env.get(name + "_FILE");
        if (file != null && !file.isBlank()) {
            return Optional.of(fromFile(Path.of(file.trim())));
        }
        return Optional.empty();
    }

    /** The content of {@code file} (UTF-8, trailing line breaks removed). */
    public static Secret fromFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            return new Secret(text.substring(0, end), "file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    /** For tests and programmatic use only; the CLI must use the environment or a file. */
    static Secret of(String value) {
        return new Secret(value, "code");
    }

    /** The secret itself; only for building client properties. */
    public String reveal() {
        return value;
    }

    /** Where the secret came from ("env NAME" or "file PATH"), safe to print. */
    public String source() {
        return from;
    }

    @Override
    public String toString() {
        return MASK + " (" + from + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}

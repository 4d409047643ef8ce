package dev.kizashi.connectors;

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
 * A credential (password, API key, key passphrase) for Kafka or Elasticsearch clients. It is read
 * from an environment variable or a file, never from a command-line value (which would show in
 * {@code ps} and shell history), and it never shows in {@link #toString()}.
 *
 * <p>It is {@link Serializable} because the Flink job carries client settings to its task managers:
 * the value travels inside the job graph like any other connector setting.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What {@link #toString()} and masked settings print instead of a value. */
    public static final String MASK = "******";

    private final String value;
    private final String source;

    private Secret(String value, String source) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty secret from " + source);
        }
        this.value = value;
        this.source = source;
    }

    /** A secret given programmatically (tests, or values already read from a vault). */
    public static Secret of(String value) {
        return new Secret(value, "value");
    }

    /**
     * The value of environment variable {@code name} in {@code env}, or else, when {@code
     * name_FILE} is set, the content of that file; empty when neither is set.
     */
    public static Optional<Secret> fromEnvironment(String name, Map<String, String> env) {
        String direct = env.get(name);
        if (direct != null && !direct.isEmpty()) {
            return Optional.of(new Secret(direct, "env:" + name));
        }
        String file = env.get(name + "_FILE");
        if (file != null && !file.isBlank()) {
            return Optional.of(fromFile(Path.of(file.trim())));
        }
        return Optional.empty();
    }

    /** Environment variable {@code name}; fails (naming the variable, not the value) if unset. */
    public static Secret fromEnv(String name) {
        return fromEnv(name, System.getenv());
    }

    /** {@link #fromEnv(String)} against the given environment. */
    public static Secret fromEnv(String name, Map<String, String> env) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return new Secret(v, "env:" + name);
    }

    /** The content of {@code file} (UTF-8, trailing line breaks and blanks removed). */
    public static Secret fromFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
            return new Secret(text, "file:" + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    /** The clear value: only for handing to the client. */
    public String reveal() {
        return value;
    }

    /** Where the secret came from ("env:NAME", "file:PATH" or "value"), safe to log. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return MASK + "(" + source + ")";
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

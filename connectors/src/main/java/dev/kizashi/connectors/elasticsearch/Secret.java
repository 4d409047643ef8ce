package dev.kizashi.connectors.elasticsearch;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A credential (password, API key) that never shows in logs: {@link #toString()} masks it, and it
 * is only ever read from the environment or a file, never from a command line.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String MASK = "******";

    private final String value;
    private final String source;

    private Secret(String value, String source) {
        if (value == null || value.isEmpty()) {
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
     * The value of an environment variable; fails (naming the variable, not the value) if unset.
     */
    public static Secret fromEnv(String variable) {
        return fromEnv(variable, System.getenv());
    }

    static Secret fromEnv(String variable, Map<String, String> env) {
        String v = env.get(variable);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return new Secret(v, "env:" + variable);
    }

    /** The first line of a file (trailing newline and whitespace trimmed). */
    public static Secret fromFile(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int nl = content.indexOf('\n');
            String line = (nl >= 0 ? content.substring(0, nl) : content).strip();
            return new Secret(line, "file:" + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    /** The clear value: only for handing to the client. */
    public String reveal() {
        return value;
    }

    /** Where the secret came from (env variable name or file path), safe to log. */
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
        return Objects.hash(value);
    }
}

package dev.kizashi.pdca;

import dev.kizashi.model.ChurnPattern;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The randomised hold-out that makes uplift measurable: a share of episodes whose alerts are kept
 * (Elasticsearch, files) but never sent to a channel. Decided once per episode, when it opens, by a
 * salted SHA-256 of customer and episode id mapped onto [0, 1): no state, no clock, so a replay or
 * a restart decides the same, and nobody can pick who is held out.
 *
 * <p>The share is the episode opener's pattern's if set, else its channel's, else the default.
 */
public final class ControlGroup implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_SHARE = 0.10;
    public static final String DEFAULT_SALT = "kizashi-control";

    /** No hold-out at all. */
    public static final ControlGroup NONE = new ControlGroup(0, DEFAULT_SALT, Map.of(), Map.of());

    private final double share;
    private final String salt;
    private final EnumMap<ChurnPattern, Double> byPattern = new EnumMap<>(ChurnPattern.class);
    private final TreeMap<String, Double> byChannel = new TreeMap<>();

    public ControlGroup(
            double share,
            String salt,
            Map<ChurnPattern, Double> byPattern,
            Map<String, Double> byChannel) {
        this.share = checked(share, "control share");
        this.salt = java.util.Objects.requireNonNull(salt, "salt");
        byPattern.forEach((p, s) -> this.byPattern.put(p, checked(s, "control share of " + p)));
        byChannel.forEach((c, s) -> this.byChannel.put(c, checked(s, "control share of " + c)));
    }

    /** The default: 10% of episodes, the default salt. */
    public static ControlGroup defaults() {
        return new ControlGroup(DEFAULT_SHARE, DEFAULT_SALT, Map.of(), Map.of());
    }

    private static double checked(double s, String what) {
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1, not " + s);
        }
        return s;
    }

    /** The share held out of episodes opened by {@code pattern} on {@code channel}. */
    public double shareFor(ChurnPattern pattern, String channel) {
        Double p = byPattern.get(pattern);
        if (p != null) {
            return p;
        }
        Double c = channel == null ? null : byChannel.get(channel);
        return c != null ? c : share;
    }

    /** Whether the episode opened by an alert of {@code pattern} on {@code channel} is held out. */
    public boolean holdsOut(
            String customerId, String episodeId, ChurnPattern pattern, String channel) {
        double s = shareFor(pattern, channel);
        return s > 0 && unit(customerId, episodeId) < s;
    }

    /**
     * The episode's uniform draw in [0, 1): the top 53 bits of SHA-256(salt, customer, episode).
     */
    public double unit(String customerId, String episodeId) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha.update(salt.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(customerId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(String.valueOf(episodeId).getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
        return bits / (double) (1L << 53);
    }

    public double share() {
        return share;
    }

    @Override
    public String toString() {
        return "ControlGroup{share="
                + share
                + ", byPattern="
                + byPattern
                + ", byChannel="
                + byChannel
                + "}";
    }
}

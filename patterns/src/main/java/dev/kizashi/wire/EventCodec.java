package dev.kizashi.wire;

import dev.kizashi.model.CustomerEvent;
import java.io.Serializable;

/**
 * Decodes one line of the input contract ({@code shared/contracts/customer-events.md}) into a
 * {@link CustomerEvent}, or into a {@link DeadLetter} that says why not; and encodes events back
 * into contract JSON.
 *
 * <p>The work is done by {@link EventDecoder} (whose documentation lists the precedence of problems
 * and the decisions beyond the contract text), {@link EventEncoder} and {@link IsoInstant}; this
 * class is what callers use, and what they configure: the longest accepted line.
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

    /**
     * Decodes one line. Never throws. See {@link EventDecoder} for what is accepted and which
     * problem is reported when there are several.
     *
     * @param line the record text; {@code null} is treated as an empty line
     * @param source where the line came from, copied into the dead letter
     * @return the event, or the dead letter saying why there is none
     */
    public DecodeResult decode(String line, String source) {
        return EventDecoder.decode(line, source, maxLineChars);
    }

    /**
     * Encodes an event as one line of contract JSON: {@code eventId}, {@code customerId}, {@code
     * type} (wire name), {@code ts} as an ISO-8601 UTC instant, and {@code attrs} with the non-null
     * attributes (omitted when there are none). {@code decode(encode(e))} equals {@code e} for
     * every event that satisfies the contract.
     */
    public String encode(CustomerEvent e) {
        return EventEncoder.encode(e);
    }

    /**
     * Encodes a dead letter as one JSON line: {@code
     * {"source":..,"reason":"MALFORMED_JSON","message":..,"original":..}}.
     */
    public static String encodeDeadLetter(DeadLetter d) {
        return EventEncoder.encodeDeadLetter(d);
    }
}

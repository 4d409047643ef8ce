package dev.kizashi.wire;

/** Why an input record went to the dead-letter output. Machine-readable and stable. */
public enum ReasonCode {
    /** The line is blank. */
    EMPTY_LINE,
    /** The line is longer than the configured maximum. */
    OVERSIZED,
    /** The text is not valid JSON (including truncated JSON). */
    MALFORMED_JSON,
    /** Valid JSON, but not an object. */
    NOT_AN_OBJECT,
    /**
     * A required field ({@code eventId}, {@code customerId}, {@code type}, {@code ts}) is absent.
     */
    MISSING_FIELD,
    /** A required field is present but empty, too long or of the wrong JSON type. */
    INVALID_FIELD,
    /** {@code type} is not one of the contract's event types. */
    UNKNOWN_TYPE,
    /** {@code ts} is neither an ISO-8601 instant nor epoch milliseconds in a sane range. */
    BAD_TIMESTAMP,
    /** {@code attrs} is not an object, or one of its known keys has the wrong type or value. */
    BAD_ATTRIBUTE,
    /** A row of an imported order log (CDNOW, CSV) cannot be mapped to an order event. */
    BAD_ROW,
    /** A valid event that arrived later than the watermark bound: kept, counted, not applied. */
    LATE_EVENT
}

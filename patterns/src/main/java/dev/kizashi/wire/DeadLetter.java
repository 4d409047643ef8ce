package dev.kizashi.wire;

/**
 * An input record that could not become an event: the original text, a machine-readable reason and
 * a message for a person.
 *
 * @param source where the record came from (a file name and line, a topic-partition-offset)
 * @param reason why it was rejected
 * @param message what exactly was wrong, for a person
 * @param original the record as received (cut to a bounded length for oversized input)
 */
public record DeadLetter(String source, ReasonCode reason, String message, String original) {}

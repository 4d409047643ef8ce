package dev.kizashi.connectors;

/**
 * One raw input record before decoding, with where it came from so a dead letter can point at it.
 *
 * @param origin the file, topic-partition or generator the record came from
 * @param lineNo 1-based line number in a file, offset in a partition, index in a generator
 * @param text the record as received
 */
public record SourceLine(String origin, long lineNo, String text) {

    /** "origin:lineNo", for dead letters. */
    public String location() {
        return origin + ":" + lineNo;
    }
}

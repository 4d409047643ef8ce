package dev.kizashi.connectors.elasticsearch;

import java.nio.charset.StandardCharsets;

/**
 * One {@code index} operation of a bulk request: target index, document id, optional external
 * version (-1: none) and the document's JSON bytes.
 */
record BulkAction(String index, String id, long version, byte[] source) {
    /** Bytes of {@code {"index":{"_index":"","_id":""}}} plus two newlines. */
    static final int ACTION_LINE_OVERHEAD = 32;

    /** Bytes of {@code ,"version":,"version_type":"external_gte"} without the number. */
    static final int VERSION_OVERHEAD = 40;

    /** Size of this action in the bulk body (action line + document line), in bytes. */
    long sizeInBytes() {
        long size = ACTION_LINE_OVERHEAD + utf8Length(index) + utf8Length(id) + source.length;
        if (version >= 0) {
            size += VERSION_OVERHEAD + Long.toString(version).length();
        }
        return size;
    }

    private static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }
}

package dev.kizashi.model;

/**
 * The 64-bit hash by which state remembers recent event ids to drop redeliveries: 8 bytes per id
 * instead of the id, and collisions negligible among the few ids a customer's state keeps. The
 * profile's stored hashes are these values, so the function must not change.
 */
public final class EventIdHash {
    private EventIdHash() {}

    /** FNV-1a over the UTF-16 code units, low byte then high byte. */
    public static long of(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            char c = eventId.charAt(i);
            h ^= (c & 0xff);
            h *= 0x100000001b3L;
            h ^= (c >>> 8);
            h *= 0x100000001b3L;
        }
        return h;
    }
}

package dev.kizashi.generator;

import dev.kizashi.model.CustomerEvent;
import java.time.Instant;

/**
 * Builds malformed lines of each {@link BadLineKind}, hand-written so they do not depend on the
 * codec.
 */
final class BadLines {

    private static final String[] BAD_TS = {
        "2026-13-45T25:61:00Z", "yesterday at noon", "31/01/2026 09:00", "1e99x"
    };
    private static final String[] NOT_JSON = {
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        "customer c-000001 logged in at noon",
        "ERROR 2026-01-01 connection reset by peer",
        "order,c-000001,2026-01-01,3980"
    };
    private static final String[] UNKNOWN_TYPES = {
        "page_view", "refund", "Order", "subscription_paused"
    };

    private BadLines() {}

    static String make(BadLineKind kind, CustomerEvent e, String good, long n, Rng r) {
        String id = "bad-" + n;
        String ts = Instant.ofEpochMilli(e.ts()).toString();
        String cid = e.customerId();
        switch (kind) {
            case TRUNCATED_JSON:
                if (good == null || good.length() < 2) {
                    return "{\"eventId\":\"" + id;
                }
                return good.substring(0, 1 + r.nextInt(good.length() - 1));
            case MISSING_CUSTOMER_ID:
                return "{\"eventId\":\""
                        + id
                        + "\",\"type\":\"login\",\"ts\":\""
                        + ts
                        + "\",\"attrs\":{\"channel\":\"web\"}}";
            case UNKNOWN_TYPE:
                return "{\"eventId\":\""
                        + id
                        + "\",\"customerId\":\""
                        + cid
                        + "\",\"type\":\""
                        + UNKNOWN_TYPES[r.nextInt(UNKNOWN_TYPES.length)]
                        + "\",\"ts\":\""
                        + ts
                        + "\"}";
            case BAD_TIMESTAMP:
                return "{\"eventId\":\""
                        + id
                        + "\",\"customerId\":\""
                        + cid
                        + "\",\"type\":\"login\",\"ts\":\""
                        + BAD_TS[r.nextInt(BAD_TS.length)]
                        + "\",\"attrs\":{\"channel\":\"app\"}}";
            case WRONG_ATTR_TYPE:
                return r.chance(0.5)
                        ? "{\"eventId\":\""
                                + id
                                + "\",\"customerId\":\""
                                + cid
                                + "\",\"type\":\"order\",\"ts\":\""
                                + ts
                                + "\",\"attrs\":{\"amount\":\"lots\",\"currency\":\"JPY\"}}"
                        : "{\"eventId\":\""
                                + id
                                + "\",\"customerId\":\""
                                + cid
                                + "\",\"type\":\"feedback\",\"ts\":\""
                                + ts
                                + "\",\"attrs\":{\"score\":\"ten\"}}";
            case NOT_JSON:
                return NOT_JSON[r.nextInt(NOT_JSON.length)];
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }
}

package dev.kizashi.wire;

import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.kizashi.model.EventType;

/**
 * What one decode has read so far. Attribute values live in typed slots, per event type. Used by
 * {@link EventDecoder} and {@link AttrsDecoder}, one instance per line.
 */
final class DecodedFields {
    static final int SEEN_EVENT_ID = 1;
    static final int SEEN_CUSTOMER_ID = 2;
    static final int SEEN_TYPE = 4;
    static final int SEEN_TS = 8;
    static final int SEEN_ATTRS = 16;

    int seen;
    int attrSeen;
    String eventId;
    String customerId;
    EventType type;
    long ts;
    TokenBuffer bufferedAttrs;

    String s1;
    String s2;
    String s3;
    String s4;
    String s5;
    Integer i1;
    Double d1;
    Boolean b1;
    Enum<?> e1;
    Enum<?> e2;

    // the first error of each field; finish() reports them in contract order
    ReasonCode eventIdReason;
    String eventIdMessage;
    ReasonCode customerIdReason;
    String customerIdMessage;
    ReasonCode typeReason;
    String typeMessage;
    ReasonCode tsReason;
    String tsMessage;
    String attrMessage;

    void eventIdError(ReasonCode r, String m) {
        if (eventIdReason == null) {
            eventIdReason = r;
            eventIdMessage = m;
        }
    }

    void customerIdError(ReasonCode r, String m) {
        if (customerIdReason == null) {
            customerIdReason = r;
            customerIdMessage = m;
        }
    }

    void typeError(ReasonCode r, String m) {
        if (typeReason == null) {
            typeReason = r;
            typeMessage = m;
        }
        type = null;
        bufferedAttrs = null;
    }

    void tsError(ReasonCode r, String m) {
        if (tsReason == null) {
            tsReason = r;
            tsMessage = m;
        }
    }

    void attrError(String m) {
        if (attrMessage == null) {
            attrMessage = m;
        }
    }
}

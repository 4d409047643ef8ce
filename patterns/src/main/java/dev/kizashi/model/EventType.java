package dev.kizashi.model;

import java.util.HashMap;
import java.util.Map;

/** The event types of the input contract ({@code shared/contracts/customer-events.md}). */
public enum EventType {
    SUBSCRIPTION_STARTED("subscription_started"),
    ORDER("order"),
    CYCLE_SKIPPED("cycle_skipped"),
    PLAN_CHANGED("plan_changed"),
    LOGIN("login"),
    MESSAGE_OPENED("message_opened"),
    MESSAGE_CLICKED("message_clicked"),
    UNSUBSCRIBED("unsubscribed"),
    SUPPORT_CONTACT("support_contact"),
    FEEDBACK("feedback"),
    PAYMENT_FAILED("payment_failed"),
    PAYMENT_RECOVERED("payment_recovered"),
    SUBSCRIPTION_CANCELLED("subscription_cancelled"),
    RETENTION_ACTION("retention_action");

    private static final Map<String, EventType> BY_WIRE_NAME = new HashMap<>();

    static {
        for (EventType t : values()) {
            BY_WIRE_NAME.put(t.wireName, t);
        }
    }

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire, e.g. {@code support_contact}. */
    public String wireName() {
        return wireName;
    }

    /** The type for a wire name, or {@code null} when the contract has no such type. */
    public static EventType fromWireName(String name) {
        return BY_WIRE_NAME.get(name);
    }
}

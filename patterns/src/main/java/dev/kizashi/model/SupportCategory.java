package dev.kizashi.model;

/** {@code support_contact.attrs.category}. */
public enum SupportCategory implements Wire {
    BILLING,
    DELIVERY,
    QUALITY,
    CANCEL_REQUEST,
    PRICE,
    OTHER
}

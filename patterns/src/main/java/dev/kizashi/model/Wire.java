package dev.kizashi.model;

/** Enums of the contract whose constants are spelled in lower case on the wire. */
public interface Wire {
    /** The lower-case name used in JSON. */
    default String wire() {
        return ((Enum<?>) this).name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The constant whose wire name is {@code value}, or {@code null}. */
    static <E extends Enum<E> & Wire> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(value)) {
                return e;
            }
        }
        return null;
    }
}

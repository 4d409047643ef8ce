package dev.kizashi.alert;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.profile.CustomerProfile;

/** Lifecycle segment of a customer from their profile. */
public final class Segments {
    private Segments() {}

    public static String of(CustomerProfile p, long now) {
        if (p.cancelled) {
            return "cancelled";
        }
        if (now - p.lastActivityTs >= 30 * DAY_MS) {
            return "dormant";
        }
        if (p.orderDays <= 1) {
            return p.subscribed ? "new_subscriber" : "new_customer";
        }
        return p.subscribed ? "subscriber" : "repeat_buyer";
    }
}

package dev.kizashi.detect;

import java.io.Serializable;
import java.time.Duration;

/**
 * Thresholds of the precursor detector. The job builds this from its typed configuration; the
 * defaults here are the documented defaults.
 *
 * @param dormantAfter no activity of any kind for this long is {@code DORMANT}
 * @param overdueSpreads an order is overdue after the own mean gap plus this many own spreads
 * @param overdueMinOrders distinct order days needed before a customer has a rhythm of their own
 * @param paymentRecoveryWindow a failed payment not recovered within this is unrecovered
 * @param supportSpikeContacts this many support contacts ...
 * @param supportSpikeWindow ... within this window are a spike
 * @param retention state of a customer inactive this long is deleted
 * @param dedupeWindow an event id seen again within this much event time is a duplicate
 * @param dedupeMaxIds how many recent event ids are remembered per customer
 */
public record DetectorConfig(
        Duration dormantAfter,
        double overdueSpreads,
        int overdueMinOrders,
        Duration paymentRecoveryWindow,
        int supportSpikeContacts,
        Duration supportSpikeWindow,
        Duration retention,
        Duration dedupeWindow,
        int dedupeMaxIds)
        implements Serializable {

    public static DetectorConfig defaults() {
        return new DetectorConfig(
                Duration.ofDays(30),
                2.0,
                3,
                Duration.ofDays(7),
                3,
                Duration.ofDays(14),
                Duration.ofDays(730),
                Duration.ofDays(1),
                32);
    }
}

package dev.kizashi.detect;

import java.io.Serializable;
import java.time.Duration;

/**
 * Thresholds of the precursor detector. The job builds this from its typed configuration; the
 * defaults here are the documented defaults ({@code docs/design-detection.md}).
 *
 * @param dormantAfter no activity of any kind for this long is {@code DORMANT} (30 d)
 * @param overdueSpreads an order is overdue after the own mean gap plus this many own spreads (2.0)
 * @param overdueMinOrders distinct order days needed before a customer has a rhythm of their own
 *     (3); also the history {@code HIGH_VALUE_SLOWDOWN} needs
 * @param paymentRecoveryWindow a failed payment not recovered within this is unrecovered (7 d)
 * @param supportSpikeContacts this many support contacts ... (3)
 * @param supportSpikeWindow ... within this window are a spike (14 d); also the window of the
 *     negative-contact form
 * @param retention state of a customer inactive this long is deleted (730 d)
 * @param dedupeWindow an event id seen again within this much event time is a duplicate (1 d)
 * @param dedupeMaxIds how many recent event ids are remembered per customer (32)
 * @param missedCycleGrace a subscriber's cycle order not seen by the last cycle order (or start, or
 *     skip) + cycle + this grace is a missed cycle, {@code SKIPPED_CYCLE} (5 d: deliveries shift by
 *     days around weekends, stock and payment retries; at 2 d half the missed-cycle alerts on
 *     generated streams were such shifts)
 * @param supportSpikeNegatives this many negative support contacts or detractor feedbacks (score
 *     &lt;= 6) within the spike window are a {@code SUPPORT_SPIKE} too (3)
 * @param priceComplaintWindow a price or billing complaint not followed by an order within this is
 *     {@code CANCEL_INTENT} (30 d: a monthly customer's next order is not due within 14 d, so a
 *     shorter window alerts on routine gaps)
 * @param engagementDropRatio {@code ENGAGEMENT_DROP} when the 14-day engagement rate falls below
 *     this fraction of the customer's own 90-day rate (0.4)
 * @param engagementMinHistory engagement history a customer needs before a drop counts (60 d)
 * @param engagementMinBaselinePerDay the own 90-day engagement rate (events per day) below which a
 *     customer is too quiet for a drop to mean anything (0.2)
 * @param slowdownGapFactor a high-value customer whose current gap exceeds this many own mean gaps
 *     is {@code HIGH_VALUE_SLOWDOWN} (1.5)
 * @param downgradeWindow a downgrade followed within this by an unsubscribe or a negative support
 *     contact is {@code DOWNGRADE_SEQUENCE} (30 d)
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
        int dedupeMaxIds,
        Duration missedCycleGrace,
        int supportSpikeNegatives,
        Duration priceComplaintWindow,
        double engagementDropRatio,
        Duration engagementMinHistory,
        double engagementMinBaselinePerDay,
        double slowdownGapFactor,
        Duration downgradeWindow)
        implements Serializable {

    /** The most negative signals a profile remembers: caps {@link #supportSpikeNegatives}. */
    public static final int MAX_NEGATIVES = 16;

    public DetectorConfig {
        if (supportSpikeContacts < 1 || supportSpikeNegatives < 1) {
            throw new IllegalArgumentException("spike counts must be >= 1");
        }
        if (supportSpikeNegatives > MAX_NEGATIVES) {
            throw new IllegalArgumentException("supportSpikeNegatives must be <= " + MAX_NEGATIVES);
        }
        if (!(engagementDropRatio > 0 && engagementDropRatio < 1)) {
            throw new IllegalArgumentException("engagementDropRatio must be in (0, 1)");
        }
        if (!(slowdownGapFactor > 1)) {
            throw new IllegalArgumentException("slowdownGapFactor must be > 1");
        }
    }

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
                32,
                Duration.ofDays(5),
                3,
                Duration.ofDays(30),
                0.4,
                Duration.ofDays(60),
                0.2,
                1.5,
                Duration.ofDays(30));
    }
}

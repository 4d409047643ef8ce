package dev.kizashi.detect;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of the precursor detector, in five named groups. The job builds this from its typed
 * configuration ({@code KizashiOptions}, whose defaults are read from {@link #DEFAULTS}: each
 * default value is written once, in the {@code DEFAULTS} of its group below). For the default
 * values see {@code KizashiOptions} / the README's options table; for the reasoning behind them
 * {@code docs/design-detection.md}.
 *
 * <p>The flat accessors ({@link #dormantAfter()}, {@link #dedupeWindow()}, ...) read through to the
 * groups.
 *
 * @param rhythm when an order is overdue or a cycle missed
 * @param silence dormancy and how long the state of an inactive customer is kept
 * @param service payment, support, price-complaint and downgrade signals
 * @param engagement when an engagement drop counts
 * @param dedupe duplicate event ids
 */
public record DetectorConfig(
        Rhythm rhythm, Silence silence, Service service, Engagement engagement, Dedupe dedupe)
        implements Serializable {

    /** The most negative signals a profile remembers: caps {@link #supportSpikeNegatives}. */
    public static final int MAX_NEGATIVES = 16;

    /** The documented defaults: the single place their values are written. */
    public static final DetectorConfig DEFAULTS =
            new DetectorConfig(
                    Rhythm.DEFAULTS,
                    Silence.DEFAULTS,
                    Service.DEFAULTS,
                    Engagement.DEFAULTS,
                    Dedupe.DEFAULTS);

    public DetectorConfig {
        Objects.requireNonNull(rhythm, "rhythm");
        Objects.requireNonNull(silence, "silence");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(engagement, "engagement");
        Objects.requireNonNull(dedupe, "dedupe");
    }

    public static DetectorConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A customer's own order rhythm (default values: see {@code KizashiOptions} / README).
     *
     * @param overdueSpreads an order is overdue after the own mean gap plus this many own spreads
     * @param overdueMinOrders distinct order days needed before a customer has a rhythm of their
     *     own; also the history {@code HIGH_VALUE_SLOWDOWN} needs
     * @param missedCycleGrace a subscriber's cycle order not seen by the last cycle order (or
     *     start, or skip) + cycle + this grace is a missed cycle, {@code SKIPPED_CYCLE} (deliveries
     *     shift by days around weekends, stock and payment retries; at 2 days half the missed-cycle
     *     alerts on generated streams were such shifts)
     * @param slowdownGapFactor a high-value customer whose current gap exceeds this many own mean
     *     gaps is {@code HIGH_VALUE_SLOWDOWN}; must be &gt; 1
     */
    public record Rhythm(
            double overdueSpreads,
            int overdueMinOrders,
            Duration missedCycleGrace,
            double slowdownGapFactor)
            implements Serializable {
        public static final Rhythm DEFAULTS = new Rhythm(2.0, 3, Duration.ofDays(5), 1.5);

        public Rhythm {
            if (!(slowdownGapFactor > 1)) {
                throw new IllegalArgumentException("slowdownGapFactor must be > 1");
            }
        }
    }

    /**
     * Silence (default values: see {@code KizashiOptions} / README).
     *
     * @param dormantAfter no activity of any kind for this long is {@code DORMANT}
     * @param retention state of a customer inactive this long is deleted
     */
    public record Silence(Duration dormantAfter, Duration retention) implements Serializable {
        public static final Silence DEFAULTS =
                new Silence(Duration.ofDays(30), Duration.ofDays(730));

        public Silence withDormantAfter(Duration d) {
            return new Silence(d, retention);
        }
    }

    /**
     * Payment and service signals (default values: see {@code KizashiOptions} / README).
     *
     * @param paymentRecoveryWindow a failed payment not recovered within this is unrecovered
     * @param supportSpikeContacts this many support contacts ...
     * @param supportSpikeWindow ... within this window are a spike; also the window of the
     *     negative-contact form
     * @param supportSpikeNegatives this many negative support contacts or detractor feedbacks
     *     (score &lt;= 6) within the spike window are a {@code SUPPORT_SPIKE} too; at most {@link
     *     #MAX_NEGATIVES}
     * @param priceComplaintWindow a price or billing complaint not followed by an order within this
     *     is {@code CANCEL_INTENT} (a monthly customer's next order is not due within 14 days, so a
     *     shorter window alerts on routine gaps)
     * @param downgradeWindow a downgrade followed within this by an unsubscribe or a negative
     *     support contact is {@code DOWNGRADE_SEQUENCE}
     */
    public record Service(
            Duration paymentRecoveryWindow,
            int supportSpikeContacts,
            Duration supportSpikeWindow,
            int supportSpikeNegatives,
            Duration priceComplaintWindow,
            Duration downgradeWindow)
            implements Serializable {
        public static final Service DEFAULTS =
                new Service(
                        Duration.ofDays(7),
                        3,
                        Duration.ofDays(14),
                        3,
                        Duration.ofDays(30),
                        Duration.ofDays(30));

        public Service {
            if (supportSpikeContacts < 1 || supportSpikeNegatives < 1) {
                throw new IllegalArgumentException("spike counts must be >= 1");
            }
            if (supportSpikeNegatives > MAX_NEGATIVES) {
                throw new IllegalArgumentException(
                        "supportSpikeNegatives must be <= " + MAX_NEGATIVES);
            }
        }
    }

    /**
     * Engagement drop (default values: see {@code KizashiOptions} / README).
     *
     * @param dropRatio {@code ENGAGEMENT_DROP} when the 14-day engagement rate falls below this
     *     fraction of the customer's own 90-day rate; in (0, 1)
     * @param minHistory engagement history a customer needs before a drop counts
     * @param minBaselinePerDay the own 90-day engagement rate (events per day) below which a
     *     customer is too quiet for a drop to mean anything
     */
    public record Engagement(double dropRatio, Duration minHistory, double minBaselinePerDay)
            implements Serializable {
        public static final Engagement DEFAULTS = new Engagement(0.4, Duration.ofDays(60), 0.2);

        public Engagement {
            if (!(dropRatio > 0 && dropRatio < 1)) {
                throw new IllegalArgumentException("engagementDropRatio must be in (0, 1)");
            }
        }
    }

    /**
     * Deduplication (default values: see {@code KizashiOptions} / README).
     *
     * @param window an event id seen again within this much event time is a duplicate
     * @param maxIds how many recent event ids are remembered per customer
     */
    public record Dedupe(Duration window, int maxIds) implements Serializable {
        public static final Dedupe DEFAULTS = new Dedupe(Duration.ofDays(1), 32);
    }

    public DetectorConfig withRhythm(Rhythm r) {
        return new DetectorConfig(r, silence, service, engagement, dedupe);
    }

    public DetectorConfig withSilence(Silence s) {
        return new DetectorConfig(rhythm, s, service, engagement, dedupe);
    }

    public DetectorConfig withService(Service s) {
        return new DetectorConfig(rhythm, silence, s, engagement, dedupe);
    }

    public DetectorConfig withEngagement(Engagement e) {
        return new DetectorConfig(rhythm, silence, service, e, dedupe);
    }

    public DetectorConfig withDedupe(Dedupe d) {
        return new DetectorConfig(rhythm, silence, service, engagement, d);
    }

    public Duration dormantAfter() {
        return silence.dormantAfter();
    }

    public Duration retention() {
        return silence.retention();
    }

    public double overdueSpreads() {
        return rhythm.overdueSpreads();
    }

    public int overdueMinOrders() {
        return rhythm.overdueMinOrders();
    }

    public Duration missedCycleGrace() {
        return rhythm.missedCycleGrace();
    }

    public double slowdownGapFactor() {
        return rhythm.slowdownGapFactor();
    }

    public Duration paymentRecoveryWindow() {
        return service.paymentRecoveryWindow();
    }

    public int supportSpikeContacts() {
        return service.supportSpikeContacts();
    }

    public Duration supportSpikeWindow() {
        return service.supportSpikeWindow();
    }

    public int supportSpikeNegatives() {
        return service.supportSpikeNegatives();
    }

    public Duration priceComplaintWindow() {
        return service.priceComplaintWindow();
    }

    public Duration downgradeWindow() {
        return service.downgradeWindow();
    }

    public double engagementDropRatio() {
        return engagement.dropRatio();
    }

    public Duration engagementMinHistory() {
        return engagement.minHistory();
    }

    public double engagementMinBaselinePerDay() {
        return engagement.minBaselinePerDay();
    }

    public Duration dedupeWindow() {
        return dedupe.window();
    }

    public int dedupeMaxIds() {
        return dedupe.maxIds();
    }
}

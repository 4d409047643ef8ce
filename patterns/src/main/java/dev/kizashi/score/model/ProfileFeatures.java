package dev.kizashi.score.model;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * Features of the calibrated churn layer computed from a running {@link CustomerProfile}: the
 * purchase features of {@link ChurnFeatures} (same definitions, from the profile's own counters)
 * followed by engagement, service and payment signals. The fitter and the streaming scorer both
 * call this, so training and serving see the same numbers.
 */
public final class ProfileFeatures {
    /** How fast a signal's weight fades with its age, in days. */
    public static final double SIGNAL_HALF_LIFE_DAYS = 30.0;

    public static final List<String> SIGNALS =
            List.of(
                    "cancel_request_recent", // 2^(-age/half-life) of the last cancel request
                    "payment_failure_open", // 1 while a failed payment is not recovered
                    "skipped_cycles_recent", // min(2, skips) x fade of the last skip
                    "log1p_support_contacts_30d",
                    "negative_contact_recent", // fade of the last negative support contact
                    "engagement_drop", // max(0, ln(baseline rate / recent rate)), with history
                    "log1p_days_idle", // days since any activity
                    "downgrade_recent",
                    "unsubscribed_channels",
                    "detractor_feedback", // last NPS-style score <= 6
                    "subscribed",
                    // Normalised signals: comparable across tenures, so a model fitted on young
                    // customers at early cut-offs still ranks older ones later.
                    "engagement_ratio", // ln(recent / own baseline rate), history-corrected
                    "log1p_overdue_ratio"); // ln(1 + days since last order / own expected gap)

    public static final List<String> NAMES = concat(ChurnFeatures.NAMES, SIGNALS);

    private ProfileFeatures() {}

    /** The last whole day included at {@code asOf} (as-of instants are ends of days). */
    public static int cutoffDay(long asOf) {
        return (int) Math.floorDiv(asOf - 1, DAY_MS);
    }

    /**
     * BG/NBD summary in days: repeat order days, first-to-last order, first order to the cut-off.
     */
    public static RfmSummary rfm(CustomerProfile p, long asOf) {
        int cutoff = cutoffDay(asOf);
        if (p.orderDays == 0) {
            int born = (int) Math.floorDiv(p.firstSeenTs, DAY_MS);
            return new RfmSummary(0, 0, Math.max(0, cutoff - born));
        }
        int first = (int) Math.floorDiv(p.firstOrderTs, DAY_MS);
        int last = (int) Math.floorDiv(p.lastOrderTs, DAY_MS);
        return new RfmSummary(
                p.orderDays - 1, last - first, Math.max(last - first, cutoff - first));
    }

    public static double[] compute(
            BgNbd dayModel, CustomerProfile p, long asOf, double horizonDays) {
        RfmSummary s = rfm(p, asOf);
        double meanSpend = p.orderDays > 0 ? p.totalSpend / p.orderDays : 0;
        double[] f = new double[NAMES.size()];
        int i = 0;
        f[i++] = dayModel.logOddsNoTransaction(horizonDays, s.x(), s.tx(), s.T());
        f[i++] = Math.log1p(s.x());
        f[i++] = Math.log1p(s.recency());
        f[i++] = Math.log(Math.max(1.0, meanSpend));
        f[i++] = Math.log(horizonDays);

        f[i++] = fade(p.lastCancelRequestTs, asOf);
        f[i++] = p.paymentFailedTs > 0 ? 1 : 0;
        f[i++] = Math.min(2, p.skippedCycles) * fade(p.lastSkipTs, asOf);
        f[i++] = Math.log1p(p.supportContactsSince(asOf, 30 * DAY_MS));
        f[i++] = fade(p.lastNegativeContactTs, asOf);
        f[i++] = engagementDrop(p, asOf);
        f[i++] = Math.log1p(Math.max(0, (asOf - p.lastActivityTs) / (double) DAY_MS));
        f[i++] = fade(p.lastDowngradeTs, asOf);
        f[i++] = p.unsubscribedChannels;
        f[i++] = p.lastFeedbackScore >= 0 && p.lastFeedbackScore <= 6 ? 1 : 0;
        f[i++] = p.subscribed ? 1 : 0;
        f[i++] = engagementRatio(p, asOf);
        f[i++] = Math.log1p(overdueRatio(p, asOf));
        return f;
    }

    /**
     * How far recent engagement fell below the customer's own baseline, in log terms; 0 without 60
     * days of engagement history (no baseline yet) or when engagement did not fall.
     */
    public static double engagementDrop(CustomerProfile p, long asOf) {
        if (p.firstEngagementTs == 0 || asOf - p.firstEngagementTs < 60 * DAY_MS) {
            return 0;
        }
        double recent = p.engagementRateShort(asOf);
        double baseline = p.engagementRateLong(asOf);
        if (baseline <= 0) {
            return 0;
        }
        return Math.max(0, Math.log((baseline + 0.01) / (recent + 0.01)));
    }

    /** Expected gap of a customer with no rhythm of their own yet, days (as in ScoringConfig). */
    public static final double PRIOR_GAP_DAYS = 30.0;

    /** How many gaps the prior gap counts as when blended with the customer's own gaps. */
    public static final double PRIOR_GAP_WEIGHT = 1.0;

    /** Rates below this (events per day) count as this, so a silent customer gives a finite log. */
    static final double RATE_FLOOR = 0.02;

    /**
     * ln((recent rate + floor) / (baseline rate + floor)) of logins, opens and clicks; 0 without
     * engagement. A decayed count with time constant tau that started {@code age} days ago covers
     * an effective window of {@code tau (1 - e^(-age/tau))} days, not tau: dividing by it keeps the
     * rates unbiased for a young customer, so no minimum history is needed.
     */
    public static double engagementRatio(CustomerProfile p, long asOf) {
        if (p.firstEngagementTs == 0 || asOf <= p.firstEngagementTs) {
            return 0;
        }
        double age = (asOf - p.firstEngagementTs) / (double) DAY_MS;
        double recent =
                p.engagementRateShort(asOf)
                        * CustomerProfile.SHORT_TAU_DAYS
                        / effectiveWindow(CustomerProfile.SHORT_TAU_DAYS, age);
        double baseline =
                p.engagementRateLong(asOf)
                        * CustomerProfile.LONG_TAU_DAYS
                        / effectiveWindow(CustomerProfile.LONG_TAU_DAYS, age);
        return Math.log((recent + RATE_FLOOR) / (baseline + RATE_FLOOR));
    }

    /** Effective length in days (at least 1) of a decayed count with time constant tau. */
    static double effectiveWindow(double tauDays, double ageDays) {
        return Math.max(1.0, tauDays * -Math.expm1(-ageDays / tauDays));
    }

    /**
     * Days since the last order (or since first seen, without orders) over the expected gap: the
     * subscription cycle for a subscriber, else the own mean gap blended with {@link
     * #PRIOR_GAP_DAYS}.
     */
    public static double overdueRatio(CustomerProfile p, long asOf) {
        long since = p.orderDays > 0 ? p.lastOrderTs : p.firstSeenTs;
        double days = Math.max(0, (asOf - since) / (double) DAY_MS);
        double expected =
                p.subscribed && p.cycleDays > 0
                        ? p.cycleDays
                        : (p.gapCount * p.gapMeanDays + PRIOR_GAP_WEIGHT * PRIOR_GAP_DAYS)
                                / (p.gapCount + PRIOR_GAP_WEIGHT);
        return days / Math.max(1.0, expected);
    }

    private static double fade(long ts, long asOf) {
        if (ts <= 0 || ts > asOf) {
            return 0;
        }
        return Math.pow(0.5, (asOf - ts) / (double) DAY_MS / SIGNAL_HALF_LIFE_DAYS);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}

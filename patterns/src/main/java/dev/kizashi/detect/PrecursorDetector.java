package dev.kizashi.detect;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.alert.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.profile.CustomerProfile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Detects churn precursors from one customer's profile: single events on arrival, absences ("no
 * order by the customer's own expected date", "no activity for 30 days") when event time passes a
 * deadline. Pure logic: the Flink function owns state and the one timer at {@link #nextDeadline}.
 */
public final class PrecursorDetector implements Serializable {
    private final DetectorConfig config;

    public PrecursorDetector(DetectorConfig config) {
        this.config = config;
    }

    public DetectorConfig config() {
        return config;
    }

    /** Applies {@code event} to {@code profile} and returns the precursors it completes. */
    public List<Detection> onEvent(CustomerProfile profile, CustomerEvent event) {
        profile.apply(event, config.supportSpikeWindow().toMillis());
        List<Detection> out = new ArrayList<>(1);
        switch (event.type()) {
            case SUPPORT_CONTACT -> {
                var s = (CustomerEvent.SupportContact) event;
                if (s.category() == SupportCategory.CANCEL_REQUEST) {
                    out.add(
                            new Detection(
                                    ChurnPattern.CANCEL_INTENT,
                                    s.ts(),
                                    List.of(s.eventId()),
                                    "cancel request via " + orUnknown(s.channel())));
                }
                long window = config.supportSpikeWindow().toMillis();
                int recent = profile.supportContactsSince(s.ts(), window);
                if (recent >= config.supportSpikeContacts()
                        && s.ts() - profile.supportSpikeAlertedTs > window) {
                    profile.supportSpikeAlertedTs = s.ts();
                    out.add(
                            new Detection(
                                    ChurnPattern.SUPPORT_SPIKE,
                                    s.ts(),
                                    List.of(s.eventId()),
                                    recent
                                            + " support contacts in "
                                            + config.supportSpikeWindow().toDays()
                                            + " days"));
                }
            }
            case CYCLE_SKIPPED -> {
                var c = (CustomerEvent.CycleSkipped) event;
                out.add(
                        new Detection(
                                ChurnPattern.SKIPPED_CYCLE,
                                c.ts(),
                                List.of(c.eventId()),
                                "skipped a delivery of plan " + orUnknown(c.planId())));
            }
            default -> {}
        }
        return out;
    }

    /** The absence precursors whose deadline is at or before {@code now}. */
    public List<Detection> onTime(CustomerProfile profile, long now) {
        List<Detection> out = new ArrayList<>(1);
        long overdue = overdueDeadline(profile);
        if (overdue <= now) {
            profile.overdueAlertedForOrderTs = profile.lastOrderTs;
            double ratio = (overdue - profile.lastOrderTs) / (expectedGapDays(profile) * DAY_MS);
            out.add(
                    new Detection(
                            ChurnPattern.OVERDUE_ORDER,
                            overdue,
                            List.of(),
                            String.format(
                                    Locale.ROOT,
                                    "no order for %.0f days; own rhythm %.1f ± %.1f days (%.1fx)",
                                    (overdue - profile.lastOrderTs) / (double) DAY_MS,
                                    expectedGapDays(profile),
                                    profile.gapStdDays(),
                                    ratio)));
        }
        long dormant = dormantDeadline(profile);
        if (dormant <= now) {
            profile.dormantAlertedForActivityTs = profile.lastActivityTs;
            out.add(
                    new Detection(
                            ChurnPattern.DORMANT,
                            dormant,
                            List.of(),
                            "no activity for " + config.dormantAfter().toDays() + " days"));
        }
        long payment = paymentDeadline(profile);
        if (payment <= now) {
            profile.paymentAlertedForFailureTs = profile.paymentFailedTs;
            out.add(
                    new Detection(
                            ChurnPattern.PAYMENT_FAILURE_UNRECOVERED,
                            payment,
                            List.of(),
                            "payment failed and not recovered within "
                                    + config.paymentRecoveryWindow().toDays()
                                    + " days"));
        }
        return out;
    }

    /**
     * The earliest event time at which something is due for this customer (Long.MAX_VALUE: none).
     */
    public long nextDeadline(CustomerProfile profile) {
        long next = expiryTime(profile);
        next = Math.min(next, overdueDeadline(profile));
        next = Math.min(next, dormantDeadline(profile));
        next = Math.min(next, paymentDeadline(profile));
        return next;
    }

    /** When this customer's state is deleted for inactivity. */
    public long expiryTime(CustomerProfile profile) {
        return profile.lastActivityTs + config.retention().toMillis();
    }

    /** The customer's own expected gap between orders, in days; NaN when there is no rhythm yet. */
    public double expectedGapDays(CustomerProfile profile) {
        if (profile.gapCount >= config.overdueMinOrders() - 1 && profile.gapCount > 0) {
            return profile.gapMeanDays;
        }
        if (profile.subscribed && profile.cycleDays > 0) {
            return profile.cycleDays;
        }
        return Double.NaN;
    }

    long overdueDeadline(CustomerProfile profile) {
        if (profile.cancelled
                || profile.orderDays == 0
                || profile.overdueAlertedForOrderTs == profile.lastOrderTs) {
            return Long.MAX_VALUE;
        }
        double mean = expectedGapDays(profile);
        if (Double.isNaN(mean)) {
            return Long.MAX_VALUE;
        }
        // A perfectly regular customer still gets a little slack: a tenth of the gap, at least a
        // day.
        double spread = Math.max(profile.gapStdDays(), Math.max(0.1 * mean, 1.0));
        return profile.lastOrderTs + (long) ((mean + config.overdueSpreads() * spread) * DAY_MS);
    }

    long dormantDeadline(CustomerProfile profile) {
        if (profile.cancelled || profile.dormantAlertedForActivityTs == profile.lastActivityTs) {
            return Long.MAX_VALUE;
        }
        return profile.lastActivityTs + config.dormantAfter().toMillis();
    }

    long paymentDeadline(CustomerProfile profile) {
        if (profile.paymentFailedTs == 0
                || profile.paymentAlertedForFailureTs == profile.paymentFailedTs) {
            return Long.MAX_VALUE;
        }
        return profile.paymentFailedTs + config.paymentRecoveryWindow().toMillis();
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}

package dev.kizashi.step;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.AlertEpisode;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Severity;
import dev.kizashi.pdca.ControlGroup;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.Score;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happens to an alert after detection: a per customer+pattern cooldown, escalation, and
 * episodes. Pure logic over one customer's {@link AlertEpisode}; the Flink function only stores it.
 *
 * <ul>
 *   <li><b>Cooldown</b>: an alert of a pattern that already alerted for this customer less than
 *       {@code cooldown} ago (event time) is suppressed and counted, unless it escalates.
 *   <li><b>Escalation</b>: an alert more severe than the open episode's severity goes out as
 *       ESCALATION, inside the cooldown or not, and raises the episode's severity.
 *   <li><b>Episodes</b> are per customer (not per pattern): the first alert opens one; later alerts
 *       of other patterns join it. It closes with RESOLVED when the customer orders again or every
 *       alerted condition has cleared (activity after DORMANT, payment recovered, engagement back
 *       to its baseline), and with CHURNED on the subscription's cancellation. The closing record
 *       goes out on the alert stream with a deterministic id.
 * </ul>
 */
public final class AlertPolicy implements Serializable {
    /** Action of a RESOLVED record: the case can be closed. */
    public static final String ACTION_RESOLVED = "close_case";

    /** Action of a CHURNED record: review the lost customer (win-back, reasons). */
    public static final String ACTION_CHURNED = "churn_review";

    private static final int DORMANT = ChurnPattern.DORMANT.bit();
    private static final int PAYMENT = ChurnPattern.PAYMENT_FAILURE_UNRECOVERED.bit();
    private static final int ENGAGEMENT = ChurnPattern.ENGAGEMENT_DROP.bit();

    private final long cooldownMs;
    private final RoutingTable routing;
    private final ControlGroup control;

    /**
     * @param cooldown no repeat alert of the same pattern for a customer within this much event
     *     time (0: no cooldown)
     */
    public AlertPolicy(Duration cooldown, RoutingTable routing) {
        this(cooldown, routing, ControlGroup.NONE);
    }

    /**
     * @param control decides, when an episode opens, whether it is held out
     */
    public AlertPolicy(Duration cooldown, RoutingTable routing, ControlGroup control) {
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0: " + cooldown);
        }
        this.cooldownMs = cooldown.toMillis();
        this.routing = routing;
        this.control = control;
    }

    public Duration cooldown() {
        return Duration.ofMillis(cooldownMs);
    }

    /**
     * Decides an alert the factory built: returns it as ALERT or ESCALATION in the customer's
     * episode, or null when the cooldown suppresses it.
     */
    public Alert onAlert(AlertEpisode ep, Alert a) {
        int p = a.pattern().ordinal();
        long last = ep.lastAlert(p);
        boolean inCooldown = last != 0 && Math.abs(a.eventTime() - last) < cooldownMs;
        AlertKind kind;
        if (ep.isOpen() && a.severity().ordinal() > ep.severity) {
            kind = AlertKind.ESCALATION;
            ep.severity = a.severity().ordinal();
            ep.pattern = p;
        } else if (inCooldown) {
            if (ep.isOpen()) {
                ep.suppressed++;
            }
            return null;
        } else {
            kind = AlertKind.ALERT;
            if (!ep.isOpen()) {
                ep.episodeId = a.alertId();
                ep.openedTs = a.eventTime();
                ep.severity = a.severity().ordinal();
                ep.pattern = p;
                ep.holdout =
                        control.holdsOut(a.customerId(), a.alertId(), a.pattern(), a.channel());
            }
        }
        ep.markAlerted(p, a.eventTime());
        ep.activeMask |= 1 << p;
        ep.alerts++;
        return a.inEpisode(kind, ep.episodeId, ep.holdout);
    }

    /**
     * Whether {@code event} (already applied to {@code profile}, its own detections already
     * decided) closes the open episode: RESOLVED, CHURNED, or null. Clears the conditions it ends.
     */
    public AlertKind closingKind(AlertEpisode ep, CustomerEvent event, CustomerProfile profile) {
        if (!ep.isOpen() || event.ts() < ep.openedTs) {
            return null;
        }
        switch (event.type()) {
            case SUBSCRIPTION_CANCELLED -> {
                return AlertKind.CHURNED;
            }
            case ORDER -> {
                return AlertKind.RESOLVED;
            }
            case PAYMENT_RECOVERED -> ep.activeMask &= ~PAYMENT;
            case LOGIN, MESSAGE_OPENED, MESSAGE_CLICKED -> {
                if (profile.engagementDropAlertedTs == 0) {
                    ep.activeMask &= ~ENGAGEMENT; // the detector closed its drop episode
                }
            }
            default -> {}
        }
        ep.activeMask &= ~DORMANT; // any own event after the alert: active again
        return ep.activeMask == 0 ? AlertKind.RESOLVED : null;
    }

    /** The closing record of the open episode for {@code event}; closes the episode. */
    public Alert close(
            AlertEpisode ep,
            AlertKind kind,
            String customerId,
            CustomerEvent event,
            Score score,
            CustomerProfile profile,
            String ltvTier,
            long detectedAt) {
        ChurnPattern pattern = ChurnPattern.values()[ep.pattern];
        String why =
                switch (event.type()) {
                    case SUBSCRIPTION_CANCELLED -> "subscription cancelled";
                    case ORDER -> "ordered again";
                    case PAYMENT_RECOVERED -> "payment recovered";
                    case LOGIN, MESSAGE_OPENED, MESSAGE_CLICKED -> "engaged again";
                    default -> "active again (" + event.type().wireName() + ")";
                };
        String detail =
                String.format(
                        Locale.ROOT,
                        "%s %.1f days after the episode opened on %s; %d alert(s), %d repeat(s)"
                                + " suppressed",
                        why,
                        (event.ts() - ep.openedTs) / (double) DAY_MS,
                        Instant.ofEpochMilli(ep.openedTs).toString().substring(0, 10),
                        ep.alerts,
                        ep.suppressed);
        Alert closing =
                new Alert(
                        Alert.idFor(customerId, pattern, event.ts(), kind),
                        customerId,
                        pattern,
                        Severity.values()[ep.severity],
                        score.probability(),
                        new ArrayList<>(score.reasons()),
                        new ArrayList<>(List.of(event.eventId())),
                        detail,
                        event.ts(),
                        detectedAt,
                        ltvTier,
                        Segments.of(profile, event.ts(), ltvTier),
                        kind == AlertKind.CHURNED ? ACTION_CHURNED : ACTION_RESOLVED,
                        routing.route(pattern).channel(),
                        kind,
                        ep.episodeId,
                        null,
                        ep.holdout);
        ep.close();
        return closing;
    }
}

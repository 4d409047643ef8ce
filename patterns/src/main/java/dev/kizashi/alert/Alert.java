package dev.kizashi.alert;

import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.Reason;
import dev.kizashi.model.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A churn precursor that a person or a messaging system should act on.
 *
 * @param alertId deterministic: the same input gives the same id, so sinks can write idempotently
 * @param customerId the customer
 * @param pattern which precursor completed
 * @param severity how urgent
 * @param score the customer's churn probability when the precursor completed
 * @param reasons the score's top reasons
 * @param evidence ids of the events that prove the precursor (empty for an absence)
 * @param detail a short sentence for people
 * @param eventTime event time at which the precursor completed (epoch ms)
 * @param detectedAt processing time at which it was detected (epoch ms)
 * @param ltvTier the customer's value tier
 * @param segment the customer's lifecycle segment
 * @param action the recommended retention action
 * @param channel where the alert is routed (call_center, line, email, push)
 * @param kind ALERT, ESCALATION, or a closing record (RESOLVED, CHURNED) of an episode
 * @param episodeId the id of the customer's episode this record belongs to: the alertId of the
 *     alert that opened it; null for an alert no policy has seen
 * @param gate the risk decision that let the alert out, when a fitted model decides; else null
 * @param holdout the episode is in the control group: kept and measured, never sent to a channel
 */
public record Alert(
        String alertId,
        String customerId,
        ChurnPattern pattern,
        Severity severity,
        double score,
        List<Reason> reasons,
        List<String> evidence,
        String detail,
        long eventTime,
        long detectedAt,
        String ltvTier,
        String segment,
        String action,
        String channel,
        AlertKind kind,
        String episodeId,
        Gate gate,
        boolean holdout) {

    /**
     * Why a fitted model let the alert out.
     *
     * @param threshold the churn probability from which alerts go out on this channel
     * @param expectedPrecision the share of first alerts at this threshold whose customer churned
     *     within the alert horizon in the training history (NaN when unknown)
     * @param modelVersion the model file's version ({@code ChurnModelFile#version})
     */
    public record Gate(double threshold, double expectedPrecision, String modelVersion)
            implements java.io.Serializable {}

    public Alert {
        java.util.Objects.requireNonNull(kind, "kind");
    }

    /** A record without a model's decision. */
    public Alert(
            String alertId,
            String customerId,
            ChurnPattern pattern,
            Severity severity,
            double score,
            List<Reason> reasons,
            List<String> evidence,
            String detail,
            long eventTime,
            long detectedAt,
            String ltvTier,
            String segment,
            String action,
            String channel,
            AlertKind kind,
            String episodeId) {
        this(
                alertId,
                customerId,
                pattern,
                severity,
                score,
                reasons,
                evidence,
                detail,
                eventTime,
                detectedAt,
                ltvTier,
                segment,
                action,
                channel,
                kind,
                episodeId,
                null,
                false);
    }

    /** A precursor alert before the alert policy has placed it in an episode. */
    public Alert(
            String alertId,
            String customerId,
            ChurnPattern pattern,
            Severity severity,
            double score,
            List<Reason> reasons,
            List<String> evidence,
            String detail,
            long eventTime,
            long detectedAt,
            String ltvTier,
            String segment,
            String action,
            String channel) {
        this(
                alertId,
                customerId,
                pattern,
                severity,
                score,
                reasons,
                evidence,
                detail,
                eventTime,
                detectedAt,
                ltvTier,
                segment,
                action,
                channel,
                AlertKind.ALERT,
                null,
                null,
                false);
    }

    /** Whether this is the first alert of its episode: the one that opened it. */
    public boolean opensEpisode() {
        return kind == AlertKind.ALERT && alertId.equals(episodeId);
    }

    /** This alert as {@code kind} in episode {@code episodeId}; the alertId stays. */
    public Alert inEpisode(AlertKind newKind, String newEpisodeId) {
        return inEpisode(newKind, newEpisodeId, holdout);
    }

    /** This alert as {@code kind} in episode {@code episodeId}, held out or not. */
    public Alert inEpisode(AlertKind newKind, String newEpisodeId, boolean newHoldout) {
        return new Alert(
                alertId,
                customerId,
                pattern,
                severity,
                score,
                reasons,
                evidence,
                detail,
                eventTime,
                detectedAt,
                ltvTier,
                segment,
                action,
                channel,
                newKind,
                newEpisodeId,
                gate,
                newHoldout);
    }

    /** This alert routed to {@code newChannel}, let out by {@code newGate}. */
    public Alert gated(String newChannel, Gate newGate) {
        return new Alert(
                alertId,
                customerId,
                pattern,
                severity,
                score,
                reasons,
                evidence,
                detail,
                eventTime,
                detectedAt,
                ltvTier,
                segment,
                action,
                newChannel,
                kind,
                episodeId,
                newGate,
                holdout);
    }

    /**
     * A name-based UUID of customer, pattern and event time: stable across replays and restarts.
     */
    public static String idFor(String customerId, ChurnPattern pattern, long eventTime) {
        return idFor(customerId, pattern, eventTime, AlertKind.ALERT);
    }

    /**
     * The id of a record of {@code kind}. ALERT and ESCALATION are the same detection and share its
     * id (a replay with another cooldown overwrites, never duplicates); a closing record's key adds
     * its kind.
     */
    public static String idFor(
            String customerId, ChurnPattern pattern, long eventTime, AlertKind kind) {
        String key = customerId + '\u0000' + pattern.name() + '\u0000' + eventTime;
        if (!kind.isAlert()) {
            key += '\u0000' + kind.name();
        }
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package dev.kizashi.score;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.model.ChurnReason;
import dev.kizashi.model.Reason;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.ProfileFeatures;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * The churn probability of one customer at a point in event time.
 *
 * <p>Purchase side: a customer is either alive (prior {@code priorAlive}) or gone. If alive, the
 * gap to the next order follows a gamma distribution with the customer's own mean gap (blended with
 * the population gap while there are few gaps) and own regularity (shape = 1 / CV²), so a regular
 * subscriber becomes suspicious soon after the usual date and an irregular buyer later. Bayes gives
 * P(gone | no order for t) from the gamma survival S(t). Service and payment signals then add
 * log-odds that fade with their age.
 */
public final class ChurnScorer implements Serializable {
    private static final int MAX_REASONS = 3;

    private final ScoringConfig config;

    public ChurnScorer(ScoringConfig config) {
        this.config = config;
    }

    public ScoringConfig config() {
        return config;
    }

    public Score score(CustomerProfile p, long now) {
        if (p.cancelled) {
            return new Score(
                    1.0, new ArrayList<>(List.of(Reason.of(ChurnReason.CANCELLED, 0, 10))));
        }
        if (config.model() != null) {
            return modelScore(p, now);
        }
        List<Reason> reasons = new ArrayList<>(4);
        double logOdds = Math.log((1 - config.priorAlive()) / config.priorAlive());

        long since = p.orderDays > 0 ? p.lastOrderTs : p.firstSeenTs;
        double tDays = Math.max(0, (now - since) / (double) DAY_MS);
        double meanGap = blendedMeanGap(p);
        double survivalLogOdds = -logSurvival(tDays, meanGap, shape(p));
        logOdds += survivalLogOdds;
        if (tDays > meanGap && survivalLogOdds > 0.1) {
            reasons.add(
                    p.orderDays >= 2 || p.subscribed
                            ? Reason.of(
                                    ChurnReason.OVERDUE_VS_OWN_CYCLE,
                                    tDays / meanGap,
                                    survivalLogOdds)
                            : Reason.of(ChurnReason.NO_REPEAT_ORDER_YET, tDays, survivalLogOdds));
        }

        if (p.lastCancelRequestTs > 0) {
            double w = config.cancelRequestWeight() * fade(now - p.lastCancelRequestTs);
            logOdds += w;
            reasons.add(Reason.of(ChurnReason.CANCEL_REQUEST, p.cancelRequests, w));
        }
        if (p.paymentFailedTs > 0) {
            double w = config.paymentOpenWeight();
            logOdds += w;
            reasons.add(
                    Reason.of(
                            ChurnReason.PAYMENT_FAILURE_OPEN,
                            Math.floor((now - p.paymentFailedTs) / (double) DAY_MS),
                            w));
        }
        if (p.lastSkipTs > 0) {
            double w =
                    config.skippedCycleWeight()
                            * Math.min(2, p.skippedCycles)
                            * fade(now - p.lastSkipTs);
            logOdds += w;
            reasons.add(Reason.of(ChurnReason.SKIPPED_CYCLES, p.skippedCycles, w));
        }
        int contacts = p.supportContactsSince(now, 30 * DAY_MS);
        if (contacts >= 3) {
            logOdds += config.supportContactsWeight();
            reasons.add(
                    Reason.of(
                            ChurnReason.SUPPORT_CONTACTS_RECENT,
                            contacts,
                            config.supportContactsWeight()));
        }
        double idleDays = (now - p.lastActivityTs) / (double) DAY_MS;
        if (idleDays >= config.dormantDays()) {
            logOdds += config.dormantWeight();
            reasons.add(
                    Reason.of(ChurnReason.DORMANT, Math.floor(idleDays), config.dormantWeight()));
        }

        reasons.sort(Comparator.comparingDouble(Reason::weight).reversed());
        List<Reason> top = reasons.size() > MAX_REASONS ? reasons.subList(0, MAX_REASONS) : reasons;
        return new Score(1 / (1 + Math.exp(-logOdds)), new ArrayList<>(top));
    }

    /**
     * The fitted model's calibrated probability. Reasons are the features that push the score up
     * the most (weight x value), translated to what an agent can act on.
     */
    private Score modelScore(CustomerProfile p, long now) {
        ChurnModelFile m = config.model();
        double[] all = ProfileFeatures.compute(m.bgNbd(), p, now, m.horizonDays());
        double[] weights = m.weights();
        double logit = m.intercept();
        List<Reason> reasons = new ArrayList<>(4);
        for (int i = 0; i < weights.length; i++) {
            int idx = featureIndex(m, i);
            double contribution = weights[i] * all[idx];
            logit += contribution;
            Reason r = reasonFor(ProfileFeatures.NAMES.get(idx), contribution, p, now);
            if (r != null) {
                reasons.add(r);
            }
        }
        reasons.sort(Comparator.comparingDouble(Reason::weight).reversed());
        List<Reason> top = reasons.size() > MAX_REASONS ? reasons.subList(0, MAX_REASONS) : reasons;
        return new Score(1 / (1 + Math.exp(-logit)), new ArrayList<>(top));
    }

    private transient int[] featureIndex;

    private int featureIndex(ChurnModelFile m, int i) {
        if (featureIndex == null) {
            int[] idx = new int[m.featureNames().size()];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = ProfileFeatures.NAMES.indexOf(m.featureNames().get(k));
                if (idx[k] < 0) {
                    throw new IllegalArgumentException(
                            "model feature " + m.featureNames().get(k) + " is unknown");
                }
            }
            featureIndex = idx;
        }
        return featureIndex[i];
    }

    private static Reason reasonFor(
            String feature, double contribution, CustomerProfile p, long now) {
        if (contribution <= 0.05) {
            return null;
        }
        double idle = Math.floor((now - p.lastActivityTs) / (double) DAY_MS);
        return switch (feature) {
            case "bgnbd_logit_p_no_order", "log1p_days_since_last" -> {
                double since =
                        (now - (p.orderDays > 0 ? p.lastOrderTs : p.firstSeenTs)) / (double) DAY_MS;
                yield p.gapCount > 0
                        ? Reason.of(
                                ChurnReason.OVERDUE_VS_OWN_CYCLE,
                                since / p.gapMeanDays,
                                contribution)
                        : Reason.of(
                                ChurnReason.NO_REPEAT_ORDER_YET, Math.floor(since), contribution);
            }
            case "cancel_request_recent" ->
                    Reason.of(ChurnReason.CANCEL_REQUEST, p.cancelRequests, contribution);
            case "payment_failure_open" ->
                    Reason.of(
                            ChurnReason.PAYMENT_FAILURE_OPEN,
                            Math.floor((now - p.paymentFailedTs) / (double) DAY_MS),
                            contribution);
            case "skipped_cycles_recent" ->
                    Reason.of(ChurnReason.SKIPPED_CYCLES, p.skippedCycles, contribution);
            case "log1p_support_contacts_30d" ->
                    Reason.of(
                            ChurnReason.SUPPORT_CONTACTS_RECENT,
                            p.supportContactsSince(now, 30 * DAY_MS),
                            contribution);
            case "negative_contact_recent" ->
                    Reason.of(ChurnReason.NEGATIVE_CONTACT, p.negativeContacts, contribution);
            case "engagement_drop" ->
                    Reason.of(
                            ChurnReason.ENGAGEMENT_DROP,
                            100 * Math.exp(-ProfileFeatures.engagementDrop(p, now)),
                            contribution);
            case "engagement_ratio" ->
                    Reason.of(
                            ChurnReason.ENGAGEMENT_DROP,
                            100 * Math.exp(ProfileFeatures.engagementRatio(p, now)),
                            contribution);
            case "log1p_overdue_ratio" ->
                    Reason.of(
                            ChurnReason.OVERDUE_VS_OWN_CYCLE,
                            ProfileFeatures.overdueRatio(p, now),
                            contribution);
            case "log1p_days_idle" ->
                    idle >= 14 ? Reason.of(ChurnReason.DORMANT, idle, contribution) : null;
            case "downgrade_recent" -> Reason.of(ChurnReason.DOWNGRADE, p.downgrades, contribution);
            case "unsubscribed_channels" ->
                    Reason.of(ChurnReason.UNSUBSCRIBED, p.unsubscribedChannels, contribution);
            case "detractor_feedback" ->
                    Reason.of(ChurnReason.LOW_FEEDBACK, p.lastFeedbackScore, contribution);
            default -> null;
        };
    }

    /** The customer's own mean gap, pulled towards the population while there are few gaps. */
    double blendedMeanGap(CustomerProfile p) {
        double prior = p.subscribed && p.cycleDays > 0 ? p.cycleDays : config.populationGapDays();
        double w = config.priorGapWeight();
        return (p.gapCount * p.gapMeanDays + w * prior) / (p.gapCount + w);
    }

    /** Gamma shape from the customer's regularity: 1 (memoryless) up to 20 (clockwork). */
    static double shape(CustomerProfile p) {
        if (p.gapCount < 2 || p.gapMeanDays <= 0) {
            return 1.0;
        }
        double cv = p.gapStdDays() / p.gapMeanDays;
        return Math.max(1.0, Math.min(20.0, 1.0 / Math.max(cv * cv, 0.05)));
    }

    /** log P(gap > t) for a gamma gap with the given mean and shape. */
    static double logSurvival(double tDays, double meanGap, double shape) {
        if (tDays <= 0) {
            return 0;
        }
        double q = Gamma.regularizedGammaQ(shape, shape * tDays / meanGap);
        return Math.log(Math.max(q, 1e-12));
    }

    private double fade(long ageMs) {
        double ageDays = Math.max(0, ageMs / (double) DAY_MS);
        return Math.pow(0.5, ageDays / config.signalHalfLifeDays());
    }
}

package dev.kizashi.score;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.profile.CustomerProfile;
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

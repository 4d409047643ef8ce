package dev.kizashi.generator;

import dev.kizashi.model.EventType;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One business the generator can simulate: the mechanics of its customers, not only its seed. A
 * detector tuned on one world must be judged on others (docs/worlds.md: choose defaults on worlds
 * 0-4, report on 5-9).
 *
 * <p>The numbered family ({@link #of}):
 *
 * <ul>
 *   <li>0: {@link #DEFAULT}: mixed subscription commerce, 14/30/60-day plans and repeat buyers, all
 *       signals, decaying churners (the generator as it was before worlds).
 *   <li>1: box: monthly subscription box, no logins sent, many routine skips and recovered
 *       payments.
 *   <li>2: saas: SaaS-like monthly/90-day plans with trials, heavy logins, few silent churners,
 *       support incidents that resolve and downgrades that stay.
 *   <li>3: retail: order log like CDNOW: orders only, no subscriptions, buyers drop out after an
 *       order.
 *   <li>4: mealkit: 7/14-day meal kits with trials, no support contacts sent, many skips, half the
 *       silent churners just stop.
 *   <li>5: gym: monthly plans, 60% with a 90-day minimum term (churn right after it), no messages
 *       sent, long lead times.
 *   <li>6: shop: app e-commerce, few subscribers, repeat buyers who drop out, seasonal dips, long
 *       order pauses, abrupt silent churn.
 *   <li>7: club: 60/90-day premium club, sparse events, no support contacts sent, silent churners
 *       mostly abrupt.
 *   <li>8: weekly: weekly home delivery that sends only orders, skips, plan changes, payments and
 *       cancellations; many routine skips.
 *   <li>9: streaming: monthly plans with 30-day trials, weak and short precursors, seasonal dips
 *       and quiet weeks, almost no silent churners.
 * </ul>
 *
 * <p>Shares are probabilities per customer unless said otherwise. Look-alike shares apply to the
 * part of the period before a churner's decay (so churners have them too) and scale down for
 * tenures under 180 days, as in {@link #DEFAULT}.
 *
 * @param name short name, e.g. {@code box}
 * @param business one line: what business this is
 * @param subscriberShare share of subscribers; the rest are repeat buyers (orders only)
 * @param cycle7 share of 7-day plans among subscribers ({@code cycle14..cycle90} likewise; they sum
 *     to 1)
 * @param cycle14 share of 14-day plans
 * @param cycle30 share of 30-day plans
 * @param cycle60 share of 60-day plans
 * @param cycle90 share of 90-day plans
 * @param trialShare share of subscribers who start with a free trial (no delivery until it ends)
 * @param trialDays trial length
 * @param trialChurn share of trialists who do not convert: they churn before the first paid
 *     delivery, without precursors and with a low engagement from the start
 * @param commitmentShare share of subscribers with a minimum term; their churn, if any, comes
 *     within 3 days after it ends (an abrupt silent one: at the first delivery due after it), or
 *     after the period
 * @param commitmentDays length of the minimum term
 * @param loginsPerDay median login rate (each customer's own rate is log-normal around it)
 * @param opensPerDay median message-open rate
 * @param buyerGapDays median of the repeat buyers' own mean gap between orders
 * @param sends event types the business sends; the others are never emitted, and precursors that
 *     would only show in them are not planted
 * @param subscriberChurn share of subscribers who churn with a decay (or abruptly)
 * @param buyerChurn share of repeat buyers who churn with a decay (or abruptly)
 * @param cancelShare share of subscriber churners who cancel; the rest go silent
 * @param abruptShare share of silent churners who just stop: no precursor, no decay
 * @param dropoutPerOrder repeat buyers who do not churn otherwise drop out after each order with
 *     this mean probability (beta-distributed per customer), as in BG/NBD; 0: off. A dropout whose
 *     next order would be due after the period is censored: orders stop, label NONE
 * @param leadMinDays shortest decay before a churn (the lead time of the precursors)
 * @param leadMaxDays longest decay before a churn
 * @param floorMin lowest engagement left at the end of a decay, relative to the own baseline
 * @param floorMax highest engagement left at the end of a decay (near 1: a weak drop)
 * @param precursorWeights how often each precursor is chosen for a churner
 * @param minPrecursors fewest precursors chosen for a decaying subscriber churner
 * @param maxPrecursors most precursors chosen for a decaying subscriber churner
 * @param routineSkip chance of one routine (benign) skip, tried {@code routineSkipTries} times
 * @param routineSkipTries how many routine skips a customer may have
 * @param recoveredPayment chance of a payment failure that recovers
 * @param planChange chance of a benign plan change (up or down)
 * @param quietWeek chance of a 7-10 day pause of all engagement
 * @param unsubscribe chance of a benign unsubscribe from one message channel
 * @param negativeContact chance of one benign negative support contact
 * @param retainedCancel chance of a cancel request after which a non-churner stays
 * @param resolvedIncident chance of a benign support spike (3-5 contacts in 14 days, mostly
 *     negative) that ends with a positive contact
 * @param downgradeStays chance of a downgrade followed by an unsubscribe or a price complaint,
 *     after which the customer stays
 * @param orderPause chance that a repeat buyer once waits 3-5 times the own gap, then returns
 * @param dipShare share of customers whose engagement dips in the seasonal windows
 * @param dipEveryDays the seasonal windows start every this many days (from day {@code dipEveryDays
 *     / 2}); 0: no seasons
 * @param dipDays length of a seasonal window
 * @param dipLevel engagement during a window relative to the own baseline
 */
public record World(
        String name,
        String business,
        double subscriberShare,
        double cycle7,
        double cycle14,
        double cycle30,
        double cycle60,
        double cycle90,
        double trialShare,
        int trialDays,
        double trialChurn,
        double commitmentShare,
        int commitmentDays,
        double loginsPerDay,
        double opensPerDay,
        double buyerGapDays,
        Set<EventType> sends,
        double subscriberChurn,
        double buyerChurn,
        double cancelShare,
        double abruptShare,
        double dropoutPerOrder,
        int leadMinDays,
        int leadMaxDays,
        double floorMin,
        double floorMax,
        PrecursorWeights precursorWeights,
        int minPrecursors,
        int maxPrecursors,
        double routineSkip,
        int routineSkipTries,
        double recoveredPayment,
        double planChange,
        double quietWeek,
        double unsubscribe,
        double negativeContact,
        double retainedCancel,
        double resolvedIncident,
        double downgradeStays,
        double orderPause,
        double dipShare,
        int dipEveryDays,
        int dipDays,
        double dipLevel)
        implements Serializable {

    /** The generator as it was before worlds; its stream is pinned byte for byte by the tests. */
    public static final World DEFAULT = WorldBuilder.defaults().build();

    /** How many numbered worlds {@link #of} knows. */
    public static final int COUNT = 10;

    public World {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(business, "business");
        Objects.requireNonNull(precursorWeights, "precursorWeights");
        // an unmodifiable EnumSet: fast contains, serializable, value equality
        sends = Collections.unmodifiableSet(copy(sends));
        share("subscriberShare", subscriberShare);
        share("trialShare", trialShare);
        share("trialChurn", trialChurn);
        share("commitmentShare", commitmentShare);
        share("subscriberChurn", subscriberChurn);
        share("buyerChurn", buyerChurn);
        share("cancelShare", cancelShare);
        share("abruptShare", abruptShare);
        share("dropoutPerOrder", dropoutPerOrder);
        share("routineSkip", routineSkip);
        share("recoveredPayment", recoveredPayment);
        share("planChange", planChange);
        share("quietWeek", quietWeek);
        share("unsubscribe", unsubscribe);
        share("negativeContact", negativeContact);
        share("retainedCancel", retainedCancel);
        share("resolvedIncident", resolvedIncident);
        share("downgradeStays", downgradeStays);
        share("orderPause", orderPause);
        share("dipShare", dipShare);
        share("dipLevel", dipLevel);
        double cycles = cycle7 + cycle14 + cycle30 + cycle60 + cycle90;
        if (Math.min(Math.min(cycle7, cycle14), Math.min(Math.min(cycle30, cycle60), cycle90)) < 0
                || Math.abs(cycles - 1.0) > 1e-9) {
            throw new IllegalArgumentException("plan cycle shares must sum to 1: " + cycles);
        }
        if (trialDays < 1 || commitmentDays < 1 || dipDays < 0 || dipEveryDays < 0) {
            throw new IllegalArgumentException("trialDays/commitmentDays/dip days out of range");
        }
        if (dipEveryDays > 0 && dipDays >= dipEveryDays) {
            throw new IllegalArgumentException("dipDays must be shorter than dipEveryDays");
        }
        if (leadMinDays < 1 || leadMaxDays < leadMinDays) {
            throw new IllegalArgumentException("lead days: " + leadMinDays + ".." + leadMaxDays);
        }
        if (!(floorMin >= 0 && floorMax >= floorMin && floorMax <= 1)) {
            throw new IllegalArgumentException("floor: " + floorMin + ".." + floorMax);
        }
        if (minPrecursors < 0 || maxPrecursors < Math.max(1, minPrecursors)) {
            throw new IllegalArgumentException(
                    "precursors: " + minPrecursors + ".." + maxPrecursors);
        }
        if (routineSkipTries < 0) {
            throw new IllegalArgumentException("routineSkipTries: " + routineSkipTries);
        }
        if (!(loginsPerDay > 0 && opensPerDay > 0 && buyerGapDays > 0)) {
            throw new IllegalArgumentException("rates must be positive");
        }
    }

    /**
     * World {@code n} of the family, 0 .. {@link #COUNT}-1 (see the class comment); 0 is {@link
     * #DEFAULT}.
     */
    public static World of(int n) {
        return Worlds.of(n);
    }

    /** A builder starting from this world's knobs. */
    public WorldBuilder toBuilder() {
        return new WorldBuilder(this);
    }

    /** Whether the business sends events of this type. */
    public boolean sends(EventType type) {
        return sends.contains(type);
    }

    /** Whether engagement (logins, message opens, feedback) is visible in the stream at all. */
    public boolean sendsEngagement() {
        return sends(EventType.LOGIN)
                || sends(EventType.MESSAGE_OPENED)
                || sends(EventType.FEEDBACK);
    }

    private static EnumSet<EventType> copy(Set<EventType> types) {
        Objects.requireNonNull(types, "sends");
        EnumSet<EventType> s = EnumSet.noneOf(EventType.class);
        s.addAll(types);
        return s;
    }

    private static void share(String what, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in 0 .. 1: " + v);
        }
    }

    /**
     * Relative weights of the precursors a decaying churner can be given (each weight is how many
     * tickets the precursor has in the draw; 0: never). Which precursors are eligible also depends
     * on the customer (subscriber or not, cancelling or silent, tier, value), see {@link
     * PrecursorKind}. {@link PrecursorKind#ENGAGEMENT_DROP} is every decaying churner's; its
     * strength is the world's floor.
     */
    public record PrecursorWeights(
            int skippedCycle,
            int overdueOrder,
            int supportSpike,
            int paymentFailure,
            int dormant,
            int cancelIntent,
            int downgrade,
            int highValueSlowdown)
            implements Serializable {

        public static final PrecursorWeights DEFAULT = new PrecursorWeights(1, 1, 1, 1, 1, 2, 1, 2);

        public PrecursorWeights {
            if (Math.min(
                            Math.min(Math.min(skippedCycle, overdueOrder), supportSpike),
                            Math.min(
                                    Math.min(paymentFailure, dormant),
                                    Math.min(Math.min(cancelIntent, downgrade), highValueSlowdown)))
                    < 0) {
                throw new IllegalArgumentException("precursor weights must be >= 0");
            }
        }
    }
}

package dev.kizashi.generator;

import dev.kizashi.model.EventType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Builds a {@link World} by naming only the knobs that differ from another world (usually {@link
 * World#DEFAULT}). Setters group knobs that only make sense together.
 */
public final class WorldBuilder {

    private String name;
    private String business;
    private double subscriberShare;
    private double cycle7;
    private double cycle14;
    private double cycle30;
    private double cycle60;
    private double cycle90;
    private double trialShare;
    private int trialDays;
    private double trialChurn;
    private double commitmentShare;
    private int commitmentDays;
    private double loginsPerDay;
    private double opensPerDay;
    private double buyerGapDays;
    private EnumSet<EventType> sends;
    private double subscriberChurn;
    private double buyerChurn;
    private double cancelShare;
    private double abruptShare;
    private double dropoutPerOrder;
    private int leadMinDays;
    private int leadMaxDays;
    private double floorMin;
    private double floorMax;
    private World.PrecursorWeights weights;
    private int minPrecursors;
    private int maxPrecursors;
    private double routineSkip;
    private int routineSkipTries;
    private double recoveredPayment;
    private double planChange;
    private double quietWeek;
    private double unsubscribe;
    private double negativeContact;
    private double retainedCancel;
    private double resolvedIncident;
    private double downgradeStays;
    private double orderPause;
    private double dipShare;
    private int dipEveryDays;
    private int dipDays;
    private double dipLevel;

    private WorldBuilder() {}

    /** The constants of the generator before worlds existed: {@link World#DEFAULT}. */
    static WorldBuilder defaults() {
        WorldBuilder b = new WorldBuilder();
        b.name = "default";
        b.business = "mixed subscription commerce: 14/30/60-day plans and repeat buyers";
        b.subscriberShare = 0.7;
        b.cycle14 = 0.2;
        b.cycle30 = 0.6;
        b.cycle60 = 0.2;
        b.trialDays = 14;
        b.commitmentDays = 180;
        b.loginsPerDay = 0.35;
        b.opensPerDay = 0.25;
        b.buyerGapDays = 25;
        b.sends = EnumSet.allOf(EventType.class);
        b.subscriberChurn = 0.27;
        b.buyerChurn = 0.37;
        b.cancelShare = 0.7;
        b.leadMinDays = 20;
        b.leadMaxDays = 60;
        b.floorMin = 0.03;
        b.floorMax = 0.2;
        b.weights = World.PrecursorWeights.DEFAULT;
        b.minPrecursors = 1;
        b.maxPrecursors = 3;
        b.routineSkip = 0.35;
        b.routineSkipTries = 1;
        b.recoveredPayment = 0.25;
        b.planChange = 0.07;
        b.quietWeek = 0.3;
        b.unsubscribe = 0.08;
        b.negativeContact = 0.2;
        b.retainedCancel = 0.03;
        b.dipLevel = 1.0;
        return b;
    }

    WorldBuilder(World w) {
        name = w.name();
        business = w.business();
        subscriberShare = w.subscriberShare();
        cycle7 = w.cycle7();
        cycle14 = w.cycle14();
        cycle30 = w.cycle30();
        cycle60 = w.cycle60();
        cycle90 = w.cycle90();
        trialShare = w.trialShare();
        trialDays = w.trialDays();
        trialChurn = w.trialChurn();
        commitmentShare = w.commitmentShare();
        commitmentDays = w.commitmentDays();
        loginsPerDay = w.loginsPerDay();
        opensPerDay = w.opensPerDay();
        buyerGapDays = w.buyerGapDays();
        sends = EnumSet.noneOf(EventType.class);
        sends.addAll(w.sends());
        subscriberChurn = w.subscriberChurn();
        buyerChurn = w.buyerChurn();
        cancelShare = w.cancelShare();
        abruptShare = w.abruptShare();
        dropoutPerOrder = w.dropoutPerOrder();
        leadMinDays = w.leadMinDays();
        leadMaxDays = w.leadMaxDays();
        floorMin = w.floorMin();
        floorMax = w.floorMax();
        weights = w.precursorWeights();
        minPrecursors = w.minPrecursors();
        maxPrecursors = w.maxPrecursors();
        routineSkip = w.routineSkip();
        routineSkipTries = w.routineSkipTries();
        recoveredPayment = w.recoveredPayment();
        planChange = w.planChange();
        quietWeek = w.quietWeek();
        unsubscribe = w.unsubscribe();
        negativeContact = w.negativeContact();
        retainedCancel = w.retainedCancel();
        resolvedIncident = w.resolvedIncident();
        downgradeStays = w.downgradeStays();
        orderPause = w.orderPause();
        dipShare = w.dipShare();
        dipEveryDays = w.dipEveryDays();
        dipDays = w.dipDays();
        dipLevel = w.dipLevel();
    }

    public World build() {
        return new World(
                name,
                business,
                subscriberShare,
                cycle7,
                cycle14,
                cycle30,
                cycle60,
                cycle90,
                trialShare,
                trialDays,
                trialChurn,
                commitmentShare,
                commitmentDays,
                loginsPerDay,
                opensPerDay,
                buyerGapDays,
                sends,
                subscriberChurn,
                buyerChurn,
                cancelShare,
                abruptShare,
                dropoutPerOrder,
                leadMinDays,
                leadMaxDays,
                floorMin,
                floorMax,
                weights,
                minPrecursors,
                maxPrecursors,
                routineSkip,
                routineSkipTries,
                recoveredPayment,
                planChange,
                quietWeek,
                unsubscribe,
                negativeContact,
                retainedCancel,
                resolvedIncident,
                downgradeStays,
                orderPause,
                dipShare,
                dipEveryDays,
                dipDays,
                dipLevel);
    }

    public WorldBuilder name(String name, String business) {
        this.name = name;
        this.business = business;
        return this;
    }

    public WorldBuilder subscriberShare(double share) {
        subscriberShare = share;
        return this;
    }

    /** Shares of 7/14/30/60/90-day plans among subscribers (sum 1). */
    public WorldBuilder cycles(double d7, double d14, double d30, double d60, double d90) {
        cycle7 = d7;
        cycle14 = d14;
        cycle30 = d30;
        cycle60 = d60;
        cycle90 = d90;
        return this;
    }

    public WorldBuilder trial(double share, int days, double notConverting) {
        trialShare = share;
        trialDays = days;
        trialChurn = notConverting;
        return this;
    }

    public WorldBuilder commitment(double share, int days) {
        commitmentShare = share;
        commitmentDays = days;
        return this;
    }

    /** Median engagement rates per day. */
    public WorldBuilder engagement(double logins, double opens) {
        loginsPerDay = logins;
        opensPerDay = opens;
        return this;
    }

    public WorldBuilder buyerGapDays(double days) {
        buyerGapDays = days;
        return this;
    }

    /** Only these event types are sent. */
    public WorldBuilder sendsOnly(Set<EventType> types) {
        sends = EnumSet.noneOf(EventType.class);
        sends.addAll(types);
        return this;
    }

    /** These event types are not sent. */
    public WorldBuilder without(EventType... types) {
        for (EventType t : types) {
            sends.remove(t);
        }
        return this;
    }

    /** Churn shares of subscribers and repeat buyers (decaying or abrupt churn). */
    public WorldBuilder churn(double subscribers, double buyers) {
        subscriberChurn = subscribers;
        buyerChurn = buyers;
        return this;
    }

    /** Share of subscriber churners who cancel, and share of silent churners who just stop. */
    public WorldBuilder silence(double cancel, double abrupt) {
        cancelShare = cancel;
        abruptShare = abrupt;
        return this;
    }

    public WorldBuilder dropoutPerOrder(double p) {
        dropoutPerOrder = p;
        return this;
    }

    /** Decay length before a churn in days (lead time of the precursors). */
    public WorldBuilder lead(int minDays, int maxDays) {
        leadMinDays = minDays;
        leadMaxDays = maxDays;
        return this;
    }

    /** Engagement left at the end of a decay, relative to the own baseline. */
    public WorldBuilder floor(double min, double max) {
        floorMin = min;
        floorMax = max;
        return this;
    }

    public WorldBuilder precursors(World.PrecursorWeights w, int min, int max) {
        weights = w;
        minPrecursors = min;
        maxPrecursors = max;
        return this;
    }

    public WorldBuilder routineSkips(double chance, int tries) {
        routineSkip = chance;
        routineSkipTries = tries;
        return this;
    }

    public WorldBuilder recoveredPayment(double chance) {
        recoveredPayment = chance;
        return this;
    }

    public WorldBuilder planChange(double chance) {
        planChange = chance;
        return this;
    }

    public WorldBuilder quietWeek(double chance) {
        quietWeek = chance;
        return this;
    }

    /** Benign support noise: a negative contact, a retained cancel request, a resolved spike. */
    public WorldBuilder supportNoise(double negative, double retained, double resolvedSpike) {
        negativeContact = negative;
        retainedCancel = retained;
        resolvedIncident = resolvedSpike;
        return this;
    }

    public WorldBuilder unsubscribe(double chance) {
        unsubscribe = chance;
        return this;
    }

    public WorldBuilder downgradeStays(double chance) {
        downgradeStays = chance;
        return this;
    }

    public WorldBuilder orderPause(double chance) {
        orderPause = chance;
        return this;
    }

    /** Seasonal engagement dips: who dips, how often the season comes, how long, how deep. */
    public WorldBuilder seasons(double share, int everyDays, int days, double level) {
        dipShare = share;
        dipEveryDays = everyDays;
        dipDays = days;
        dipLevel = level;
        return this;
    }
}

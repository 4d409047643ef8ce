package dev.kizashi.generator;

import static dev.kizashi.generator.CustomerPlan.DAY;
import static dev.kizashi.generator.CustomerPlan.HOUR;
import static dev.kizashi.generator.CustomerPlan.NEVER;
import static dev.kizashi.generator.StreamTexts.BASE_CATEGORIES;
import static dev.kizashi.generator.StreamTexts.FEEDBACK_BAD;
import static dev.kizashi.generator.StreamTexts.FEEDBACK_GOOD;
import static dev.kizashi.generator.StreamTexts.PAY_REASONS;
import static dev.kizashi.generator.StreamTexts.SUPPORT_CHANNELS;
import static dev.kizashi.generator.StreamTexts.idOf;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;

/**
 * The lazy event source of one customer: a handful of "next time" fields (one per process) plus the
 * plan's agenda and a tiny pending queue for follow-ups. Emits the customer's events in
 * non-decreasing time; memory does not grow with the length of the period. Events of types the
 * world does not send are not emitted ({@link #emit} returns {@code null} for them).
 */
final class CustomerStream extends Rng {

    // pending follow-up codes
    private static final byte P_CLICK = 1;
    private static final byte P_RECOVER = 2;
    private static final byte P_ORDER_AFTER_RECOVERY = 3;
    private static final byte P_RETRY_FAIL = 4;

    private final CustomerPlan p;
    private final char idTag;
    private final SubscriptionGenerator.Ctx ctx;
    private final Rng r;
    private final String customerId;
    private final int index;
    private final long startMs;
    // hot copies of plan fields (one object touched per event instead of several)
    private final int activeEnd;
    private final int orderStop;
    private final int decayStart;
    private final int quietStart;
    private final int quietEnd;
    private final int unsubAt;
    private final int unsubChannel;
    private final int channelMask;
    private final double loginRate;
    private final double openRate;
    private final double appShare;
    private final double supportRate;
    private final double feedbackRate;
    private final World world;
    private final boolean dipping;
    // null unless the world drops some event types
    private final World filter;
    // null: repeat-order gaps come from this stream's own Rng
    private final Rng gaps;
    private int previousOrder = Integer.MIN_VALUE;
    private int nextAgenda;
    private int seq;
    private int orderSeq;

    private int tLogin;
    private int tOpen;
    private int openChannel;
    private int tSupport;
    private int tFeedback;
    private int tCycle;
    private int nominal;
    private int cycleAction;
    private boolean firstCycle = true;
    private int tSpot;
    private int tRepeat;
    private int agendaPos;

    private int[] pendT = new int[2];
    private byte[] pendCode = new byte[2];
    private int[] pendArg = new int[2];
    private int pendN;

    private int next;

    CustomerStream(CustomerPlan plan, SubscriptionGenerator.Ctx ctx) {
        this(plan, ctx, 'g');
    }

    /**
     * @param idTag the letter of the event ids ({@code g}; another for the spared continuation of a
     *     customer, so its ids never repeat the original stream's)
     */
    CustomerStream(CustomerPlan plan, SubscriptionGenerator.Ctx ctx, char idTag) {
        super(Rng.seedFor(ctx.seed, plan.index, 2));
        this.idTag = idTag;
        this.p = plan;
        this.ctx = ctx;
        this.r = this;
        this.customerId = plan.customerId;
        this.index = plan.index;
        this.startMs = ctx.startMs;
        this.activeEnd = plan.activeEnd;
        this.orderStop = plan.orderStop;
        this.decayStart = plan.decayStart;
        this.quietStart = plan.quietStart;
        this.quietEnd = plan.quietEnd;
        this.unsubAt = plan.unsubAt;
        this.unsubChannel = plan.unsubChannel;
        this.channelMask = plan.channelMask;
        this.loginRate = plan.loginRate;
        this.openRate = plan.openRate;
        this.appShare = plan.appShare;
        this.supportRate = plan.supportRate;
        this.feedbackRate = plan.feedbackRate;
        this.world = plan.world;
        this.dipping = plan.dipLevel < 1.0;
        this.filter = world.sends().size() == EventType.values().length ? null : world;
        this.gaps = plan.plannedGaps ? plan.gapRng() : null;
        this.nextAgenda = plan.agenda.length > 0 ? (int) (plan.agenda[0] >>> 8) : NEVER;
        int s = p.signup;
        // processes of event types the world does not send are not run at all
        tLogin = world.sends(EventType.LOGIN) ? engaged(s, loginRate) : NEVER;
        tOpen = world.sends(EventType.MESSAGE_OPENED) ? nextOpen(s) : NEVER;
        tSupport = world.sends(EventType.SUPPORT_CONTACT) ? plain(s, supportRate) : NEVER;
        tFeedback = world.sends(EventType.FEEDBACK) ? engaged(s + DAY, feedbackRate) : NEVER;
        if (p.subscriber) {
            nominal = p.firstNominal;
            scheduleCycle();
            tSpot = p.spotRate > 0 ? plain(s + DAY, p.spotRate) : NEVER;
            if (tSpot >= p.orderStop) {
                tSpot = NEVER;
            }
            tRepeat = NEVER;
        } else {
            tCycle = NEVER;
            tSpot = NEVER;
            tRepeat = s + 60 < p.orderStop && s + 60 < p.activeEnd ? s + 60 : NEVER;
        }
        next = computeNext();
    }

    /** Time (seconds since start) of the next event, or {@link CustomerPlan#NEVER}. */
    int nextTime() {
        return next;
    }

    /**
     * Emits the event at {@link #nextTime()} and advances; {@code null} when the world does not
     * send events of its type.
     */
    CustomerEvent emit() {
        int t = next;
        CustomerEvent e;
        if (nextAgenda == t) {
            int code = (int) (p.agenda[agendaPos] & 0xFF);
            agendaPos++;
            nextAgenda = agendaPos < p.agenda.length ? (int) (p.agenda[agendaPos] >>> 8) : NEVER;
            e = AgendaEvents.event(this, p, t, code);
        } else if (pendN > 0 && minPending() == t) {
            e = pendingEvent(t);
        } else if (tCycle == t) {
            e = cycleEvent(t);
        } else if (tRepeat == t) {
            e = repeatOrder(t);
        } else if (tSpot == t) {
            e =
                    order(
                            t,
                            Math.round(ctx.amountJitter(r, 2500) / 10.0) * 10.0,
                            false,
                            1 + r.nextInt(2));
            tSpot = plain(t, p.spotRate);
            if (tSpot >= orderStop) {
                tSpot = NEVER;
            }
        } else if (tSupport == t) {
            e = supportEvent(t);
            tSupport = plain(t, supportRate);
        } else if (tFeedback == t) {
            e = feedbackEvent(t);
            tFeedback = engaged(t, feedbackRate);
        } else if (tOpen == t) {
            e = openEvent(t);
            tOpen = nextOpen(t);
        } else if (tLogin == t) {
            e =
                    new CustomerEvent.Login(
                            id(), customerId(), ms(t), r.chance(appShare) ? "app" : "web");
            tLogin = engaged(t, loginRate);
        } else {
            throw new IllegalStateException("no source at " + t + " for " + customerId());
        }
        next = computeNext();
        return filter == null || filter.sends(e.type()) ? e : null;
    }

    // ---------------------------------------------------------------- processes

    private int computeNext() {
        int m = Math.min(Math.min(tLogin, tOpen), Math.min(tSupport, tFeedback));
        m = Math.min(m, Math.min(Math.min(tCycle, tSpot), tRepeat));
        m = Math.min(m, nextAgenda);
        if (pendN > 0) {
            m = Math.min(m, minPending());
        }
        return m;
    }

    /** Poisson arrivals at ratePerDay thinned by the engagement factor, ending at activeEnd. */
    private int engaged(int from, double ratePerDay) {
        double t = from;
        double mean = DAY / ratePerDay;
        while (true) {
            t += r.exponential(mean);
            if (t >= activeEnd) {
                return NEVER;
            }
            int ti = (int) t;
            if (ti < decayStart
                    && (ti < quietStart || ti >= quietEnd)
                    && (!dipping || !p.dips(ti))) {
                return ti;
            }
            double f = p.factor(ti);
            if (f >= 1.0 || r.nextDouble() < f) {
                return ti;
            }
        }
    }

    /** Poisson arrivals not affected by engagement. */
    private int plain(int from, double ratePerDay) {
        double t = from + r.exponential(DAY / ratePerDay);
        return t >= activeEnd ? NEVER : (int) t;
    }

    private int nextOpen(int from) {
        int t = from;
        for (int guard = 0; guard < 1000; guard++) {
            t = engaged(t, openRate);
            if (t == NEVER) {
                return NEVER;
            }
            int c = pickMsgChannel();
            if (t < unsubAt || c != unsubChannel) {
                openChannel = c;
                return t;
            }
        }
        return NEVER;
    }

    private int pickMsgChannel() {
        int mask = channelMask;
        if (mask == 1 || mask == 2 || mask == 4) {
            return Integer.numberOfTrailingZeros(mask);
        }
        while (true) {
            int c = r.nextInt(3);
            if ((mask & (1 << c)) != 0) {
                return c;
            }
        }
    }

    private void scheduleCycle() {
        while (true) {
            if (nominal >= orderStop || nominal >= activeEnd) {
                tCycle = NEVER;
                return;
            }
            cycleAction = p.cycleAction(nominal);
            if (cycleAction == CustomerPlan.C_SKIP) {
                nominal = p.nextNominal(nominal);
                firstCycle = false;
                continue;
            }
            int t = firstCycle ? nominal : nominal + (int) r.uniform(-6 * HOUR, 12 * HOUR);
            tCycle = t >= activeEnd ? NEVER : t;
            return;
        }
    }

    private CustomerEvent cycleEvent(int t) {
        CustomerEvent e;
        int action = cycleAction;
        if (action == CustomerPlan.C_FAIL_RECOVER) {
            e = paymentFailed(t);
            push(t + (int) (r.uniform(0.5, 4) * DAY), P_RECOVER, 0);
        } else if (action == CustomerPlan.C_FAIL_STOP) {
            e = paymentFailed(t);
            push(t + 3 * DAY, P_RETRY_FAIL, 0);
        } else {
            e = subscriptionOrder(t);
        }
        firstCycle = false;
        if (action == CustomerPlan.C_FAIL_STOP) {
            tCycle = NEVER;
        } else {
            nominal = p.nextNominal(nominal);
            scheduleCycle();
        }
        return e;
    }

    private CustomerEvent subscriptionOrder(int t) {
        double amount = p.priceAt(t);
        if (r.chance(0.25)) {
            amount += Math.round(r.uniform(300, 2000) / 10.0) * 10.0;
        }
        double x = r.nextDouble();
        return order(t, amount, true, x < 0.7 ? 1 : x < 0.9 ? 2 : 3);
    }

    private CustomerEvent repeatOrder(int t) {
        boolean slow = t >= p.slowdownStart;
        double amount = ctx.amountJitter(r, p.meanAmount) * (slow ? 0.6 : 1.0);
        CustomerEvent e =
                order(t, Math.max(100, Math.round(amount / 10.0) * 10.0), false, 1 + r.nextInt(4));
        long nt = t + p.orderGap(gaps != null ? gaps : r, previousOrder, t);
        previousOrder = t;
        tRepeat = nt >= orderStop || nt >= activeEnd ? NEVER : (int) nt;
        return e;
    }

    private CustomerEvent order(int t, double amount, boolean subscription, int items) {
        return new CustomerEvent.Order(
                id(),
                customerId(),
                ms(t),
                idOf('o', index, ++orderSeq),
                amount,
                "JPY",
                subscription,
                items);
    }

    private CustomerEvent paymentFailed(int t) {
        return new CustomerEvent.PaymentFailed(
                id(), customerId(), ms(t), PAY_REASONS[r.nextInt(PAY_REASONS.length)]);
    }

    private CustomerEvent openEvent(int t) {
        int week = ctx.week(t);
        int c = openChannel;
        if (r.chance(p.clickProb)) {
            push(t + 20 + r.nextInt(1800), P_CLICK, week * 3 + c);
        }
        return new CustomerEvent.MessageOpened(
                id(), customerId(), ms(t), CustomerPlan.MSG_CHANNELS[c], ctx.campaign(week, c));
    }

    private CustomerEvent supportEvent(int t) {
        boolean decaying = t >= decayStart;
        double x = r.nextDouble();
        Sentiment s =
                decaying
                        ? (x < 0.5
                                ? Sentiment.NEGATIVE
                                : x < 0.9 ? Sentiment.NEUTRAL : Sentiment.POSITIVE)
                        : (x < 0.22
                                ? Sentiment.NEGATIVE
                                : x < 0.72 ? Sentiment.NEUTRAL : Sentiment.POSITIVE);
        return support(t, BASE_CATEGORIES[r.nextInt(BASE_CATEGORIES.length)], s);
    }

    CustomerEvent support(int t, SupportCategory category, Sentiment sentiment) {
        return new CustomerEvent.SupportContact(
                id(),
                customerId(),
                ms(t),
                SUPPORT_CHANNELS[r.nextInt(SUPPORT_CHANNELS.length)],
                category,
                sentiment);
    }

    private CustomerEvent feedbackEvent(int t) {
        double drop = 0;
        if (t >= decayStart) {
            drop =
                    5.0
                            * Math.min(
                                    1.0,
                                    (double) (t - decayStart)
                                            / Math.max(1, activeEnd - decayStart));
        }
        int score = (int) Math.round(p.satisfaction - drop + 1.2 * r.normal());
        score = Math.max(0, Math.min(10, score));
        String text = null;
        if (r.chance(0.3)) {
            String[] pool = score <= 6 ? FEEDBACK_BAD : FEEDBACK_GOOD;
            text = pool[r.nextInt(pool.length)];
        }
        return new CustomerEvent.Feedback(id(), customerId(), ms(t), score, text);
    }

    // ---------------------------------------------------------------- pending follow-ups

    private void push(int t, byte code, int arg) {
        if (t >= activeEnd || t < 0) {
            return;
        }
        if (pendN == pendT.length) {
            pendT = java.util.Arrays.copyOf(pendT, pendN * 2);
            pendCode = java.util.Arrays.copyOf(pendCode, pendN * 2);
            pendArg = java.util.Arrays.copyOf(pendArg, pendN * 2);
        }
        pendT[pendN] = t;
        pendCode[pendN] = code;
        pendArg[pendN] = arg;
        pendN++;
    }

    private int minPending() {
        int m = NEVER;
        for (int i = 0; i < pendN; i++) {
            m = Math.min(m, pendT[i]);
        }
        return m;
    }

    private CustomerEvent pendingEvent(int t) {
        int i = 0;
        while (pendT[i] != t) {
            i++;
        }
        byte code = pendCode[i];
        int arg = pendArg[i];
        pendN--;
        pendT[i] = pendT[pendN];
        pendCode[i] = pendCode[pendN];
        pendArg[i] = pendArg[pendN];
        switch (code) {
            case P_CLICK:
                return new CustomerEvent.MessageClicked(
                        id(),
                        customerId(),
                        ms(t),
                        CustomerPlan.MSG_CHANNELS[arg % 3],
                        ctx.campaign(arg / 3, arg % 3));
            case P_RECOVER:
                push(t + 30 + r.nextInt(600), P_ORDER_AFTER_RECOVERY, 0);
                return new CustomerEvent.PaymentRecovered(id(), customerId(), ms(t));
            case P_ORDER_AFTER_RECOVERY:
                return subscriptionOrder(t);
            case P_RETRY_FAIL:
                return paymentFailed(t);
            default:
                throw new IllegalStateException("pending code " + code);
        }
    }

    // ---------------------------------------------------------------- helpers

    String id() {
        return idOf(idTag, index, ++seq);
    }

    char idTag() {
        return idTag;
    }

    String customerId() {
        return customerId;
    }

    long ms(int t) {
        return startMs + t * 1000L;
    }
}

package dev.kizashi.pdca;

import dev.kizashi.alert.Alert;
import dev.kizashi.model.CustomerEvent;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Follows each episode from its first alert to its horizon and then says what became of the
 * customer: the evidence uplift is measured on. Pure logic over one customer's {@link OutcomeBook};
 * the keyed function stores the book and sets a timer at {@link #nextDue}.
 *
 * <p>Within the window [first alert, first alert + horizon) it counts orders and revenue, the first
 * cancellation and any return after it, and the {@code retention_action} events that answer the
 * episode (by {@code episodeId}; without one, the newest episode of the customer).
 */
public final class OutcomeTracker implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Episodes watched per customer; a new one beyond it drops the oldest (counted). */
    public static final int MAX_WATCHES = 8;

    private static final long DAY_MS = 86_400_000L;

    private final long horizonMs;

    public OutcomeTracker(Duration horizon) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("outcome horizon must be positive: " + horizon);
        }
        this.horizonMs = horizon.toMillis();
    }

    /**
     * Starts watching the episode {@code a} opens (an ALERT that is its episode's first); other
     * records change nothing.
     *
     * @return the number of watches dropped to make room (0 or 1)
     */
    public int onRecord(OutcomeBook book, Alert a) {
        if (!a.opensEpisode()) {
            return 0;
        }
        for (EpisodeWatch w : book.watches) {
            if (w.episodeId.equals(a.episodeId())) {
                return 0; // a replayed first alert
            }
        }
        EpisodeWatch w = new EpisodeWatch();
        w.episodeId = a.episodeId();
        w.openedTs = a.eventTime();
        w.dueTs = a.eventTime() + horizonMs;
        w.pattern = a.pattern().name();
        w.severity = a.severity().name();
        w.channel = a.channel();
        w.action = a.action();
        w.score = a.score();
        w.segment = a.segment();
        w.ltvTier = a.ltvTier();
        w.holdout = a.holdout();
        w.modelVersion = a.gate() == null ? null : a.gate().modelVersion();
        int dropped = book.watches.length >= MAX_WATCHES ? 1 : 0;
        EpisodeWatch[] next = Arrays.copyOfRange(book.watches, dropped, book.watches.length + 1);
        next[next.length - 1] = w;
        book.watches = next;
        return dropped;
    }

    /**
     * Whether an event of this type can change an outcome: orders, subscriptions, cancellations and
     * retention actions. The keyed function reads the book for these only; logins and message
     * opens, most of the stream, never touch it.
     */
    public static boolean counts(CustomerEvent e) {
        return switch (e.type()) {
            case ORDER, SUBSCRIPTION_STARTED, SUBSCRIPTION_CANCELLED, RETENTION_ACTION -> true;
            default -> false;
        };
    }

    /**
     * Counts {@code e} in every episode whose window it falls in.
     *
     * @return whether the book changed
     */
    public boolean onEvent(OutcomeBook book, CustomerEvent e) {
        if (!counts(e)) {
            return false;
        }
        long ts = e.ts();
        if (e instanceof CustomerEvent.RetentionAction r) {
            EpisodeWatch w = answered(book, r);
            if (w != null && ts >= w.openedTs && ts < w.dueTs) {
                countAction(w, r);
                return true;
            }
            return false;
        }
        boolean changed = false;
        for (EpisodeWatch w : book.watches) {
            if (ts < w.openedTs || ts >= w.dueTs) {
                continue;
            }
            changed = true;
            switch (e.type()) {
                case ORDER -> {
                    var o = (CustomerEvent.Order) e;
                    w.orders++;
                    if (o.amount() != null) {
                        w.revenue += o.amount();
                    }
                    w.reactivated |= w.churnedTs != 0;
                }
                case SUBSCRIPTION_STARTED -> w.reactivated |= w.churnedTs != 0;
                case SUBSCRIPTION_CANCELLED -> {
                    var c = (CustomerEvent.SubscriptionCancelled) e;
                    if (w.churnedTs == 0 || w.reactivated) {
                        w.churnedTs = ts;
                        w.cancelReason = c.reason() == null ? null : c.reason().wire();
                        w.reactivated = false;
                    }
                }
                default -> {}
            }
        }
        return changed;
    }

    private static EpisodeWatch answered(OutcomeBook book, CustomerEvent.RetentionAction r) {
        if (book.watches.length == 0) {
            return null;
        }
        if (r.episodeId() == null) {
            return book.watches[book.watches.length - 1];
        }
        for (EpisodeWatch w : book.watches) {
            if (w.episodeId.equals(r.episodeId())) {
                return w;
            }
        }
        return null;
    }

    private static void countAction(EpisodeWatch w, CustomerEvent.RetentionAction r) {
        w.actions++;
        if (r.outcome() != null && r.outcome().reached()) {
            w.reached++;
        }
        if (r.outcome() == dev.kizashi.model.ContactOutcome.ACCEPTED_OFFER) {
            w.accepted++;
        }
        if (r.cost() != null) {
            w.actionCost += r.cost();
        }
        if (w.firstAction == null && w.firstActionChannel == null) {
            w.firstActionChannel = r.channel() == null ? null : r.channel().wire();
            w.firstAction = r.action();
            w.offer = r.offer();
            w.campaign = r.campaign();
        }
    }

    /** The earliest due time of the book, 0 when empty. */
    public long nextDue(OutcomeBook book) {
        long due = 0;
        for (EpisodeWatch w : book.watches) {
            due = due == 0 ? w.dueTs : Math.min(due, w.dueTs);
        }
        return due;
    }

    /**
     * The outcomes due at {@code now}, removed from the book.
     *
     * @param churnKnownAt whether the customer's churn is known at a time (the detector's notion:
     *     cancelled, a missed delivery, a buyer past due); a customer the job no longer keeps
     *     counts as churned
     */
    public List<EpisodeOutcome> onTime(
            OutcomeBook book,
            String customerId,
            long now,
            java.util.function.LongPredicate churnKnownAt) {
        List<EpisodeOutcome> out = new ArrayList<>();
        List<EpisodeWatch> kept = new ArrayList<>();
        for (EpisodeWatch w : book.watches) {
            if (w.dueTs > now) {
                kept.add(w);
                continue;
            }
            Outcome o;
            if (w.churnedTs != 0) {
                o = w.reactivated ? Outcome.REACTIVATED : Outcome.CHURNED;
            } else {
                o = churnKnownAt.test(w.dueTs) ? Outcome.CHURNED : Outcome.RETAINED;
            }
            out.add(outcome(customerId, w, o));
        }
        book.watches = kept.toArray(new EpisodeWatch[0]);
        return out;
    }

    private EpisodeOutcome outcome(String customerId, EpisodeWatch w, Outcome o) {
        return new EpisodeOutcome(
                w.episodeId,
                customerId,
                w.pattern,
                w.severity,
                w.channel,
                w.action,
                w.score,
                w.segment,
                w.ltvTier,
                w.holdout,
                w.modelVersion,
                w.openedTs,
                w.dueTs,
                (int) (horizonMs / DAY_MS),
                o,
                w.churnedTs,
                w.cancelReason,
                w.orders,
                w.revenue,
                w.actions,
                w.reached,
                w.accepted,
                w.actionCost,
                w.firstActionChannel,
                w.firstAction,
                w.offer,
                w.campaign);
    }
}

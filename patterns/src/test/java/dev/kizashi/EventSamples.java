package dev.kizashi;

import dev.kizashi.model.ActionChannel;
import dev.kizashi.model.CancelReason;
import dev.kizashi.model.ContactOutcome;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.wire.EventCodec;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Events of every type, for the codec, serializer and schema tests. */
public final class EventSamples {

    public static final long TS = 1_795_411_800_000L; // 2026-11-23T05:30:00Z
    public static final long TS_MILLIS = 1_730_451_600_123L;

    private EventSamples() {}

    /** One event of every type, with every attribute set. */
    public static List<CustomerEvent> full() {
        return List.of(
                new CustomerEvent.SubscriptionStarted("e-1", "c-42", TS, "plan-a", 30, 3980.0),
                new CustomerEvent.Order("e-2", "c-42", TS_MILLIS, "o-9", 3980.5, "JPY", true, 2),
                new CustomerEvent.CycleSkipped("e-3", "c-42", TS, "plan-a"),
                new CustomerEvent.PlanChanged(
                        "e-4", "c-42", TS, "plan-a", "plan-b", PlanDirection.DOWN),
                new CustomerEvent.Login("e-5", "c-42", TS, "app"),
                new CustomerEvent.MessageOpened("e-6", "c-42", TS, "line", "camp-1"),
                new CustomerEvent.MessageClicked("e-7", "c-42", TS, "email", "camp-1"),
                new CustomerEvent.Unsubscribed("e-8", "c-42", TS, "push"),
                new CustomerEvent.SupportContact(
                        "e-9",
                        "c-42",
                        TS,
                        "chat",
                        SupportCategory.CANCEL_REQUEST,
                        Sentiment.NEGATIVE),
                new CustomerEvent.Feedback("e-10", "c-42", TS, 3, "届くのが遅い \"quoted\"\n"),
                new CustomerEvent.PaymentFailed("e-11", "c-42", TS, "card_declined"),
                new CustomerEvent.PaymentRecovered("e-12", "c-42", TS),
                new CustomerEvent.SubscriptionCancelled("e-13", "c-42", TS, CancelReason.PRICE),
                new CustomerEvent.RetentionAction(
                        "e-14",
                        "c-42",
                        TS,
                        "ep-1",
                        "al-1",
                        ActionChannel.CALL_CENTER,
                        "call",
                        "winter",
                        "10off",
                        ContactOutcome.ACCEPTED_OFFER,
                        800.0));
    }

    /** One event of every type, with no attribute set. */
    public static List<CustomerEvent> bare() {
        return List.of(
                new CustomerEvent.SubscriptionStarted("e-1", "c-1", 0L, null, null, null),
                new CustomerEvent.Order("e-2", "c-1", 0L, null, null, null, null, null),
                new CustomerEvent.CycleSkipped("e-3", "c-1", TS, null),
                new CustomerEvent.PlanChanged("e-4", "c-1", TS, null, null, null),
                new CustomerEvent.Login("e-5", "c-1", TS, null),
                new CustomerEvent.MessageOpened("e-6", "c-1", TS, null, null),
                new CustomerEvent.MessageClicked("e-7", "c-1", TS, null, null),
                new CustomerEvent.Unsubscribed("e-8", "c-1", TS, null),
                new CustomerEvent.SupportContact("e-9", "c-1", TS, null, null, null),
                new CustomerEvent.Feedback("e-10", "c-1", TS, null, null),
                new CustomerEvent.PaymentFailed("e-11", "c-1", TS, null),
                new CustomerEvent.PaymentRecovered("e-12", "c-1", TS),
                new CustomerEvent.SubscriptionCancelled("e-13", "c-1", EventCodec.MAX_TS, null),
                new CustomerEvent.RetentionAction(
                        "e-14", "c-1", TS, null, null, null, null, null, null, null, null));
    }

    // ---- jqwik generators of valid events ----

    public static Arbitrary<String> ids() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(128);
    }

    public static Arbitrary<String> text() {
        return Arbitraries.strings().ofMaxLength(40).injectNull(0.3);
    }

    public static Arbitrary<Long> timestamps() {
        return Arbitraries.longs().between(EventCodec.MIN_TS, EventCodec.MAX_TS);
    }

    public static Arbitrary<Double> money() {
        return Arbitraries.oneOf(
                        Arbitraries.doubles().between(0, 1e9),
                        Arbitraries.integers().between(0, 100_000).map(i -> (double) i),
                        Arbitraries.of(0.0, Double.MAX_VALUE, Double.MIN_VALUE))
                .injectNull(0.3);
    }

    public static <E extends Enum<E>> Arbitrary<E> enums(Class<E> type) {
        return Arbitraries.of(type).injectNull(0.3);
    }

    /** Arbitrary events of every type that satisfy the contract. */
    public static Arbitrary<CustomerEvent> events() {
        Arbitrary<String> id = ids();
        Arbitrary<String> cust = ids();
        Arbitrary<Long> ts = timestamps();
        Arbitrary<String> s = text();
        return Arbitraries.oneOf(
                Combinators.combine(
                                id,
                                cust,
                                ts,
                                s,
                                Arbitraries.integers().greaterOrEqual(1).injectNull(0.3),
                                money())
                        .as(CustomerEvent.SubscriptionStarted::new),
                Combinators.combine(
                                id,
                                cust,
                                ts,
                                s,
                                money(),
                                s,
                                Arbitraries.of(true, false).injectNull(0.3),
                                Arbitraries.integers().injectNull(0.3))
                        .as(CustomerEvent.Order::new),
                Combinators.combine(id, cust, ts, s).as(CustomerEvent.CycleSkipped::new),
                Combinators.combine(id, cust, ts, s, s, enums(PlanDirection.class))
                        .as(CustomerEvent.PlanChanged::new),
                Combinators.combine(id, cust, ts, s).as(CustomerEvent.Login::new),
                Combinators.combine(id, cust, ts, s, s).as(CustomerEvent.MessageOpened::new),
                Combinators.combine(id, cust, ts, s, s).as(CustomerEvent.MessageClicked::new),
                Combinators.combine(id, cust, ts, s).as(CustomerEvent.Unsubscribed::new),
                Combinators.combine(
                                id,
                                cust,
                                ts,
                                s,
                                enums(SupportCategory.class),
                                enums(Sentiment.class))
                        .as(CustomerEvent.SupportContact::new),
                Combinators.combine(
                                id,
                                cust,
                                ts,
                                Arbitraries.integers().between(0, 10).injectNull(0.3),
                                s)
                        .as(CustomerEvent.Feedback::new),
                Combinators.combine(id, cust, ts, s).as(CustomerEvent.PaymentFailed::new),
                Combinators.combine(id, cust, ts).as(CustomerEvent.PaymentRecovered::new),
                Combinators.combine(id, cust, ts, enums(CancelReason.class))
                        .as(CustomerEvent.SubscriptionCancelled::new),
                Combinators.combine(id, cust, ts, s, s, enums(ActionChannel.class), s, s)
                        .flatAs(
                                (i, c, t, ep, al, ch, act, camp) ->
                                        Combinators.combine(s, enums(ContactOutcome.class), money())
                                                .as(
                                                        (offer, outcome, cost) ->
                                                                new CustomerEvent.RetentionAction(
                                                                        i, c, t, ep, al, ch, act,
                                                                        camp, offer, outcome,
                                                                        cost))));
    }
}

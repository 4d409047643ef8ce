package dev.kizashi.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Wire;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * Encodes events into contract JSON ({@code shared/contracts/customer-events.md}), and dead letters
 * into their JSON line. Used through {@link EventCodec#encode} and {@link
 * EventCodec#encodeDeadLetter}.
 */
final class EventEncoder {

    private EventEncoder() {}

    /**
     * Encodes an event as one line of contract JSON: {@code eventId}, {@code customerId}, {@code
     * type} (wire name), {@code ts} as an ISO-8601 UTC instant, and {@code attrs} with the non-null
     * attributes (omitted when there are none). {@code decode(encode(e))} equals {@code e} for
     * every event that satisfies the contract.
     */
    static String encode(CustomerEvent e) {
        Objects.requireNonNull(e, "event");
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = WireJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("customerId", e.customerId());
            g.writeStringField("type", e.type().wireName());
            g.writeStringField("ts", Instant.ofEpochMilli(e.ts()).toString());
            Attrs a = new Attrs(g);
            switch (e.type()) {
                case SUBSCRIPTION_STARTED -> {
                    var s = (CustomerEvent.SubscriptionStarted) e;
                    a.str("planId", s.planId());
                    a.integer("cycleDays", s.cycleDays());
                    a.number("price", s.price());
                }
                case ORDER -> {
                    var o = (CustomerEvent.Order) e;
                    a.str("orderId", o.orderId());
                    a.number("amount", o.amount());
                    a.str("currency", o.currency());
                    a.bool("subscription", o.subscription());
                    a.integer("items", o.items());
                }
                case CYCLE_SKIPPED -> a.str("planId", ((CustomerEvent.CycleSkipped) e).planId());
                case PLAN_CHANGED -> {
                    var pc = (CustomerEvent.PlanChanged) e;
                    a.str("fromPlan", pc.fromPlan());
                    a.str("toPlan", pc.toPlan());
                    a.wire("direction", pc.direction());
                }
                case LOGIN -> a.str("channel", ((CustomerEvent.Login) e).channel());
                case MESSAGE_OPENED -> {
                    var m = (CustomerEvent.MessageOpened) e;
                    a.str("channel", m.channel());
                    a.str("campaignId", m.campaignId());
                }
                case MESSAGE_CLICKED -> {
                    var m = (CustomerEvent.MessageClicked) e;
                    a.str("channel", m.channel());
                    a.str("campaignId", m.campaignId());
                }
                case UNSUBSCRIBED -> a.str("channel", ((CustomerEvent.Unsubscribed) e).channel());
                case SUPPORT_CONTACT -> {
                    var sc = (CustomerEvent.SupportContact) e;
                    a.str("channel", sc.channel());
                    a.wire("category", sc.category());
                    a.wire("sentiment", sc.sentiment());
                }
                case FEEDBACK -> {
                    var fb = (CustomerEvent.Feedback) e;
                    a.integer("score", fb.score());
                    a.str("text", fb.text());
                }
                case PAYMENT_FAILED -> a.str("reason", ((CustomerEvent.PaymentFailed) e).reason());
                case PAYMENT_RECOVERED -> {}
                case SUBSCRIPTION_CANCELLED ->
                        a.wire("reason", ((CustomerEvent.SubscriptionCancelled) e).reason());
                case RETENTION_ACTION -> {
                    var r = (CustomerEvent.RetentionAction) e;
                    a.str("episodeId", r.episodeId());
                    a.str("alertId", r.alertId());
                    a.wire("channel", r.channel());
                    a.str("action", r.action());
                    a.str("campaign", r.campaign());
                    a.str("offer", r.offer());
                    a.wire("outcome", r.outcome());
                    a.number("cost", r.cost());
                }
            }
            a.close();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /**
     * Encodes a dead letter as one JSON line: {@code
     * {"source":..,"reason":"MALFORMED_JSON","message":..,"original":..}}.
     */
    static String encodeDeadLetter(DeadLetter d) {
        Objects.requireNonNull(d, "deadLetter");
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = WireJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("source", d.source());
            g.writeStringField("reason", d.reason() == null ? null : d.reason().name());
            g.writeStringField("message", d.message());
            g.writeStringField("original", d.original());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** Writes the attrs object lazily, so that it is omitted when no attribute is set. */
    private static final class Attrs {
        private final JsonGenerator g;
        private boolean open;

        Attrs(JsonGenerator g) {
            this.g = g;
        }

        private void open() throws IOException {
            if (!open) {
                g.writeObjectFieldStart("attrs");
                open = true;
            }
        }

        void str(String name, String value) throws IOException {
            if (value != null) {
                open();
                g.writeStringField(name, value);
            }
        }

        void integer(String name, Integer value) throws IOException {
            if (value != null) {
                open();
                g.writeNumberField(name, value.intValue());
            }
        }

        void number(String name, Double value) throws IOException {
            if (value != null) {
                open();
                g.writeNumberField(name, value.doubleValue());
            }
        }

        void bool(String name, Boolean value) throws IOException {
            if (value != null) {
                open();
                g.writeBooleanField(name, value.booleanValue());
            }
        }

        void wire(String name, Wire value) throws IOException {
            if (value != null) {
                open();
                g.writeStringField(name, value.wire());
            }
        }

        void close() throws IOException {
            if (open) {
                g.writeEndObject();
            }
        }
    }
}

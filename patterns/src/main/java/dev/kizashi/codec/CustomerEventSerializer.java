package dev.kizashi.codec;

import dev.kizashi.model.ActionChannel;
import dev.kizashi.model.CancelReason;
import dev.kizashi.model.ContactOutcome;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer of {@link CustomerEvent}, so that events cross the network and sit in state
 * without Kryo.
 *
 * <p>Format (version 1): one byte type tag (see {@link #tagOf}), then {@code eventId}, {@code
 * customerId} (nullable strings), {@code ts} (long), then the type's attributes in record order.
 * Every nullable field is a presence byte (0 or 1) followed, when present, by the value: strings as
 * {@link StringValue#writeString}, {@code Integer} as int, {@code Double} as double, {@code
 * Boolean} as boolean, contract enums as their ordinal byte. The tags are fixed numbers, not enum
 * ordinals; changing the enums' constant order or the format needs a new snapshot version.
 *
 * <p>Do not rename or move this class or its nested {@link CustomerEventSerializerSnapshot}: Flink
 * records the snapshot's class name in every checkpoint and savepoint that holds events (the CEP
 * operators' buffers, for one), and restores the serializer through it.
 */
public final class CustomerEventSerializer extends TypeSerializerSingleton<CustomerEvent> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final CustomerEventSerializer INSTANCE = new CustomerEventSerializer();

    private static final byte TAG_SUBSCRIPTION_STARTED = 1;
    private static final byte TAG_ORDER = 2;
    private static final byte TAG_CYCLE_SKIPPED = 3;
    private static final byte TAG_PLAN_CHANGED = 4;
    private static final byte TAG_LOGIN = 5;
    private static final byte TAG_MESSAGE_OPENED = 6;
    private static final byte TAG_MESSAGE_CLICKED = 7;
    private static final byte TAG_UNSUBSCRIBED = 8;
    private static final byte TAG_SUPPORT_CONTACT = 9;
    private static final byte TAG_FEEDBACK = 10;
    private static final byte TAG_PAYMENT_FAILED = 11;
    private static final byte TAG_PAYMENT_RECOVERED = 12;
    private static final byte TAG_SUBSCRIPTION_CANCELLED = 13;
    private static final byte TAG_RETENTION_ACTION = 14;

    private static final PlanDirection[] DIRECTIONS = PlanDirection.values();
    private static final SupportCategory[] CATEGORIES = SupportCategory.values();
    private static final Sentiment[] SENTIMENTS = Sentiment.values();
    private static final CancelReason[] CANCEL_REASONS = CancelReason.values();
    private static final ActionChannel[] ACTION_CHANNELS = ActionChannel.values();
    private static final ContactOutcome[] CONTACT_OUTCOMES = ContactOutcome.values();

    @Override
    public boolean isImmutableType() {
        return true; // records of immutable values
    }

    @Override
    public CustomerEvent createInstance() {
        return null; // there is no "empty" event; immutable types need no reuse instance
    }

    @Override
    public CustomerEvent copy(CustomerEvent from) {
        return from;
    }

    @Override
    public CustomerEvent copy(CustomerEvent from, CustomerEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    /** The wire tag of an event's type. */
    static byte tagOf(CustomerEvent e) {
        return switch (e.type()) {
            case SUBSCRIPTION_STARTED -> TAG_SUBSCRIPTION_STARTED;
            case ORDER -> TAG_ORDER;
            case CYCLE_SKIPPED -> TAG_CYCLE_SKIPPED;
            case PLAN_CHANGED -> TAG_PLAN_CHANGED;
            case LOGIN -> TAG_LOGIN;
            case MESSAGE_OPENED -> TAG_MESSAGE_OPENED;
            case MESSAGE_CLICKED -> TAG_MESSAGE_CLICKED;
            case UNSUBSCRIBED -> TAG_UNSUBSCRIBED;
            case SUPPORT_CONTACT -> TAG_SUPPORT_CONTACT;
            case FEEDBACK -> TAG_FEEDBACK;
            case PAYMENT_FAILED -> TAG_PAYMENT_FAILED;
            case PAYMENT_RECOVERED -> TAG_PAYMENT_RECOVERED;
            case SUBSCRIPTION_CANCELLED -> TAG_SUBSCRIPTION_CANCELLED;
            case RETENTION_ACTION -> TAG_RETENTION_ACTION;
        };
    }

    @Override
    public void serialize(CustomerEvent e, DataOutputView out) throws IOException {
        out.writeByte(tagOf(e));
        writeString(e.eventId(), out);
        writeString(e.customerId(), out);
        out.writeLong(e.ts());
        switch (e.type()) {
            case SUBSCRIPTION_STARTED -> {
                var s = (CustomerEvent.SubscriptionStarted) e;
                writeString(s.planId(), out);
                writeInt(s.cycleDays(), out);
                writeDouble(s.price(), out);
            }
            case ORDER -> {
                var o = (CustomerEvent.Order) e;
                writeString(o.orderId(), out);
                writeDouble(o.amount(), out);
                writeString(o.currency(), out);
                writeBoolean(o.subscription(), out);
                writeInt(o.items(), out);
            }
            case CYCLE_SKIPPED -> writeString(((CustomerEvent.CycleSkipped) e).planId(), out);
            case PLAN_CHANGED -> {
                var p = (CustomerEvent.PlanChanged) e;
                writeString(p.fromPlan(), out);
                writeString(p.toPlan(), out);
                writeEnum(p.direction(), out);
            }
            case LOGIN -> writeString(((CustomerEvent.Login) e).channel(), out);
            case MESSAGE_OPENED -> {
                var m = (CustomerEvent.MessageOpened) e;
                writeString(m.channel(), out);
                writeString(m.campaignId(), out);
            }
            case MESSAGE_CLICKED -> {
                var m = (CustomerEvent.MessageClicked) e;
                writeString(m.channel(), out);
                writeString(m.campaignId(), out);
            }
            case UNSUBSCRIBED -> writeString(((CustomerEvent.Unsubscribed) e).channel(), out);
            case SUPPORT_CONTACT -> {
                var s = (CustomerEvent.SupportContact) e;
                writeString(s.channel(), out);
                writeEnum(s.category(), out);
                writeEnum(s.sentiment(), out);
            }
            case FEEDBACK -> {
                var f = (CustomerEvent.Feedback) e;
                writeInt(f.score(), out);
                writeString(f.text(), out);
            }
            case PAYMENT_FAILED -> writeString(((CustomerEvent.PaymentFailed) e).reason(), out);
            case PAYMENT_RECOVERED -> {}
            case SUBSCRIPTION_CANCELLED ->
                    writeEnum(((CustomerEvent.SubscriptionCancelled) e).reason(), out);
            case RETENTION_ACTION -> {
                var r = (CustomerEvent.RetentionAction) e;
                writeString(r.episodeId(), out);
                writeString(r.alertId(), out);
                writeEnum(r.channel(), out);
                writeString(r.action(), out);
                writeString(r.campaign(), out);
                writeString(r.offer(), out);
                writeEnum(r.outcome(), out);
                writeDouble(r.cost(), out);
            }
        }
    }

    @Override
    public CustomerEvent deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        if (tag < TAG_SUBSCRIPTION_STARTED || tag > TAG_RETENTION_ACTION) {
            throw new IOException("unknown customer event tag " + tag + "; corrupt input?");
        }
        String id = readString(in);
        String c = readString(in);
        long ts = in.readLong();
        return switch (tag) {
            case TAG_SUBSCRIPTION_STARTED ->
                    new CustomerEvent.SubscriptionStarted(
                            id, c, ts, readString(in), readInt(in), readDouble(in));
            case TAG_ORDER ->
                    new CustomerEvent.Order(
                            id,
                            c,
                            ts,
                            readString(in),
                            readDouble(in),
                            readString(in),
                            readBoolean(in),
                            readInt(in));
            case TAG_CYCLE_SKIPPED -> new CustomerEvent.CycleSkipped(id, c, ts, readString(in));
            case TAG_PLAN_CHANGED ->
                    new CustomerEvent.PlanChanged(
                            id, c, ts, readString(in), readString(in), readEnum(in, DIRECTIONS));
            case TAG_LOGIN -> new CustomerEvent.Login(id, c, ts, readString(in));
            case TAG_MESSAGE_OPENED ->
                    new CustomerEvent.MessageOpened(id, c, ts, readString(in), readString(in));
            case TAG_MESSAGE_CLICKED ->
                    new CustomerEvent.MessageClicked(id, c, ts, readString(in), readString(in));
            case TAG_UNSUBSCRIBED -> new CustomerEvent.Unsubscribed(id, c, ts, readString(in));
            case TAG_SUPPORT_CONTACT ->
                    new CustomerEvent.SupportContact(
                            id,
                            c,
                            ts,
                            readString(in),
                            readEnum(in, CATEGORIES),
                            readEnum(in, SENTIMENTS));
            case TAG_FEEDBACK -> new CustomerEvent.Feedback(id, c, ts, readInt(in), readString(in));
            case TAG_PAYMENT_FAILED -> new CustomerEvent.PaymentFailed(id, c, ts, readString(in));
            case TAG_PAYMENT_RECOVERED -> new CustomerEvent.PaymentRecovered(id, c, ts);
            case TAG_SUBSCRIPTION_CANCELLED ->
                    new CustomerEvent.SubscriptionCancelled(
                            id, c, ts, readEnum(in, CANCEL_REASONS));
            case TAG_RETENTION_ACTION ->
                    new CustomerEvent.RetentionAction(
                            id,
                            c,
                            ts,
                            readString(in),
                            readString(in),
                            readEnum(in, ACTION_CHANNELS),
                            readString(in),
                            readString(in),
                            readString(in),
                            readEnum(in, CONTACT_OUTCOMES),
                            readDouble(in));
            default -> throw new IllegalStateException("unhandled tag " + tag);
        };
    }

    @Override
    public CustomerEvent deserialize(CustomerEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<CustomerEvent> snapshotConfiguration() {
        return new CustomerEventSerializerSnapshot();
    }

    /** Keeps the singleton a singleton across Java serialization. */
    private Object readResolve() {
        return INSTANCE;
    }

    // ---- nullable fields: a presence byte, then the value ----

    private static void writeString(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            StringValue.writeString(s, out);
        }
    }

    private static String readString(DataInputView in) throws IOException {
        return in.readBoolean() ? StringValue.readString(in) : null;
    }

    private static void writeInt(Integer v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeInt(v);
        }
    }

    private static Integer readInt(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    private static void writeDouble(Double v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeDouble(v);
        }
    }

    private static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    private static void writeBoolean(Boolean v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeBoolean(v);
        }
    }

    private static Boolean readBoolean(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readBoolean() : null;
    }

    private static void writeEnum(Enum<?> v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeByte(v.ordinal());
        }
    }

    private static <E extends Enum<E>> E readEnum(DataInputView in, E[] values) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int ordinal = in.readUnsignedByte();
        if (ordinal >= values.length) {
            throw new IOException(
                    "unknown "
                            + values.getClass().getComponentType().getSimpleName()
                            + " ordinal "
                            + ordinal);
        }
        return values[ordinal];
    }

    /**
     * The serializer's snapshot: stateless, so version and class are all there is.
     *
     * <p>Its name, {@code
     * dev.kizashi.codec.CustomerEventSerializer$CustomerEventSerializerSnapshot}, is recorded in
     * checkpoints and savepoints: it must not change.
     */
    public static final class CustomerEventSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<CustomerEvent> {
        /** Used by Flink when restoring (reflection). */
        public CustomerEventSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}

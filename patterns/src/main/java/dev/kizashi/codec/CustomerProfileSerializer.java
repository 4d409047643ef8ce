package dev.kizashi.codec;

import static dev.kizashi.codec.CompactFormat.bit;
import static dev.kizashi.codec.CompactFormat.has;
import static dev.kizashi.codec.CompactFormat.notEmpty;
import static dev.kizashi.codec.CompactFormat.readHashes;
import static dev.kizashi.codec.CompactFormat.readMask;
import static dev.kizashi.codec.CompactFormat.readTimes;
import static dev.kizashi.codec.CompactFormat.readZigZag;
import static dev.kizashi.codec.CompactFormat.writeHashes;
import static dev.kizashi.codec.CompactFormat.writeMask;
import static dev.kizashi.codec.CompactFormat.writeTimes;
import static dev.kizashi.codec.CompactFormat.writeZigZag;

import dev.kizashi.alert.AlertEpisode;
import dev.kizashi.profile.CustomerProfile;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Compact Flink serializer of {@link CustomerProfile}, the one RocksDB value per customer: every
 * event reads and writes it, so its size is what RocksDB flushes and compacts.
 *
 * <p>Format (version 1): a format version byte; a presence mask (bit set: the field differs from
 * the value a new profile has; booleans are their own bit), written as one byte saying which of its
 * eight bytes are non-zero followed by those bytes; then only the present fields. Times are zigzag
 * varints of their difference to {@code lastActivityTs} (array elements: to the previous element),
 * in seconds when every time in the profile is a whole second (mask bit {@code SECONDS}). Counts
 * are zigzag varints; doubles are their raw 8 bytes, so scores stay bit-exact; strings as {@link
 * StringValue#writeString}; an open episode's id, a canonical UUID, as 16 bytes. Arrays are a
 * varint length + 1 (0: null) followed by their elements. Changing a field list below changes the
 * format: bump {@link #FORMAT_VERSION} and the snapshot version, and keep reading the old format.
 * The field lists and the order of the parts are here; how masks, varints and arrays are written is
 * in {@link CompactFormat}, the alert episode's part in {@link AlertEpisodeFormat}.
 *
 * <p>Do not rename or move this class or its nested {@link CustomerProfileSerializerSnapshot}:
 * Flink records the snapshot's class name in every checkpoint and savepoint (and restores the
 * serializer through it), so a job could no longer restore the profile state written before.
 */
public final class CustomerProfileSerializer extends TypeSerializerSingleton<CustomerProfile> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final CustomerProfileSerializer INSTANCE = new CustomerProfileSerializer();

    /** The first byte of every serialized profile. */
    static final int FORMAT_VERSION = 1;

    private static final int TIMES = 26;
    private static final int COUNTS = 15;
    private static final int DOUBLES = 6;

    // Presence mask bits.
    private static final int SECONDS = 0;
    private static final int LAST_ACTIVITY = 1;
    private static final int SUBSCRIBED = 2;
    private static final int CANCELLED = 3;
    private static final int FIRST_TIME = 4;
    private static final int FIRST_COUNT = FIRST_TIME + TIMES;
    private static final int FIRST_DOUBLE = FIRST_COUNT + COUNTS;
    private static final int PLAN_ID = FIRST_DOUBLE + DOUBLES;
    private static final int REASONS = PLAN_ID + 1;
    private static final int SUPPORT_TS = REASONS + 1;
    private static final int ID_HASHES = SUPPORT_TS + 1;
    private static final int ID_TS = ID_HASHES + 1;
    private static final int NEGATIVE_TS = ID_TS + 1;
    private static final int EPISODE = NEGATIVE_TS + 1;

    private static final long[] COUNT_DEFAULTS = countsOf(new CustomerProfile());
    private static final long[] DOUBLE_DEFAULTS = doublesOf(new CustomerProfile());

    // ---- the field lists: gather and scatter in the same order ----

    private static long[] timesOf(CustomerProfile p) {
        return new long[] {
            p.firstSeenTs,
            p.firstOrderTs,
            p.lastOrderTs,
            p.cancelledTs,
            p.lastSkipTs,
            p.lastCancelRequestTs,
            p.paymentFailedTs,
            p.engagementTs,
            p.firstEngagementTs,
            p.lastNegativeContactTs,
            p.lastFeedbackTs,
            p.lastDowngradeTs,
            p.overdueAlertedForOrderTs,
            p.dormantAlertedForActivityTs,
            p.paymentAlertedForFailureTs,
            p.supportSpikeAlertedTs,
            p.subscribedTs,
            p.lastCycleOrderTs,
            p.missedCycleAlertedForTs,
            p.slowdownAlertedForOrderTs,
            p.engagementDropAlertedTs,
            p.priceComplaintTs,
            p.paymentPendingTs,
            p.downgradePendingTs,
            p.negativeSpikeAlertedTs,
            p.timerTs
        };
    }

    private static void setTimes(CustomerProfile p, long[] t) {
        p.firstSeenTs = t[0];
        p.firstOrderTs = t[1];
        p.lastOrderTs = t[2];
        p.cancelledTs = t[3];
        p.lastSkipTs = t[4];
        p.lastCancelRequestTs = t[5];
        p.paymentFailedTs = t[6];
        p.engagementTs = t[7];
        p.firstEngagementTs = t[8];
        p.lastNegativeContactTs = t[9];
        p.lastFeedbackTs = t[10];
        p.lastDowngradeTs = t[11];
        p.overdueAlertedForOrderTs = t[12];
        p.dormantAlertedForActivityTs = t[13];
        p.paymentAlertedForFailureTs = t[14];
        p.supportSpikeAlertedTs = t[15];
        p.subscribedTs = t[16];
        p.lastCycleOrderTs = t[17];
        p.missedCycleAlertedForTs = t[18];
        p.slowdownAlertedForOrderTs = t[19];
        p.engagementDropAlertedTs = t[20];
        p.priceComplaintTs = t[21];
        p.paymentPendingTs = t[22];
        p.downgradePendingTs = t[23];
        p.negativeSpikeAlertedTs = t[24];
        p.timerTs = t[25];
    }

    private static long[] countsOf(CustomerProfile p) {
        return new long[] {
            p.orderEvents,
            p.valueEpoch,
            p.orderDays,
            p.gapCount,
            p.cycleDays,
            p.skippedCycles,
            p.cancelRequests,
            p.unsubscribedChannels,
            p.negativeContacts,
            p.lastFeedbackScore,
            p.downgrades,
            p.paymentFailures,
            p.recentIdNext,
            p.snapshotsDone,
            p.alertedPatterns
        };
    }

    private static void setCounts(CustomerProfile p, long[] c) {
        p.orderEvents = c[0];
        p.valueEpoch = c[1];
        p.orderDays = (int) c[2];
        p.gapCount = (int) c[3];
        p.cycleDays = (int) c[4];
        p.skippedCycles = (int) c[5];
        p.cancelRequests = (int) c[6];
        p.unsubscribedChannels = (int) c[7];
        p.negativeContacts = (int) c[8];
        p.lastFeedbackScore = (int) c[9];
        p.downgrades = (int) c[10];
        p.paymentFailures = (int) c[11];
        p.recentIdNext = (int) c[12];
        p.snapshotsDone = (int) c[13];
        p.alertedPatterns = (int) c[14];
    }

    private static long[] doublesOf(CustomerProfile p) {
        return new long[] {
            Double.doubleToRawLongBits(p.gapMeanDays),
            Double.doubleToRawLongBits(p.gapM2),
            Double.doubleToRawLongBits(p.totalSpend),
            Double.doubleToRawLongBits(p.engagementShort),
            Double.doubleToRawLongBits(p.engagementLong),
            Double.doubleToRawLongBits(p.lastEmittedScore)
        };
    }

    private static void setDoubles(CustomerProfile p, long[] d) {
        p.gapMeanDays = Double.longBitsToDouble(d[0]);
        p.gapM2 = Double.longBitsToDouble(d[1]);
        p.totalSpend = Double.longBitsToDouble(d[2]);
        p.engagementShort = Double.longBitsToDouble(d[3]);
        p.engagementLong = Double.longBitsToDouble(d[4]);
        p.lastEmittedScore = Double.longBitsToDouble(d[5]);
    }

    // ---- TypeSerializer ----

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public CustomerProfile createInstance() {
        return new CustomerProfile();
    }

    /**
     * A deep copy through the format itself, so there is one field list to keep up to date; only
     * the heap backend copies, the job's RocksDB backend does not.
     */
    @Override
    public CustomerProfile copy(CustomerProfile from) {
        if (from == null) {
            return null;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("copying a customer profile", e);
        }
    }

    @Override
    public CustomerProfile copy(CustomerProfile from, CustomerProfile reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    /**
     * Each task thread encodes into its own buffer and hands the bytes over in one write: the state
     * backend and the changelog each serialize every update, and byte-at-a-time writes to their
     * streams were most of the cost (JFR, kizashi bench).
     */
    private static final ThreadLocal<DataOutputSerializer> SCRATCH =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(512));

    private static final int SCRATCH_KEPT_BYTES = 1 << 16;

    @Override
    public void serialize(CustomerProfile p, DataOutputView out) throws IOException {
        DataOutputSerializer scratch = SCRATCH.get();
        scratch.clear();
        encode(p, scratch);
        out.write(scratch.getSharedBuffer(), 0, scratch.length());
        if (scratch.getSharedBuffer().length > SCRATCH_KEPT_BYTES) {
            SCRATCH.remove(); // one outsized profile should not pin its buffer for good
        }
    }

    private static void encode(CustomerProfile p, DataOutputSerializer out) throws IOException {
        long[] times = timesOf(p);
        long[] counts = countsOf(p);
        long[] doubles = doublesOf(p);
        AlertEpisode ep = p.alertEpisode;
        boolean seconds = p.lastActivityTs != 0 && wholeSeconds(p, times);
        long unit = seconds ? 1000 : 1;
        long base = p.lastActivityTs / unit;

        long mask = 0;
        mask |= bit(SECONDS, seconds);
        mask |= bit(LAST_ACTIVITY, p.lastActivityTs != 0);
        mask |= bit(SUBSCRIBED, p.subscribed);
        mask |= bit(CANCELLED, p.cancelled);
        for (int i = 0; i < TIMES; i++) {
            mask |= bit(FIRST_TIME + i, times[i] != 0);
        }
        for (int i = 0; i < COUNTS; i++) {
            mask |= bit(FIRST_COUNT + i, counts[i] != COUNT_DEFAULTS[i]);
        }
        for (int i = 0; i < DOUBLES; i++) {
            mask |= bit(FIRST_DOUBLE + i, doubles[i] != DOUBLE_DEFAULTS[i]);
        }
        mask |= bit(PLAN_ID, p.planId != null);
        mask |= bit(REASONS, p.lastEmittedReasons != null);
        mask |= bit(SUPPORT_TS, notEmpty(p.supportContactTs));
        mask |= bit(ID_HASHES, notEmpty(p.recentIdHashes));
        mask |= bit(ID_TS, notEmpty(p.recentIdTs));
        mask |= bit(NEGATIVE_TS, notEmpty(p.negativeSignalTs));
        mask |= bit(EPISODE, ep == null || !AlertEpisodeFormat.isNew(ep));

        out.writeByte(FORMAT_VERSION);
        writeMask(mask, out);
        if (has(mask, LAST_ACTIVITY)) {
            writeZigZag(base, out);
        }
        for (int i = 0; i < TIMES; i++) {
            if (has(mask, FIRST_TIME + i)) {
                writeZigZag(times[i] / unit - base, out);
            }
        }
        for (int i = 0; i < COUNTS; i++) {
            if (has(mask, FIRST_COUNT + i)) {
                writeZigZag(counts[i], out);
            }
        }
        for (int i = 0; i < DOUBLES; i++) {
            if (has(mask, FIRST_DOUBLE + i)) {
                out.writeLong(doubles[i]);
            }
        }
        if (has(mask, PLAN_ID)) {
            StringValue.writeString(p.planId, out);
        }
        if (has(mask, REASONS)) {
            StringValue.writeString(p.lastEmittedReasons, out);
        }
        if (has(mask, SUPPORT_TS)) {
            writeTimes(p.supportContactTs, unit, base, out);
        }
        if (has(mask, ID_HASHES)) {
            writeHashes(p.recentIdHashes, out);
        }
        if (has(mask, ID_TS)) {
            writeTimes(p.recentIdTs, unit, base, out);
        }
        if (has(mask, NEGATIVE_TS)) {
            writeTimes(p.negativeSignalTs, unit, base, out);
        }
        if (has(mask, EPISODE)) {
            AlertEpisodeFormat.write(ep, unit, base, out);
        }
    }

    @Override
    public CustomerProfile deserialize(DataInputView in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown customer profile format " + version + "; corrupt?");
        }
        long mask = readMask(in);
        long unit = has(mask, SECONDS) ? 1000 : 1;
        CustomerProfile p = new CustomerProfile();
        long base = has(mask, LAST_ACTIVITY) ? readZigZag(in) : 0;
        p.lastActivityTs = base * unit;
        p.subscribed = has(mask, SUBSCRIBED);
        p.cancelled = has(mask, CANCELLED);
        long[] times = new long[TIMES];
        for (int i = 0; i < TIMES; i++) {
            if (has(mask, FIRST_TIME + i)) {
                times[i] = (base + readZigZag(in)) * unit;
            }
        }
        setTimes(p, times);
        long[] counts = COUNT_DEFAULTS.clone();
        for (int i = 0; i < COUNTS; i++) {
            if (has(mask, FIRST_COUNT + i)) {
                counts[i] = readZigZag(in);
            }
        }
        setCounts(p, counts);
        long[] doubles = DOUBLE_DEFAULTS.clone();
        for (int i = 0; i < DOUBLES; i++) {
            if (has(mask, FIRST_DOUBLE + i)) {
                doubles[i] = in.readLong();
            }
        }
        setDoubles(p, doubles);
        if (has(mask, PLAN_ID)) {
            p.planId = StringValue.readString(in);
        }
        if (has(mask, REASONS)) {
            p.lastEmittedReasons = StringValue.readString(in);
        }
        if (has(mask, SUPPORT_TS)) {
            p.supportContactTs = readTimes(unit, base, in);
        }
        if (has(mask, ID_HASHES)) {
            p.recentIdHashes = readHashes(in);
        }
        if (has(mask, ID_TS)) {
            p.recentIdTs = readTimes(unit, base, in);
        }
        if (has(mask, NEGATIVE_TS)) {
            p.negativeSignalTs = readTimes(unit, base, in);
        }
        if (has(mask, EPISODE)) {
            p.alertEpisode = AlertEpisodeFormat.read(unit, base, in);
        }
        return p;
    }

    @Override
    public CustomerProfile deserialize(CustomerProfile reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<CustomerProfile> snapshotConfiguration() {
        return new CustomerProfileSerializerSnapshot();
    }

    /** Keeps the singleton a singleton across Java serialization. */
    private Object readResolve() {
        return INSTANCE;
    }

    /** Whether every time in the profile is a whole second (the generator's and most logs'). */
    private static boolean wholeSeconds(CustomerProfile p, long[] times) {
        if (p.lastActivityTs % 1000 != 0) {
            return false;
        }
        for (long t : times) {
            if (t % 1000 != 0) {
                return false;
            }
        }
        AlertEpisode ep = p.alertEpisode;
        return CompactFormat.wholeSeconds(p.supportContactTs)
                && CompactFormat.wholeSeconds(p.recentIdTs)
                && CompactFormat.wholeSeconds(p.negativeSignalTs)
                && (ep == null
                        || (ep.openedTs % 1000 == 0 && CompactFormat.wholeSeconds(ep.lastAlertTs)));
    }

    /**
     * The serializer's snapshot. Stateless, so version and class are all there is; besides itself
     * it accepts Flink's POJO serializer of {@link CustomerProfile} (state written before this
     * serializer existed), which the state backend then migrates value by value on restore.
     *
     * <p>Its name, {@code
     * dev.kizashi.codec.CustomerProfileSerializer$CustomerProfileSerializerSnapshot}, is recorded
     * in checkpoints and savepoints: it must not change.
     */
    public static final class CustomerProfileSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<CustomerProfile> {
        /** Used by Flink when restoring (reflection). */
        public CustomerProfileSerializerSnapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<CustomerProfile> resolveSchemaCompatibility(
                TypeSerializerSnapshot<CustomerProfile> oldSnapshot) {
            if (oldSnapshot instanceof PojoSerializerSnapshot && writesProfiles(oldSnapshot)) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSnapshot);
        }

        /** Whether the POJO serializer is one of this class (generics are erased). */
        private static boolean writesProfiles(TypeSerializerSnapshot<?> pojoSnapshot) {
            Object instance = pojoSnapshot.restoreSerializer().createInstance();
            return instance != null && instance.getClass() == CustomerProfile.class;
        }
    }
}

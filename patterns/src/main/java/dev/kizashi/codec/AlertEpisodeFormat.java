package dev.kizashi.codec;

import static dev.kizashi.codec.CompactFormat.bit;
import static dev.kizashi.codec.CompactFormat.has;
import static dev.kizashi.codec.CompactFormat.notEmpty;
import static dev.kizashi.codec.CompactFormat.readSparseTimes;
import static dev.kizashi.codec.CompactFormat.readVarLong;
import static dev.kizashi.codec.CompactFormat.readZigZag;
import static dev.kizashi.codec.CompactFormat.writeSparseTimes;
import static dev.kizashi.codec.CompactFormat.writeVarLong;
import static dev.kizashi.codec.CompactFormat.writeZigZag;

import dev.kizashi.alert.AlertEpisode;
import java.io.IOException;
import java.util.UUID;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;

/**
 * The part of {@link CustomerProfileSerializer}'s format (version 1) that holds the profile's
 * {@link AlertEpisode}: a varint mask of the fields that differ from a new episode's (bit {@code
 * EP_NULL}: no episode at all), then those fields. Times are zigzag varints of their difference to
 * the profile's base time, in the profile's unit; an id that is a canonical UUID is its 16 bytes.
 */
final class AlertEpisodeFormat {

    // Episode mask bits.
    private static final int EP_NULL = 0;
    private static final int EP_ID = 1;
    private static final int EP_ID_UUID = 2;
    private static final int EP_OPENED = 3;
    private static final int EP_SEVERITY = 4;
    private static final int EP_PATTERN = 5;
    private static final int EP_ACTIVE = 6;
    private static final int EP_ALERTS = 7;
    private static final int EP_SUPPRESSED = 8;
    private static final int EP_LAST_ALERT = 9;
    // Added after format 1 was in use: state written before never sets it (not held out).
    private static final int EP_HOLDOUT = 10;

    private AlertEpisodeFormat() {}

    /** Whether the episode is as a new profile has it (nothing to write). */
    static boolean isNew(AlertEpisode ep) {
        return ep.episodeId == null
                && ep.openedTs == 0
                && ep.severity == 0
                && ep.pattern == 0
                && ep.activeMask == 0
                && ep.alerts == 0
                && ep.suppressed == 0
                && !ep.holdout
                && ep.lastAlertTs != null
                && ep.lastAlertTs.length == 0;
    }

    /**
     * Writes the episode, or that there is none; times relative to {@code base}, in {@code unit}.
     */
    static void write(AlertEpisode ep, long unit, long base, DataOutputSerializer out)
            throws IOException {
        if (ep == null) {
            writeVarLong(bit(EP_NULL, true), out);
            return;
        }
        UUID uuid = canonicalUuid(ep.episodeId);
        long m = 0;
        m |= bit(EP_ID, ep.episodeId != null);
        m |= bit(EP_ID_UUID, uuid != null);
        m |= bit(EP_OPENED, ep.openedTs != 0);
        m |= bit(EP_SEVERITY, ep.severity != 0);
        m |= bit(EP_PATTERN, ep.pattern != 0);
        m |= bit(EP_ACTIVE, ep.activeMask != 0);
        m |= bit(EP_ALERTS, ep.alerts != 0);
        m |= bit(EP_SUPPRESSED, ep.suppressed != 0);
        m |= bit(EP_LAST_ALERT, notEmpty(ep.lastAlertTs));
        m |= bit(EP_HOLDOUT, ep.holdout);
        writeVarLong(m, out);
        if (uuid != null) {
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
        } else if (has(m, EP_ID)) {
            StringValue.writeString(ep.episodeId, out);
        }
        if (has(m, EP_OPENED)) {
            writeZigZag(ep.openedTs / unit - base, out);
        }
        if (has(m, EP_SEVERITY)) {
            writeZigZag(ep.severity, out);
        }
        if (has(m, EP_PATTERN)) {
            writeZigZag(ep.pattern, out);
        }
        if (has(m, EP_ACTIVE)) {
            writeZigZag(ep.activeMask, out);
        }
        if (has(m, EP_ALERTS)) {
            writeZigZag(ep.alerts, out);
        }
        if (has(m, EP_SUPPRESSED)) {
            writeZigZag(ep.suppressed, out);
        }
        if (has(m, EP_LAST_ALERT)) {
            writeSparseTimes(ep.lastAlertTs, unit, base, out);
        }
    }

    /** Reads what {@link #write} wrote: the episode, or null. */
    static AlertEpisode read(long unit, long base, DataInputView in) throws IOException {
        long m = readVarLong(in);
        if (has(m, EP_NULL)) {
            return null;
        }
        AlertEpisode ep = new AlertEpisode();
        if (has(m, EP_ID_UUID)) {
            ep.episodeId = new UUID(in.readLong(), in.readLong()).toString();
        } else if (has(m, EP_ID)) {
            ep.episodeId = StringValue.readString(in);
        }
        if (has(m, EP_OPENED)) {
            ep.openedTs = (base + readZigZag(in)) * unit;
        }
        if (has(m, EP_SEVERITY)) {
            ep.severity = (int) readZigZag(in);
        }
        if (has(m, EP_PATTERN)) {
            ep.pattern = (int) readZigZag(in);
        }
        if (has(m, EP_ACTIVE)) {
            ep.activeMask = (int) readZigZag(in);
        }
        if (has(m, EP_ALERTS)) {
            ep.alerts = (int) readZigZag(in);
        }
        if (has(m, EP_SUPPRESSED)) {
            ep.suppressed = (int) readZigZag(in);
        }
        if (has(m, EP_LAST_ALERT)) {
            ep.lastAlertTs = readSparseTimes(unit, base, in);
        }
        ep.holdout = has(m, EP_HOLDOUT);
        return ep;
    }

    /** The id as a UUID when it is one in canonical form (so it reads back identical); or null. */
    private static UUID canonicalUuid(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        try {
            UUID u = UUID.fromString(id);
            return u.toString().equals(id) ? u : null;
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}

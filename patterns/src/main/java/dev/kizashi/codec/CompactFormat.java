package dev.kizashi.codec;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The building blocks of {@link CustomerProfileSerializer}'s compact format: presence masks,
 * unsigned and zigzag varints, and arrays of times (as varint differences), of sparse times (a
 * bitmap of the non-zero slots first) and of raw 64-bit hashes. What is written where is decided by
 * the serializer and {@link AlertEpisodeFormat}; these helpers only say how. Their bytes are part
 * of format version 1, in the state of running jobs: do not change what any of them writes.
 */
final class CompactFormat {

    private CompactFormat() {}

    // ---- arrays ----

    /** Whether every time in the array is a whole second (true for null). */
    static boolean wholeSeconds(long[] times) {
        if (times != null) {
            for (long t : times) {
                if (t % 1000 != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Length + 1 (0: null), then each time as the difference to the one before (first: base). */
    static void writeTimes(long[] times, long unit, long base, DataOutputSerializer out)
            throws IOException {
        if (writeLength(times, out)) {
            long previous = base;
            for (long t : times) {
                long u = t / unit;
                writeZigZag(u - previous, out);
                previous = u;
            }
        }
    }

    static long[] readTimes(long unit, long base, DataInputView in) throws IOException {
        int n = readLength(in);
        if (n < 0) {
            return null;
        }
        long[] times = new long[n];
        long previous = base;
        for (int i = 0; i < n; i++) {
            previous += readZigZag(in);
            times[i] = previous * unit;
        }
        return times;
    }

    /**
     * Mostly zero times (one slot per pattern): length + 1 (0: null), a bitmap of the non-zero
     * slots, then those as differences to the base.
     */
    static void writeSparseTimes(long[] times, long unit, long base, DataOutputSerializer out)
            throws IOException {
        if (!writeLength(times, out)) {
            return;
        }
        for (int from = 0; from < times.length; from += 8) {
            int bits = 0;
            for (int i = from; i < Math.min(from + 8, times.length); i++) {
                if (times[i] != 0) {
                    bits |= 1 << (i - from);
                }
            }
            out.writeByte(bits);
        }
        for (long t : times) {
            if (t != 0) {
                writeZigZag(t / unit - base, out);
            }
        }
    }

    static long[] readSparseTimes(long unit, long base, DataInputView in) throws IOException {
        int n = readLength(in);
        if (n < 0) {
            return null;
        }
        boolean[] set = new boolean[n];
        for (int from = 0; from < n; from += 8) {
            int bits = in.readUnsignedByte();
            for (int i = from; i < Math.min(from + 8, n); i++) {
                set[i] = (bits & (1 << (i - from))) != 0;
            }
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            if (set[i]) {
                times[i] = (base + readZigZag(in)) * unit;
            }
        }
        return times;
    }

    /** Event id hashes are uniformly spread: 8 bytes each. */
    static void writeHashes(long[] hashes, DataOutputSerializer out) throws IOException {
        if (writeLength(hashes, out)) {
            for (long h : hashes) {
                out.writeLong(h);
            }
        }
    }

    static long[] readHashes(DataInputView in) throws IOException {
        int n = readLength(in);
        if (n < 0) {
            return null;
        }
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = in.readLong();
        }
        return hashes;
    }

    /** Writes length + 1, or 0 for null; whether elements follow. */
    static boolean writeLength(long[] a, DataOutputSerializer out) throws IOException {
        writeVarLong(a == null ? 0 : a.length + 1L, out);
        return a != null;
    }

    /** The length, or -1 for null. */
    static int readLength(DataInputView in) throws IOException {
        long n = readVarLong(in) - 1;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException("array length " + n + " in a customer profile; corrupt?");
        }
        return (int) n;
    }

    static boolean notEmpty(long[] a) {
        return a == null || a.length > 0;
    }

    // ---- presence masks and varints ----

    static long bit(int index, boolean set) {
        return set ? 1L << index : 0L;
    }

    static boolean has(long mask, int index) {
        return (mask & (1L << index)) != 0;
    }

    /** One byte with a bit per non-zero byte of the mask, then those bytes, low first. */
    static void writeMask(long mask, DataOutputSerializer out) throws IOException {
        int present = 0;
        for (int i = 0; i < 8; i++) {
            if (((mask >>> (8 * i)) & 0xff) != 0) {
                present |= 1 << i;
            }
        }
        out.writeByte(present);
        for (int i = 0; i < 8; i++) {
            if ((present & (1 << i)) != 0) {
                out.writeByte((int) (mask >>> (8 * i)));
            }
        }
    }

    static long readMask(DataInputView in) throws IOException {
        int present = in.readUnsignedByte();
        long mask = 0;
        for (int i = 0; i < 8; i++) {
            if ((present & (1 << i)) != 0) {
                mask |= (long) in.readUnsignedByte() << (8 * i);
            }
        }
        return mask;
    }

    static void writeZigZag(long v, DataOutputSerializer out) throws IOException {
        writeVarLong((v << 1) ^ (v >> 63), out);
    }

    static long readZigZag(DataInputView in) throws IOException {
        long u = readVarLong(in);
        return (u >>> 1) ^ -(u & 1);
    }

    /** Unsigned LEB128: 7 bits a byte, low first, high bit set on all but the last. */
    static void writeVarLong(long v, DataOutputSerializer out) throws IOException {
        while ((v & ~0x7fL) != 0) {
            out.writeByte((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 10 bytes in a customer profile; corrupt?");
    }
}

package dev.kizashi.generator;

import java.util.Arrays;

/** Small primitive lists used while a {@link CustomerPlan} is drawn. */
final class PlanLists {

    private PlanLists() {}

    /**
     * Growable list of (time, code) packed into longs: time in the high bits, code in the low 8.
     */
    static final class LongList {
        long[] data = new long[4];
        int size;

        void add(int time, int code) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = ((long) time << 8) | code;
        }

        long[] sorted() {
            long[] a = Arrays.copyOf(data, size);
            Arrays.sort(a);
            return a;
        }
    }

    static final class IntList {
        int[] data = new int[8];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int get(int i) {
            return data[i];
        }

        void remove(int i) {
            System.arraycopy(data, i + 1, data, i, size - i - 1);
            size--;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}

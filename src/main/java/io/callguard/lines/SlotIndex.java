package io.callguard.lines;

import java.util.Arrays;
import java.util.function.IntConsumer;

import it.unimi.dsi.fastutil.HashCommon;

/**
 * A hash index from a long key to int entries that stores only the entries: an entry's key is read where the owner
 * keeps it anyway ({@link Keys}), so an entry costs 4 bytes in a table at most 3/4 full instead of the 12 of a map
 * that keeps its keys too. Several entries may share a key. Linear probing; a removal shifts the entries after it
 * back, so no tombstones pile up. Not thread safe: the owner's lock guards it.
 */
final class SlotIndex {

    static final int NONE = -1;

    /** Where the key of an entry is kept. */
    interface Keys {
        long keyOf(int entry);
    }

    private final Keys keys;
    private int[] cells;
    private int size;

    SlotIndex(Keys keys) {
        this.keys = keys;
        this.cells = empty(16);
    }

    int size() {
        return size;
    }

    void add(long key, int entry) {
        if (size + 1 > cells.length / 4 * 3) {
            rehash(cells.length * 2);
        }
        int mask = cells.length - 1;
        int i = home(key, mask);
        while (cells[i] != NONE) {
            i = (i + 1) & mask;
        }
        cells[i] = entry;
        size++;
    }

    /** The first entry found for {@code key}, or {@link #NONE}. */
    int first(long key) {
        int[] c = cells;
        int mask = c.length - 1;
        // Bounded: an optimistic reader may see a table a writer is changing (it validates afterwards).
        for (int i = home(key, mask), probes = 0; probes < c.length; i = (i + 1) & mask, probes++) {
            int e = c[i];
            if (e == NONE) {
                return NONE;
            }
            if (keys.keyOf(e) == key) {
                return e;
            }
        }
        return NONE;
    }

    /** Every entry for {@code key}. */
    void forEach(long key, IntConsumer visitor) {
        int mask = cells.length - 1;
        for (int i = home(key, mask), probes = 0; probes < cells.length; i = (i + 1) & mask, probes++) {
            int e = cells[i];
            if (e == NONE) {
                return;
            }
            if (keys.keyOf(e) == key) {
                visitor.accept(e);
            }
        }
    }

    /** Removes {@code entry}, stored under {@code key}; false if it was not there. */
    boolean remove(long key, int entry) {
        int mask = cells.length - 1;
        int gap = home(key, mask);
        while (cells[gap] != entry) {
            if (cells[gap] == NONE) {
                return false;
            }
            gap = (gap + 1) & mask;
        }
        // Shift back every later entry of the run that may stand in the gap (its home is not between gap and it).
        for (int j = (gap + 1) & mask; cells[j] != NONE; j = (j + 1) & mask) {
            int home = home(keys.keyOf(cells[j]), mask);
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                cells[gap] = cells[j];
                gap = j;
            }
        }
        cells[gap] = NONE;
        size--;
        return true;
    }

    /** Makes room for {@code expected} entries at once (a bulk load). */
    void ensureCapacity(int expected) {
        int capacity = cells.length;
        while (expected > capacity / 4 * 3) {
            capacity *= 2;
        }
        if (capacity != cells.length) {
            rehash(capacity);
        }
    }

    private void rehash(int capacity) {
        int[] old = cells;
        cells = empty(capacity);
        int mask = capacity - 1;
        for (int e : old) {
            if (e != NONE) {
                int i = home(keys.keyOf(e), mask);
                while (cells[i] != NONE) {
                    i = (i + 1) & mask;
                }
                cells[i] = e;
            }
        }
    }

    private static int home(long key, int mask) {
        return (int) HashCommon.mix(key) & mask;
    }

    private static int[] empty(int capacity) {
        int[] c = new int[capacity];
        Arrays.fill(c, NONE);
        return c;
    }
}

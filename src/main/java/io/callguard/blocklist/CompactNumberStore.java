package io.callguard.blocklist;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

import io.callguard.numbers.E164Keys;
import io.callguard.state.SnapshotInput;
import io.callguard.state.SnapshotOutput;

/**
 * The permanent bulk of the number blocklist (E.164 numbers without {@code expiresAt}), kept compact: the number as a
 * primitive long mapped to a slot; per slot only the two timestamps and an index into a pool of distinct
 * (action, category, reason, source, createdBy) tuples, which bulk imports and feeds share. About 40-50 bytes per
 * number instead of 200+ for a cache entry with its objects (README, "Benchmarks").
 *
 * <p>One writer (the state reader), many readers (screening threads). Reads are optimistic and lock-free unless a
 * write overlaps, then they retry under the read lock.
 */
public final class CompactNumberStore {

    private static final int NO_SLOT = -1;
    /** Entries resolved per read-lock hold while visiting. */
    static final int VISIT_CHUNK = 4096;

    /** What many entries share; the number and the timestamps are kept per slot. */
    private record Details(
            EntryAction action, FraudCategory category, String reason, String source, String createdBy) {}

    private final StampedLock lock = new StampedLock();
    private final Long2IntOpenHashMap slots = new Long2IntOpenHashMap(1024, 0.8f);
    private long[] createdAt = new long[1024];
    private long[] updatedAt = new long[1024];
    private int[] detailOf = new int[1024];
    private final IntArrayList freeSlots = new IntArrayList();
    private int slotCount;

    private final List<Details> details = new ArrayList<>();
    private final Map<Details, Integer> detailIds = new HashMap<>();
    private int[] detailRefs = new int[64];
    private final IntArrayList freeDetails = new IntArrayList();
    private long allowCount;

    CompactNumberStore() {
        slots.defaultReturnValue(NO_SLOT);
    }

    /** Whether {@code entry} belongs here: a permanent entry for an E.164 number. */
    static boolean accepts(BlocklistEntry entry) {
        return entry.kind() == EntryKind.NUMBER && entry.expiresAt() == null && keyOf(entry.value()) >= 0;
    }

    /** The number's digits as a long, or -1 for anything that is not an E.164 number. */
    public static long keyOf(String number) {
        return E164Keys.of(number);
    }

    /** The entry for {@code number}, or {@code null}. Allocates only on a hit. */
    BlocklistEntry get(String number) {
        long key = keyOf(number);
        if (key < 0) {
            return null;
        }
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                int slot = slots.get(key);
                if (slot == NO_SLOT) {
                    if (lock.validate(stamp)) {
                        return null;
                    }
                } else {
                    Details d = details.get(detailOf[slot]);
                    long created = createdAt[slot];
                    long updated = updatedAt[slot];
                    if (lock.validate(stamp)) {
                        return entry(number, d, created, updated);
                    }
                }
            } catch (RuntimeException concurrentResize) {
                // A write resized the arrays under us; read again under the lock.
            }
        }
        stamp = lock.readLock();
        try {
            int slot = slots.get(key);
            if (slot == NO_SLOT) {
                return null;
            }
            return entry(number, details.get(detailOf[slot]), createdAt[slot], updatedAt[slot]);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    void put(BlocklistEntry entry) {
        long key = keyOf(entry.value());
        Details d = new Details(entry.action(), entry.category(), entry.reason(), entry.source(), entry.createdBy());
        long stamp = lock.writeLock();
        try {
            int slot = slots.get(key);
            if (slot == NO_SLOT) {
                slot = allocateSlot();
                slots.put(key, slot);
            } else {
                release(detailOf[slot]);
            }
            detailOf[slot] = acquire(d);
            createdAt[slot] = millis(entry.createdAt());
            updatedAt[slot] = millis(entry.updatedAt());
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** @return whether the number was here */
    boolean remove(String number) {
        long key = keyOf(number);
        if (key < 0) {
            return false;
        }
        long stamp = lock.writeLock();
        try {
            int slot = slots.remove(key);
            if (slot == NO_SLOT) {
                return false;
            }
            release(detailOf[slot]);
            freeSlots.add(slot);
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    int size() {
        long stamp = lock.readLock();
        try {
            return slots.size();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    long allowCount() {
        long stamp = lock.readLock();
        try {
            return allowCount;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Visits every entry without holding the lock while the visitor runs: the keys are copied under the read lock
     * (a memory copy, no I/O), then resolved in chunks, each under a short read lock. The visitor may block (an
     * export writing to a slow client) without holding back the state reader. Entries removed meanwhile are skipped;
     * entries added meanwhile may be missed.
     */
    void forEach(Consumer<BlocklistEntry> visitor) {
        long[] keys;
        long stamp = lock.readLock();
        try {
            keys = slots.keySet().toLongArray();
        } finally {
            lock.unlockRead(stamp);
        }
        List<BlocklistEntry> chunk = new ArrayList<>(VISIT_CHUNK);
        for (int from = 0; from < keys.length; from += VISIT_CHUNK) {
            int to = Math.min(keys.length, from + VISIT_CHUNK);
            stamp = lock.readLock();
            try {
                for (int i = from; i < to; i++) {
                    int slot = slots.get(keys[i]);
                    if (slot != NO_SLOT) {
                        chunk.add(entry(
                                E164Keys.number(keys[i]),
                                details.get(detailOf[slot]),
                                createdAt[slot],
                                updatedAt[slot]));
                    }
                }
            } finally {
                lock.unlockRead(stamp);
            }
            chunk.forEach(visitor);
            chunk.clear();
        }
    }

    /**
     * Writes the store: the detail tuples, then the numbers column by column (keys, created, updated, tuple index), so
     * that loading is bulk copies rather than a call per value. Called by the one writer thread, so no write runs
     * meanwhile; readers only read.
     */
    void writeTo(SnapshotOutput out) throws IOException {
        out.writeInt(details.size());
        for (Details d : details) {
            out.writeString(d.action().name());
            out.writeString(d.category() == null ? null : d.category().name());
            out.writeString(d.reason());
            out.writeString(d.source());
            out.writeString(d.createdBy());
        }
        out.writeInt(slots.size());
        for (Long2IntMap.Entry e : slots.long2IntEntrySet()) {
            out.writeLong(e.getLongKey());
        }
        for (Long2IntMap.Entry e : slots.long2IntEntrySet()) {
            out.writeLong(createdAt[e.getIntValue()]);
        }
        for (Long2IntMap.Entry e : slots.long2IntEntrySet()) {
            out.writeLong(updatedAt[e.getIntValue()]);
        }
        for (Long2IntMap.Entry e : slots.long2IntEntrySet()) {
            out.writeInt(detailOf[e.getIntValue()]);
        }
    }

    /** Loads what {@link #writeTo} wrote into this empty store: the i-th number written takes slot i. */
    void readFrom(SnapshotInput in) throws IOException {
        int detailCount = in.readCount(20);
        Details[] written = new Details[detailCount];
        for (int i = 0; i < detailCount; i++) {
            written[i] = new Details(
                    EntryAction.valueOf(in.readString()),
                    category(in.readString()),
                    in.readString(),
                    in.readString(),
                    in.readString());
        }
        int count = in.readCount(28);
        long stamp = lock.writeLock();
        try {
            if (!slots.isEmpty()) {
                throw new IllegalStateException("snapshot loaded into a store that is not empty");
            }
            int capacity = Math.max(1024, count);
            createdAt = new long[capacity];
            updatedAt = new long[capacity];
            detailOf = new int[capacity];
            slots.ensureCapacity(count);
            long[] keys = new long[Math.min(count, 65_536)];
            for (int from = 0; from < count; from += keys.length) {
                int n = Math.min(keys.length, count - from);
                in.readLongs(keys, 0, n);
                for (int i = 0; i < n; i++) {
                    if (keys[i] < 0 || slots.put(keys[i], from + i) != NO_SLOT) {
                        throw new SnapshotInput.CorruptSnapshotException("number key " + keys[i]);
                    }
                }
            }
            slotCount = count;
            in.readLongs(createdAt, 0, count);
            in.readLongs(updatedAt, 0, count);
            in.readInts(detailOf, 0, count);
            // Interned once per tuple, then only counted: no hashing per number.
            int[] idOf = new int[detailCount];
            Arrays.fill(idOf, -1);
            for (int slot = 0; slot < count; slot++) {
                int detail = detailOf[slot];
                if (detail < 0 || detail >= detailCount) {
                    throw new SnapshotInput.CorruptSnapshotException("detail index " + detail);
                }
                int id = idOf[detail];
                if (id < 0) {
                    id = acquire(written[detail]);
                    idOf[detail] = id;
                } else {
                    detailRefs[id]++;
                    if (written[detail].action() == EntryAction.ALLOW) {
                        allowCount++;
                    }
                }
                detailOf[slot] = id;
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Empties the store (after a snapshot that could not be loaded whole). */
    void clear() {
        long stamp = lock.writeLock();
        try {
            slots.clear();
            slots.trim();
            createdAt = new long[1024];
            updatedAt = new long[1024];
            detailOf = new int[1024];
            freeSlots.clear();
            slotCount = 0;
            details.clear();
            detailIds.clear();
            detailRefs = new int[64];
            freeDetails.clear();
            allowCount = 0;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private static FraudCategory category(String name) {
        return name == null ? null : FraudCategory.valueOf(name);
    }

    private int allocateSlot() {
        if (!freeSlots.isEmpty()) {
            return freeSlots.popInt();
        }
        if (slotCount == createdAt.length) {
            int grown = createdAt.length + (createdAt.length >> 1);
            createdAt = Arrays.copyOf(createdAt, grown);
            updatedAt = Arrays.copyOf(updatedAt, grown);
            detailOf = Arrays.copyOf(detailOf, grown);
        }
        return slotCount++;
    }

    private int acquire(Details d) {
        Integer id = detailIds.get(d);
        if (id == null) {
            if (!freeDetails.isEmpty()) {
                id = freeDetails.popInt();
                details.set(id, d);
            } else {
                id = details.size();
                details.add(d);
                if (id >= detailRefs.length) {
                    detailRefs = Arrays.copyOf(detailRefs, detailRefs.length * 2);
                }
            }
            detailIds.put(d, id);
        }
        detailRefs[id]++;
        if (d.action() == EntryAction.ALLOW) {
            allowCount++;
        }
        return id;
    }

    private void release(int id) {
        Details d = details.get(id);
        if (d.action() == EntryAction.ALLOW) {
            allowCount--;
        }
        if (--detailRefs[id] == 0) {
            detailIds.remove(d);
            freeDetails.add(id);
        }
    }

    private static long millis(Instant i) {
        return i == null ? Long.MIN_VALUE : i.toEpochMilli();
    }

    private static Instant instant(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    private static BlocklistEntry entry(String number, Details d, long created, long updated) {
        return new BlocklistEntry(
                EntryKind.NUMBER,
                number,
                d.action(),
                d.category(),
                d.reason(),
                d.source(),
                d.createdBy(),
                instant(created),
                instant(updated),
                null);
    }
}

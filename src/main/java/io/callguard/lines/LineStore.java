package io.callguard.lines;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import io.callguard.numbers.E164Keys;
import io.callguard.state.SnapshotInput;
import io.callguard.state.SnapshotOutput;

/**
 * The protected lines in primitive form, about a sixth of the heap of line objects (README, "Benchmarks"). Each line
 * is one segment of a shared {@code long[]} arena: its own number, its family numbers, then its trusted numbers, as
 * longs. Per slot: where its segment starts, the two counts, {@code updatedAt}, and references to its
 * policy and author (both shared: almost every line has the default policy, and a few admins write most lines). Two
 * {@link SlotIndex}es find a line by its number and the lines of a family number, keeping 4 bytes per entry because
 * the numbers are read from the arena. A rewritten line gets a new segment; the old one is garbage until the arena is
 * compacted.
 *
 * <p>One writer (the state reader), many readers (screening, REST). A miss, the common case for screening, is read
 * optimistically without locking; a hit copies the line's values under the read lock and builds the
 * {@link ProtectedLine} outside it.
 */
final class LineStore {

    private static final int INITIAL_SLOTS = 1024;
    private static final long NO_TIME = Long.MIN_VALUE;

    private final StampedLock lock = new StampedLock();
    private int[] segmentAt = new int[INITIAL_SLOTS];
    private byte[] familyCount = new byte[INITIAL_SLOTS];
    private byte[] trustedCount = new byte[INITIAL_SLOTS];
    private long[] updatedSeconds = new long[INITIAL_SLOTS];
    private int[] updatedNanos = new int[INITIAL_SLOTS];
    private LinePolicy[] policy = new LinePolicy[INITIAL_SLOTS];
    private String[] updatedBy = new String[INITIAL_SLOTS];
    private int slotCount;
    private final IntArrayList freeSlots = new IntArrayList();

    private long[] arena = new long[8 * INITIAL_SLOTS];
    private int arenaEnd;
    private int arenaGarbage;

    /** Line number → slot. */
    private final SlotIndex lines = new SlotIndex(slot -> arena[segmentAt[slot]]);
    /** Family number → (slot × 4 + which family number of the slot): the family API's "which lines are mine?". */
    private final SlotIndex families = new SlotIndex(e -> arena[segmentAt[e >>> 2] + 1 + (e & 3)]);

    /** The line {@code number}, or {@code null} if it is not protected. Allocates only on a hit. */
    ProtectedLine get(String number) {
        long key = E164Keys.of(number);
        if (key < 0) {
            return null;
        }
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                if (lines.first(key) == SlotIndex.NONE && lock.validate(stamp)) {
                    return null;
                }
            } catch (RuntimeException concurrentChange) {
                // A write resized the arrays under us; read again under the lock.
            }
        }
        Copy copy;
        stamp = lock.readLock();
        try {
            int slot = lines.first(key);
            if (slot == SlotIndex.NONE) {
                return null;
            }
            copy = copy(slot);
        } finally {
            lock.unlockRead(stamp);
        }
        return copy.line();
    }

    int size() {
        long stamp = lock.readLock();
        try {
            return lines.size();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The lines {@code familyNumber} is bound to as a family number, in no particular order. */
    Set<String> linesOfFamily(String familyNumber) {
        long key = E164Keys.of(familyNumber);
        if (key < 0) {
            return Set.of();
        }
        Set<String> found = new LinkedHashSet<>();
        long stamp = lock.readLock();
        try {
            families.forEach(key, e -> found.add(E164Keys.number(arena[segmentAt[e >>> 2]])));
        } finally {
            lock.unlockRead(stamp);
        }
        return found;
    }

    /** Whether {@code number} is a family number (indexed) or a trusted number (a scan of the arena) of any line. */
    boolean isContact(String number) {
        long key = E164Keys.of(number);
        if (key < 0) {
            return false;
        }
        long stamp = lock.readLock();
        try {
            if (families.first(key) != SlotIndex.NONE) {
                return true;
            }
            for (int slot = 0; slot < slotCount; slot++) {
                if (policy[slot] != null) {
                    int from = segmentAt[slot] + 1 + familyCount[slot];
                    for (int i = from; i < from + trustedCount[slot]; i++) {
                        if (arena[i] == key) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    void put(ProtectedLine line) {
        long key = E164Keys.of(line.line());
        int family = line.familyNumbers().size();
        int trusted = line.trustedNumbers().size();
        long[] segment = new long[1 + family + trusted];
        segment[0] = key;
        for (int i = 0; i < family; i++) {
            segment[1 + i] = E164Keys.of(line.familyNumbers().get(i));
        }
        for (int i = 0; i < trusted; i++) {
            segment[1 + family + i] = E164Keys.of(line.trustedNumbers().get(i));
        }
        long stamp = lock.writeLock();
        try {
            int slot = lines.first(key);
            boolean fresh = slot == SlotIndex.NONE;
            if (fresh) {
                slot = allocateSlot();
            } else {
                unindexFamily(slot);
                arenaGarbage += segmentLength(slot);
            }
            segmentAt[slot] = append(segment);
            familyCount[slot] = (byte) family;
            trustedCount[slot] = (byte) trusted;
            updatedSeconds[slot] =
                    line.updatedAt() == null ? NO_TIME : line.updatedAt().getEpochSecond();
            updatedNanos[slot] = line.updatedAt() == null ? 0 : line.updatedAt().getNano();
            policy[slot] = line.policy();
            updatedBy[slot] = line.updatedBy();
            if (fresh) {
                lines.add(key, slot);
            }
            for (int i = 0; i < family; i++) {
                families.add(segment[1 + i], slot << 2 | i);
            }
            compactIfWasteful();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    void remove(String number) {
        long key = E164Keys.of(number);
        if (key < 0) {
            return;
        }
        long stamp = lock.writeLock();
        try {
            int slot = lines.first(key);
            if (slot == SlotIndex.NONE) {
                return;
            }
            unindexFamily(slot);
            lines.remove(key, slot);
            arenaGarbage += segmentLength(slot);
            policy[slot] = null;
            updatedBy[slot] = null;
            freeSlots.add(slot);
            compactIfWasteful();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Visits every line, built in chunks under short read locks; the visitor runs outside the lock. */
    void forEach(Consumer<ProtectedLine> visitor) {
        List<Copy> chunk = new ArrayList<>(1024);
        int next = 0;
        while (true) {
            long stamp = lock.readLock();
            try {
                for (; next < slotCount && chunk.size() < 1024; next++) {
                    if (policy[next] != null) {
                        chunk.add(copy(next));
                    }
                }
            } finally {
                lock.unlockRead(stamp);
            }
            if (chunk.isEmpty()) {
                return;
            }
            chunk.forEach(c -> visitor.accept(c.line()));
            chunk.clear();
        }
    }

    /** A line's values, copied under the lock; the strings and the record are made after it. */
    private record Copy(long[] numbers, int family, Instant updatedAt, LinePolicy policy, String updatedBy) {
        ProtectedLine line() {
            List<String> familyNumbers = new ArrayList<>(family);
            for (int i = 1; i <= family; i++) {
                familyNumbers.add(E164Keys.number(numbers[i]));
            }
            List<String> trustedNumbers = new ArrayList<>(numbers.length - 1 - family);
            for (int i = 1 + family; i < numbers.length; i++) {
                trustedNumbers.add(E164Keys.number(numbers[i]));
            }
            return new ProtectedLine(
                    E164Keys.number(numbers[0]), familyNumbers, trustedNumbers, policy, updatedBy, updatedAt);
        }
    }

    private Copy copy(int slot) {
        int from = segmentAt[slot];
        return new Copy(
                Arrays.copyOfRange(arena, from, from + segmentLength(slot)),
                familyCount[slot],
                updatedSeconds[slot] == NO_TIME
                        ? null
                        : Instant.ofEpochSecond(updatedSeconds[slot], updatedNanos[slot]),
                policy[slot],
                updatedBy[slot]);
    }

    private int segmentLength(int slot) {
        return 1 + familyCount[slot] + trustedCount[slot];
    }

    private void unindexFamily(int slot) {
        for (int i = 0; i < familyCount[slot]; i++) {
            families.remove(arena[segmentAt[slot] + 1 + i], slot << 2 | i);
        }
    }

    private int append(long[] segment) {
        if (arenaEnd + segment.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaEnd + segment.length, arena.length + (arena.length >> 2)));
        }
        int at = arenaEnd;
        System.arraycopy(segment, 0, arena, at, segment.length);
        arenaEnd += segment.length;
        return at;
    }

    /**
     * Writes every line: the distinct policies and authors once, then per line its numbers, counts, time and the
     * indexes of its policy and author. Called by the one writer thread.
     */
    void writeTo(SnapshotOutput out) throws IOException {
        Map<LinePolicy, Integer> policies = new HashMap<>();
        Map<String, Integer> authors = new HashMap<>();
        List<LinePolicy> policyList = new ArrayList<>();
        List<String> authorList = new ArrayList<>();
        for (int slot = 0; slot < slotCount; slot++) {
            if (policy[slot] != null) {
                policies.computeIfAbsent(policy[slot], p -> {
                    policyList.add(p);
                    return policyList.size() - 1;
                });
                authors.computeIfAbsent(updatedBy[slot], a -> {
                    authorList.add(a);
                    return authorList.size() - 1;
                });
            }
        }
        out.writeInt(policyList.size());
        for (LinePolicy p : policyList) {
            writePolicy(out, p);
        }
        out.writeInt(authorList.size());
        for (String a : authorList) {
            out.writeString(a);
        }
        out.writeInt(lines.size());
        for (int slot = 0; slot < slotCount; slot++) {
            if (policy[slot] != null) {
                out.writeInt(familyCount[slot]);
                out.writeInt(trustedCount[slot]);
                out.writeLongs(
                        Arrays.copyOfRange(arena, segmentAt[slot], segmentAt[slot] + segmentLength(slot)),
                        segmentLength(slot));
                out.writeLong(updatedSeconds[slot]);
                out.writeInt(updatedNanos[slot]);
                out.writeInt(policies.get(policy[slot]));
                out.writeInt(authors.get(updatedBy[slot]));
            }
        }
    }

    /** Loads what {@link #writeTo} wrote into this empty store. */
    void readFrom(SnapshotInput in) throws IOException {
        LinePolicy[] policies = new LinePolicy[in.readCount(10)];
        for (int i = 0; i < policies.length; i++) {
            policies[i] = readPolicy(in);
        }
        String[] authors = new String[in.readCount(4)];
        for (int i = 0; i < authors.length; i++) {
            String a = in.readString();
            authors[i] = a == null ? null : a.intern();
        }
        int count = in.readCount(36);
        long stamp = lock.writeLock();
        try {
            if (slotCount != 0) {
                throw new IllegalStateException("snapshot loaded into a store that is not empty");
            }
            resizeSlots(Math.max(count, INITIAL_SLOTS));
            lines.ensureCapacity(count);
            for (int slot = 0; slot < count; slot++) {
                int family = in.readInt();
                int trusted = in.readInt();
                if (family < 1
                        || family > ProtectedLine.MAX_FAMILY_NUMBERS
                        || trusted < 0
                        || trusted > ProtectedLine.MAX_TRUSTED_NUMBERS) {
                    throw new SnapshotInput.CorruptSnapshotException(
                            "line with " + family + "/" + trusted + " numbers");
                }
                long[] segment = new long[1 + family + trusted];
                in.readLongs(segment, 0, segment.length);
                for (long n : segment) {
                    if (n <= 0) {
                        throw new SnapshotInput.CorruptSnapshotException("number key " + n);
                    }
                }
                if (lines.first(segment[0]) != SlotIndex.NONE) {
                    throw new SnapshotInput.CorruptSnapshotException("line " + segment[0] + " twice");
                }
                segmentAt[slot] = append(segment);
                familyCount[slot] = (byte) family;
                trustedCount[slot] = (byte) trusted;
                updatedSeconds[slot] = in.readLong();
                updatedNanos[slot] = in.readInt();
                int p = in.readInt();
                int a = in.readInt();
                if (p < 0 || p >= policies.length || a < 0 || a >= authors.length) {
                    throw new SnapshotInput.CorruptSnapshotException("policy or author index out of range");
                }
                policy[slot] = policies[p];
                updatedBy[slot] = authors[a];
                slotCount++;
                lines.add(segment[0], slot);
                for (int i = 0; i < family; i++) {
                    families.add(segment[1 + i], slot << 2 | i);
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Empties the store (after a snapshot that could not be loaded whole). */
    void clear() {
        long stamp = lock.writeLock();
        try {
            for (int slot = 0; slot < slotCount; slot++) {
                if (policy[slot] != null) {
                    unindexFamily(slot);
                    lines.remove(arena[segmentAt[slot]], slot);
                }
            }
            resizeSlots(INITIAL_SLOTS);
            Arrays.fill(policy, null);
            Arrays.fill(updatedBy, null);
            slotCount = 0;
            freeSlots.clear();
            arena = new long[8 * INITIAL_SLOTS];
            arenaEnd = 0;
            arenaGarbage = 0;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private static void writePolicy(SnapshotOutput out, LinePolicy p) throws IOException {
        out.writeBoolean(p.blockHidden());
        out.writeBoolean(p.blockInternational());
        out.writeBoolean(p.blockHighRiskRanges());
        out.writeBoolean(p.blockUnverified());
        out.writeBoolean(p.notifyFamily());
        out.writeBoolean(p.notifyOnWarn());
        out.writeString(p.timeZone().getId());
        out.writeBoolean(p.quietHours() != null);
        if (p.quietHours() != null) {
            out.writeLong(p.quietHours().from().toNanoOfDay());
            out.writeLong(p.quietHours().to().toNanoOfDay());
        }
    }

    private static LinePolicy readPolicy(SnapshotInput in) throws IOException {
        boolean blockHidden = in.readBoolean();
        boolean blockInternational = in.readBoolean();
        boolean blockHighRiskRanges = in.readBoolean();
        boolean blockUnverified = in.readBoolean();
        boolean notifyFamily = in.readBoolean();
        boolean notifyOnWarn = in.readBoolean();
        try {
            ZoneId zone = ZoneId.of(in.readString());
            QuietHours quiet = in.readBoolean()
                    ? new QuietHours(LocalTime.ofNanoOfDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong()))
                    : null;
            LinePolicy p = new LinePolicy(
                    blockHidden,
                    blockInternational,
                    blockHighRiskRanges,
                    blockUnverified,
                    quiet,
                    zone,
                    notifyFamily,
                    notifyOnWarn);
            return p.equals(LinePolicy.DEFAULTS) ? LinePolicy.DEFAULTS : p;
        } catch (DateTimeException | IllegalArgumentException | NullPointerException e) {
            throw new SnapshotInput.CorruptSnapshotException("policy: " + e.getMessage());
        }
    }

    /** Shrinks the arena and the slot columns to what they hold, plus 1/32 for the changes to come. */
    void trim() {
        long stamp = lock.writeLock();
        try {
            compactIfWasteful();
            arena = Arrays.copyOf(arena, Math.max(arenaEnd + (arenaEnd >> 5), 64));
            resizeSlots(Math.max(slotCount + (slotCount >> 5), 64));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Rewrites the arena without the segments of rewritten and removed lines once they are a quarter of it. */
    private void compactIfWasteful() {
        if (arenaGarbage < 4096 || arenaGarbage < arenaEnd / 4) {
            return;
        }
        int live = arenaEnd - arenaGarbage;
        long[] compacted = new long[live + (live >> 3)];
        int end = 0;
        for (int slot = 0; slot < slotCount; slot++) {
            if (policy[slot] != null) {
                int length = segmentLength(slot);
                System.arraycopy(arena, segmentAt[slot], compacted, end, length);
                segmentAt[slot] = end;
                end += length;
            }
        }
        arena = compacted;
        arenaEnd = end;
        arenaGarbage = 0;
    }

    private int allocateSlot() {
        if (!freeSlots.isEmpty()) {
            return freeSlots.popInt();
        }
        if (slotCount == segmentAt.length) {
            resizeSlots(segmentAt.length + (segmentAt.length >> 1));
        }
        return slotCount++;
    }

    private void resizeSlots(int length) {
        segmentAt = Arrays.copyOf(segmentAt, length);
        familyCount = Arrays.copyOf(familyCount, length);
        trustedCount = Arrays.copyOf(trustedCount, length);
        updatedSeconds = Arrays.copyOf(updatedSeconds, length);
        updatedNanos = Arrays.copyOf(updatedNanos, length);
        policy = Arrays.copyOf(policy, length);
        updatedBy = Arrays.copyOf(updatedBy, length);
    }
}

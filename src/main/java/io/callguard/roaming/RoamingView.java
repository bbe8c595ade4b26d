package io.callguard.roaming;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.locks.StampedLock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

import io.callguard.numbers.E164Keys;
import io.callguard.state.InvalidRecords;
import io.callguard.state.SnapshotInput;
import io.callguard.state.SnapshotOutput;
import io.callguard.state.Snapshottable;
import io.callguard.state.StateSink;

/**
 * The roaming registry of this replica, materialised from {@code roaming-subscribers}: a primitive map from the home
 * number's digits to its roaming period, and one to the visited country. About 35 bytes per subscriber abroad instead
 * of 150+ for an object per entry (README, "Benchmarks").
 *
 * <p>Periods are kept to the second, rounded towards "not roaming" (the start up, the end down): in the first or
 * last fraction of a second a call presenting the number is treated as spoofed, never the other way round.
 *
 * <p>One writer (the state reader), many readers (screening threads); reads are optimistic and lock-free unless a
 * write overlaps.
 */
public final class RoamingView implements StateSink, Snapshottable {

    private static final long NO_PERIOD = 0L;
    private static final long OPEN_END = 0xFFFF_FFFFL;
    private static final int SNAPSHOT_CHUNK = 65_536;

    private final JsonFactory json;
    private final StampedLock lock = new StampedLock();
    /** Home number digits → since (seconds, high 32 bits) | expires (seconds, low 32 bits; all ones = open). */
    private final Long2LongOpenHashMap periods = new Long2LongOpenHashMap();
    /** Home number digits → the visited country, two letters packed into an int. */
    private final Long2IntOpenHashMap countries = new Long2IntOpenHashMap();

    private final InvalidRecords invalid = new InvalidRecords("roaming");

    public RoamingView(ObjectMapper mapper) {
        this.json = mapper.getFactory();
        periods.defaultReturnValue(NO_PERIOD);
    }

    /** Whether {@code number} (canonical) is registered abroad at {@code epochMillis}. */
    public boolean isRoamingAt(String number, long epochMillis) {
        long key = keyOf(number);
        if (key < 0) {
            return false;
        }
        long period = read(key);
        if (period == NO_PERIOD) {
            return false;
        }
        long seconds = Math.floorDiv(epochMillis, 1000);
        long since = period >>> 32;
        long expires = period & 0xFFFF_FFFFL;
        return seconds >= since && (expires == OPEN_END || seconds < expires);
    }

    /** The registry's entry for {@code number} as stored (to the second), or {@code null}. */
    public RoamingEntry get(String number) {
        long key = keyOf(number);
        if (key < 0) {
            return null;
        }
        long stamp = lock.readLock();
        try {
            long period = periods.get(key);
            if (period == NO_PERIOD) {
                return null;
            }
            long expires = period & 0xFFFF_FFFFL;
            return new RoamingEntry(
                    number,
                    country(countries.get(key)),
                    Instant.ofEpochSecond(period >>> 32),
                    expires == OPEN_END ? null : Instant.ofEpochSecond(expires));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public long size() {
        long stamp = lock.readLock();
        try {
            return periods.size();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public void apply(String key, byte[] value) {
        long digits = keyOf(key);
        if (digits < 0) {
            invalid.reject(key, "key is not an E.164 number");
            return;
        }
        if (value == null) {
            remove(digits);
            return;
        }
        RoamingEntry entry;
        try {
            entry = decode(value);
        } catch (IOException | RuntimeException e) {
            invalid.reject(key, e.getMessage());
            return;
        }
        if (!entry.number().equals(key)) {
            invalid.reject(key, "key does not match number " + entry.number());
            return;
        }
        put(entry);
    }

    /**
     * Reads one record with a streaming parser (a replica reads the whole registry before it is ready; databind cost
     * ten times a bare read). Unknown fields are skipped; the entry's own constructor validates what was read.
     */
    private RoamingEntry decode(byte[] value) throws IOException {
        String number = null;
        String country = null;
        Instant since = null;
        Instant expiresAt = null;
        try (JsonParser p = json.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "number" -> number = p.getText();
                    case "visitedCountry" -> country = p.getText();
                    case "since" -> since = Instant.parse(p.getText());
                    case "expiresAt" -> expiresAt = Instant.parse(p.getText());
                    default -> {
                        // other fields of the roaming platform are not needed here
                    }
                }
            }
        }
        return new RoamingEntry(number, country, since, expiresAt);
    }

    /** Applies an entry directly (the topic reader calls {@link #apply}; tests and benchmarks may call this). */
    public void put(RoamingEntry entry) {
        long since = Math.floorDiv(entry.since().toEpochMilli() + 999, 1000);
        long expires = entry.expiresAt() == null
                ? OPEN_END
                : Math.floorDiv(entry.expiresAt().toEpochMilli(), 1000);
        if (since < 0 || since >= OPEN_END || expires < 0 || expires > OPEN_END) {
            invalid.reject(entry.number(), "period outside 1970-2106");
            return;
        }
        long digits = keyOf(entry.number());
        if (expires != OPEN_END && expires <= since) {
            remove(digits); // shorter than a second once rounded: never roaming
            return;
        }
        long stamp = lock.writeLock();
        try {
            periods.put(digits, (since << 32) | expires);
            countries.put(
                    digits,
                    (entry.visitedCountry().charAt(0) << 8)
                            | entry.visitedCountry().charAt(1));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Entries in chunks, each chunk column by column (numbers, periods, countries), so loading is bulk reads. */
    @Override
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(periods.size());
        long[] keys = new long[SNAPSHOT_CHUNK];
        long[] values = new long[SNAPSHOT_CHUNK];
        int[] visited = new int[SNAPSHOT_CHUNK];
        int n = 0;
        for (Long2LongMap.Entry e : periods.long2LongEntrySet()) {
            keys[n] = e.getLongKey();
            values[n] = e.getLongValue();
            visited[n] = countries.get(e.getLongKey());
            if (++n == SNAPSHOT_CHUNK) {
                writeChunk(out, keys, values, visited, n);
                n = 0;
            }
        }
        writeChunk(out, keys, values, visited, n);
    }

    private static void writeChunk(SnapshotOutput out, long[] keys, long[] values, int[] visited, int n)
            throws IOException {
        out.writeLongs(keys, n);
        out.writeLongs(values, n);
        for (int i = 0; i < n; i++) {
            out.writeInt(visited[i]);
        }
    }

    @Override
    public void readSnapshot(SnapshotInput in) throws IOException {
        int count = in.readCount(20);
        long[] keys = new long[Math.min(count, SNAPSHOT_CHUNK)];
        long[] values = new long[keys.length];
        int[] visited = new int[keys.length];
        long stamp = lock.writeLock();
        try {
            periods.ensureCapacity(count);
            countries.ensureCapacity(count);
            for (int from = 0; from < count; from += SNAPSHOT_CHUNK) {
                int n = Math.min(SNAPSHOT_CHUNK, count - from);
                in.readLongs(keys, 0, n);
                in.readLongs(values, 0, n);
                in.readInts(visited, 0, n);
                for (int i = 0; i < n; i++) {
                    if (keys[i] <= 0 || values[i] == NO_PERIOD || periods.put(keys[i], values[i]) != NO_PERIOD) {
                        throw new SnapshotInput.CorruptSnapshotException("roaming entry " + keys[i]);
                    }
                    countries.put(keys[i], visited[i]);
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public void clear() {
        long stamp = lock.writeLock();
        try {
            periods.clear();
            countries.clear();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public void rejectKeyless() {
        invalid.reject("<null>", "record without key");
    }

    @Override
    public long invalidRecords() {
        return invalid.count();
    }

    private void remove(long digits) {
        long stamp = lock.writeLock();
        try {
            periods.remove(digits);
            countries.remove(digits);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private long read(long key) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                long period = periods.get(key);
                if (lock.validate(stamp)) {
                    return period;
                }
            } catch (RuntimeException concurrentResize) {
                // A write resized the table under us; read again under the lock.
            }
        }
        stamp = lock.readLock();
        try {
            return periods.get(key);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private static String country(int packed) {
        return new String(new char[] {(char) (packed >> 8), (char) (packed & 0xFF)});
    }

    /** The digits of an E.164 number as a long, or -1. */
    static long keyOf(String number) {
        if (number == null || !RoamingEntry.isE164(number)) {
            return -1;
        }
        return E164Keys.of(number);
    }
}

package io.callguard.blocklist;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.callguard.state.InvalidRecords;
import io.callguard.state.SnapshotInput;
import io.callguard.state.SnapshotOutput;
import io.callguard.state.Snapshottable;
import io.callguard.state.StateSink;

/**
 * The in-memory fraud list, materialised from the {@code fraud-blocklist} topic.
 *
 * <p>The permanent bulk of number entries lives in a {@link CompactNumberStore} (primitive keys, shared details);
 * temporary entries (with {@code expiresAt}) and short codes live in Caffeine with per-entry expiry, so they free
 * their memory by themselves. Prefixes are few and live in a plain map, probed only at the lengths that exist. The
 * split was chosen by measurement (README, "Benchmarks"). Whether an
 * entry is live is decided against the event's time ({@link BlocklistEntry#isLiveAt}), so a replay decides the same
 * way; Caffeine's clock only reclaims memory.
 */
public final class BlocklistView implements StateSink, Snapshottable {

    private final BlocklistEntryDecoder decoder = new BlocklistEntryDecoder();
    private final Cache<String, BlocklistEntry> numbers;
    private final CompactNumberStore permanent;
    private final java.util.concurrent.ConcurrentMap<String, BlocklistEntry> temporary;
    private final Map<String, BlocklistEntry> prefixes = new ConcurrentHashMap<>();
    private final InvalidRecords invalid = new InvalidRecords("blocklist");
    /**
     * The community labels as the topic holds them, expired or not: Caffeine lets an expired label go from memory, but
     * the topic keeps it until the labeller's sweep deletes it there (with its audit record). Labels are few.
     */
    private final Map<String, BlocklistEntry> communityLabels = new ConcurrentHashMap<>();

    private volatile int[] prefixLengthsLongestFirst = new int[0];

    public BlocklistView(Clock clock, Ticker ticker) {
        this(clock, ticker, true);
    }

    /**
     * @param compactPermanentNumbers false keeps every number in Caffeine (only for comparing the two in benchmarks)
     */
    public BlocklistView(Clock clock, Ticker ticker, boolean compactPermanentNumbers) {
        this.permanent = compactPermanentNumbers ? new CompactNumberStore() : null;
        Objects.requireNonNull(clock, "clock");
        this.numbers = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfter(new UntilExpiresAt(clock))
                .recordStats()
                .build();
        this.temporary = numbers.asMap();
    }

    /**
     * The entry that decides for {@code caller} at {@code atMillis}: the exact number if listed and live, otherwise
     * the longest live prefix; {@code null} if none.
     */
    public BlocklistEntry longestMatch(String caller, long atMillis) {
        if (permanent != null) {
            BlocklistEntry bulk = permanent.get(caller);
            if (bulk != null) {
                return bulk;
            }
        }
        // Temporary entries are usually few or none: skip hashing the caller when there are none.
        if (!temporary.isEmpty()) {
            BlocklistEntry exact = numbers.getIfPresent(caller);
            if (exact != null && exact.isLiveAt(atMillis)) {
                return exact;
            }
        }
        for (int length : prefixLengthsLongestFirst) {
            if (length <= caller.length()) {
                BlocklistEntry prefix = prefixes.get(caller.substring(0, length));
                if (prefix != null && prefix.isLiveAt(atMillis)) {
                    return prefix;
                }
            }
        }
        return null;
    }

    /**
     * The community label of {@code number} as the topic holds it, even once expired (when {@link #get} no longer
     * sees it); {@code null} if the number's entry is not a community label. For the labeller's sweep.
     */
    public BlocklistEntry communityLabel(String number) {
        return communityLabels.get(number);
    }

    public BlocklistEntry get(EntryKind kind, String value) {
        if (kind == EntryKind.PREFIX) {
            return prefixes.get(value);
        }
        BlocklistEntry bulk = permanent == null ? null : permanent.get(value);
        return bulk != null ? bulk : numbers.getIfPresent(value);
    }

    public long numberCount() {
        return numbers.estimatedSize() + (permanent == null ? 0 : permanent.size());
    }

    /** Allow entries (exceptions) held, numbers and prefixes. */
    public long allowCount() {
        long count = permanent == null ? 0 : permanent.allowCount();
        count += numbers.asMap().values().stream()
                .filter(e -> e.action() == EntryAction.ALLOW)
                .count();
        count += prefixes.values().stream()
                .filter(e -> e.action() == EntryAction.ALLOW)
                .count();
        return count;
    }

    public long prefixCount() {
        return prefixes.size();
    }

    @Override
    public long invalidRecords() {
        return invalid.count();
    }

    public Cache<String, BlocklistEntry> numberCache() {
        return numbers;
    }

    /** Visits every number entry (listing, export); the visitor runs outside every lock and may block. */
    public void forEachNumber(Consumer<BlocklistEntry> visitor) {
        if (permanent != null) {
            permanent.forEach(visitor);
        }
        numbers.asMap().values().forEach(visitor);
    }

    public Collection<BlocklistEntry> prefixEntries() {
        return prefixes.values();
    }

    @Override
    public void apply(String key, byte[] value) {
        if (value == null) {
            remove(key);
            return;
        }
        BlocklistEntry entry;
        try {
            entry = decoder.decode(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            invalid.reject(key, e.getMessage());
            return;
        }
        if (!entry.key().equals(key)) {
            invalid.reject(key, "key does not match entry " + entry.key());
            return;
        }
        put(entry);
    }

    @Override
    public void rejectKeyless() {
        invalid.reject("<null>", "record without key");
    }

    /** Applies an entry directly (the topic reader calls {@link #apply}; tests and benchmarks may call this). */
    public void put(BlocklistEntry entry) {
        if (entry.kind() == EntryKind.NUMBER) {
            if (entry.isCommunityLabel()) {
                communityLabels.put(entry.value(), entry);
            } else if (!communityLabels.isEmpty()) { // catch-up of millions of numbers: no hashing for nothing
                communityLabels.remove(entry.value());
            }
            if (permanent != null && CompactNumberStore.accepts(entry)) {
                permanent.put(entry);
                numbers.invalidate(entry.value());
            } else {
                numbers.put(entry.value(), entry);
                if (permanent != null) {
                    permanent.remove(entry.value());
                }
            }
        } else if (prefixes.put(entry.value(), entry) == null) {
            recomputePrefixLengths();
        }
    }

    private void remove(String key) {
        if (key.startsWith(BlocklistEntry.PREFIX_KEY_PREFIX)) {
            if (prefixes.remove(key.substring(BlocklistEntry.PREFIX_KEY_PREFIX.length())) != null) {
                recomputePrefixLengths();
            }
        } else {
            if (!communityLabels.isEmpty()) {
                communityLabels.remove(key);
            }
            numbers.invalidate(key);
            if (permanent != null) {
                permanent.remove(key);
            }
        }
    }

    /** The compact store as it is laid out, then the other entries (temporary numbers, prefixes) one by one. */
    @Override
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeBoolean(permanent != null);
        if (permanent != null) {
            permanent.writeTo(out);
        }
        List<BlocklistEntry> others = new ArrayList<>(temporary.values());
        // Expired labels are gone from Caffeine but still in the topic: the sweep must find them after a restart too.
        communityLabels.forEach((number, label) -> {
            if (!temporary.containsKey(number)) {
                others.add(label);
            }
        });
        others.addAll(prefixes.values());
        out.writeInt(others.size());
        for (BlocklistEntry e : others) {
            out.writeString(e.kind().name());
            out.writeString(e.value());
            out.writeString(e.action().name());
            out.writeString(e.category() == null ? null : e.category().name());
            out.writeString(e.reason());
            out.writeString(e.source());
            out.writeString(e.createdBy());
            out.writeInstant(e.createdAt());
            out.writeInstant(e.updatedAt());
            out.writeInstant(e.expiresAt());
        }
    }

    @Override
    public void readSnapshot(SnapshotInput in) throws IOException {
        if (in.readBoolean() != (permanent != null)) {
            throw new SnapshotInput.CorruptSnapshotException("written by a view of another layout");
        }
        if (permanent != null) {
            permanent.readFrom(in);
        }
        int others = in.readCount(64);
        for (int i = 0; i < others; i++) {
            try {
                put(new BlocklistEntry(
                        EntryKind.valueOf(in.readString()),
                        in.readString(),
                        EntryAction.valueOf(in.readString()),
                        category(in.readString()),
                        in.readString(),
                        in.readString(),
                        in.readString(),
                        in.readInstant(),
                        in.readInstant(),
                        in.readInstant()));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new SnapshotInput.CorruptSnapshotException("entry " + i + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void clear() {
        if (permanent != null) {
            permanent.clear();
        }
        numbers.invalidateAll();
        communityLabels.clear();
        prefixes.clear();
        recomputePrefixLengths();
    }

    private static FraudCategory category(String name) {
        return name == null ? null : FraudCategory.valueOf(name);
    }

    private synchronized void recomputePrefixLengths() {
        prefixLengthsLongestFirst = prefixes.keySet().stream()
                .mapToInt(String::length)
                .distinct()
                .map(i -> -i)
                .sorted()
                .map(i -> -i)
                .toArray();
    }

    /** Lets Caffeine drop an entry once the wall clock passes its {@code expiresAt}. */
    private static final class UntilExpiresAt implements Expiry<String, BlocklistEntry> {
        private final Clock clock;

        UntilExpiresAt(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(String key, BlocklistEntry entry, long currentTime) {
            if (entry.expiresAt() == null) {
                return Long.MAX_VALUE;
            }
            long millis = entry.expiresAt().toEpochMilli() - clock.millis();
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        }

        @Override
        public long expireAfterUpdate(String key, BlocklistEntry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(String key, BlocklistEntry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}

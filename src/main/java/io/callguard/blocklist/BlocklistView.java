package io.callguard.blocklist;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jboss.logging.Logger;

import io.callguard.state.StateSink;

/**
 * The in-memory fraud list, materialised from the {@code fraud-blocklist} topic.
 *
 * <p>Number entries live in Caffeine with per-entry expiry taken from {@code expiresAt}, so temporary blocks free their
 * memory by themselves. Prefixes are few and live in a plain map, probed only at the lengths that exist. Whether an
 * entry is live is decided against the event's time ({@link BlocklistEntry#isLiveAt}), so a replay decides the same
 * way; Caffeine's clock only reclaims memory.
 */
public final class BlocklistView implements StateSink {

    private static final Logger LOG = Logger.getLogger(BlocklistView.class);

    private final ObjectMapper mapper;
    private final Cache<String, BlocklistEntry> numbers;
    private final Map<String, BlocklistEntry> prefixes = new ConcurrentHashMap<>();
    private final AtomicLong invalidRecords = new AtomicLong();
    private volatile int[] prefixLengthsLongestFirst = new int[0];

    public BlocklistView(ObjectMapper mapper, Clock clock, Ticker ticker) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(clock, "clock");
        this.numbers = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfter(new UntilExpiresAt(clock))
                .recordStats()
                .build();
    }

    /**
     * The entry that decides for {@code caller} at {@code atMillis}: the exact number if listed and live, otherwise
     * the longest live prefix; {@code null} if none.
     */
    public BlocklistEntry longestMatch(String caller, long atMillis) {
        BlocklistEntry exact = numbers.getIfPresent(caller);
        if (exact != null && exact.isLiveAt(atMillis)) {
            return exact;
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

    public BlocklistEntry get(EntryKind kind, String value) {
        return kind == EntryKind.NUMBER ? numbers.getIfPresent(value) : prefixes.get(value);
    }

    public long numberCount() {
        return numbers.estimatedSize();
    }

    public long prefixCount() {
        return prefixes.size();
    }

    public long invalidRecords() {
        return invalidRecords.get();
    }

    public Cache<String, BlocklistEntry> numberCache() {
        return numbers;
    }

    /** A weakly consistent snapshot for listing and export. */
    public Collection<BlocklistEntry> numberEntries() {
        return numbers.asMap().values();
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
            entry = mapper.readValue(value, BlocklistEntry.class);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            reject(key, e.getMessage());
            return;
        }
        if (!entry.key().equals(key)) {
            reject(key, "key does not match entry " + entry.key());
            return;
        }
        put(entry);
    }

    @Override
    public void rejectKeyless() {
        reject("<null>", "record without key");
    }

    /** Applies an entry directly (the topic reader calls {@link #apply}; tests and benchmarks may call this). */
    public void put(BlocklistEntry entry) {
        if (entry.kind() == EntryKind.NUMBER) {
            numbers.put(entry.value(), entry);
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
            numbers.invalidate(key);
        }
    }

    private void reject(String key, String why) {
        long count = invalidRecords.incrementAndGet();
        // One line per bad record at DEBUG; a sampled WARN so a bad feed is visible without flooding the log.
        if (count == 1 || count % 1000 == 0) {
            LOG.warnf("skipped invalid blocklist record key=%s reason=%s invalidTotal=%d", key, why, count);
        } else {
            LOG.debugf("skipped invalid blocklist record key=%s reason=%s", key, why);
        }
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

    int[] prefixLengths() {
        return Arrays.copyOf(prefixLengthsLongestFirst, prefixLengthsLongestFirst.length);
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

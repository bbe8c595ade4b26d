package io.callguard.state;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A compacted topic of JSON records kept as objects by key: a record whose own key field disagrees with the record key,
 * or that cannot be read, is skipped and counted; a tombstone removes the key. The small state topics (pending
 * approvals, disputes, clearances) are this; the blocklist and the registries have views of their own.
 */
public class KeyedJsonView<T> implements StateSink {

    private final ObjectMapper mapper;
    private final Class<T> type;
    private final Function<T, String> keyOf;
    private final Map<String, T> byKey = new ConcurrentHashMap<>();
    private final InvalidRecords invalid;

    /** @param what the kind of record, for the log line of a skipped one */
    public KeyedJsonView(ObjectMapper mapper, Class<T> type, Function<T, String> keyOf, String what) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.type = type;
        this.keyOf = keyOf;
        this.invalid = new InvalidRecords(what);
    }

    public T get(String key) {
        return key == null ? null : byKey.get(key);
    }

    public Collection<T> all() {
        return byKey.values();
    }

    @Override
    public void apply(String key, byte[] value) {
        if (value == null) {
            T removed = byKey.remove(key);
            if (removed != null) {
                changed(key, removed, null);
            }
            return;
        }
        try {
            T record = mapper.readValue(value, type);
            if (!key.equals(keyOf.apply(record))) {
                invalid.reject(key, "key does not match the record's own " + keyOf.apply(record));
                return;
            }
            changed(key, byKey.put(key, record), record);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            invalid.reject(key, e.getMessage());
        }
    }

    /**
     * Called by the reader thread after a key changed, for views that keep an index of their own.
     *
     * @param before the record before, or {@code null}
     * @param after the record now, or {@code null} when it was deleted
     */
    protected void changed(String key, T before, T after) {}

    @Override
    public void rejectKeyless() {
        invalid.reject("<null>", "record without key");
    }

    @Override
    public long invalidRecords() {
        return invalid.count();
    }
}

package io.callguard.state;

/** Receives the records of one compacted state topic, in offset order per partition. */
public interface StateSink {

    /**
     * Applies one record. Must not throw for bad data: count it and skip it instead.
     *
     * @param key the record key (the state key), never null
     * @param value the record value, or {@code null} for a tombstone (delete)
     */
    void apply(String key, byte[] value);

    /**
     * Called once, when the reader has reached the end offsets it saw at start: a view may give back what it grew
     * while loading.
     */
    default void caughtUp() {}

    /** Called for a record without a key, which no state topic may hold. */
    default void rejectKeyless() {}

    /** Records skipped as invalid so far. */
    long invalidRecords();
}

package io.callguard.lines;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.InvalidRecords;
import io.callguard.state.SnapshotInput;
import io.callguard.state.SnapshotOutput;
import io.callguard.state.Snapshottable;
import io.callguard.state.StateSink;

/**
 * The protected-line registry, materialised from the compacted {@code protected-lines} topic into a {@link LineStore}
 * (numbers as longs in one arena, about 150 bytes per line instead of about 670 for line objects in a map). A lookup
 * of an ordinary line allocates nothing; a protected line is built for each lookup that finds one.
 */
public final class ProtectedLinesView implements StateSink, Snapshottable {

    private final ProtectedLineDecoder decoder;
    private final LineStore store = new LineStore();
    private final InvalidRecords invalid = new InvalidRecords("protected-line");

    public ProtectedLinesView(ObjectMapper mapper) {
        this.decoder = new ProtectedLineDecoder(Objects.requireNonNull(mapper, "mapper"));
    }

    /** The protected line {@code called}, or {@code null} if it is an ordinary line. */
    public ProtectedLine get(String called) {
        return store.get(called);
    }

    public long size() {
        return store.size();
    }

    @Override
    public long invalidRecords() {
        return invalid.count();
    }

    /**
     * Whether {@code number} is a family or trusted number of any line. Family numbers come from the index; trusted
     * numbers need a scan of the store: meant for rare decisions such as a community label, never for screening.
     */
    public boolean isContactOfAnyLine(String number) {
        return store.isContact(number);
    }

    /** Every line, built one by one (listing, export): not for the screening path. */
    public Collection<ProtectedLine> all() {
        List<ProtectedLine> all = new ArrayList<>();
        store.forEach(all::add);
        return all;
    }

    @Override
    public void apply(String key, byte[] value) {
        if (value == null) {
            store.remove(key);
            return;
        }
        try {
            ProtectedLine line = decoder.decode(value);
            if (!line.line().equals(key)) {
                invalid.reject(key, "key does not match line " + line.line());
                return;
            }
            store.put(line);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            invalid.reject(key, e.getMessage());
        }
    }

    @Override
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        store.writeTo(out);
    }

    @Override
    public void readSnapshot(SnapshotInput in) throws IOException {
        store.readFrom(in);
    }

    @Override
    public void clear() {
        store.clear();
    }

    /** Gives back the room the store grew into while the topic was read. */
    @Override
    public void caughtUp() {
        store.trim();
    }

    @Override
    public void rejectKeyless() {
        invalid.reject("<null>", "record without key");
    }

    /** Applies a line directly (tests and benchmarks). */
    public void put(ProtectedLine line) {
        store.put(line);
    }

    /** The lines {@code familyNumber} is currently bound to as a family number; empty if none. */
    public Set<String> linesOfFamily(String familyNumber) {
        return store.linesOfFamily(familyNumber);
    }
}

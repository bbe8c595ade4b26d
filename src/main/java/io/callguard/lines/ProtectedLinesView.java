package io.callguard.lines;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.InvalidRecords;
import io.callguard.state.StateSink;

/** The protected-line registry, materialised from the compacted {@code protected-lines} topic. */
public final class ProtectedLinesView implements StateSink {

    private final ObjectMapper mapper;
    private final Map<String, ProtectedLine> lines = new ConcurrentHashMap<>();
    /** Family number → the lines it is bound to: the family app asks "which lines are mine?" on every request. */
    private final Map<String, Set<String>> linesOfFamily = new ConcurrentHashMap<>();

    private final InvalidRecords invalid = new InvalidRecords("protected-line");

    public ProtectedLinesView(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The protected line {@code called}, or {@code null} if it is an ordinary line. */
    public ProtectedLine get(String called) {
        return lines.get(called);
    }

    public long size() {
        return lines.size();
    }

    @Override
    public long invalidRecords() {
        return invalid.count();
    }

    /**
     * Whether {@code number} is a family or trusted number of any line. A scan: meant for rare decisions such as a
     * community label, never for screening.
     */
    public boolean isContactOfAnyLine(String number) {
        for (ProtectedLine l : lines.values()) {
            if (l.familyNumbers().contains(number) || l.trustedNumbers().contains(number)) {
                return true;
            }
        }
        return false;
    }

    public Collection<ProtectedLine> all() {
        return lines.values();
    }

    @Override
    public void apply(String key, byte[] value) {
        if (value == null) {
            unindex(lines.remove(key));
            return;
        }
        try {
            ProtectedLine line = mapper.readValue(value, ProtectedLine.class);
            if (!line.line().equals(key)) {
                invalid.reject(key, "key does not match line " + line.line());
                return;
            }
            store(line);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            invalid.reject(key, e.getMessage());
        }
    }

    @Override
    public void rejectKeyless() {
        invalid.reject("<null>", "record without key");
    }

    /** Applies a line directly (tests and benchmarks). */
    public void put(ProtectedLine line) {
        store(line);
    }

    /** The lines {@code familyNumber} is currently bound to as a family number; empty if none. */
    public Set<String> linesOfFamily(String familyNumber) {
        Set<String> found = linesOfFamily.get(familyNumber);
        return found == null ? Set.of() : Set.copyOf(found);
    }

    private void store(ProtectedLine line) {
        unindex(lines.put(line.line(), line));
        for (String f : line.familyNumbers()) {
            linesOfFamily.computeIfAbsent(f, n -> ConcurrentHashMap.newKeySet()).add(line.line());
        }
    }

    private void unindex(ProtectedLine old) {
        if (old == null) {
            return;
        }
        for (String f : old.familyNumbers()) {
            linesOfFamily.computeIfPresent(f, (n, set) -> {
                set.remove(old.line());
                return set.isEmpty() ? null : set;
            });
        }
    }
}

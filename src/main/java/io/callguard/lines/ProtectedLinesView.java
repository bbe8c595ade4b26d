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
    /**
     * Family number → the lines it is bound to: the family app asks "which lines are mine?" on every request. Almost
     * every number is bound to one line, so the value is that line's String, or a String[] for the few bound to
     * several (a set per number would cost about 200 bytes each).
     */
    private final Map<String, Object> linesOfFamily = new ConcurrentHashMap<>();

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
     * Whether {@code number} is a family or trusted number of any line. Family numbers come from the index; trusted
     * numbers need a scan: meant for rare decisions such as a community label, never for screening.
     */
    public boolean isContactOfAnyLine(String number) {
        if (linesOfFamily.containsKey(number)) {
            return true; // family numbers are indexed; only trusted numbers need the scan
        }
        for (ProtectedLine l : lines.values()) {
            if (l.trustedNumbers().contains(number)) {
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
        Object found = linesOfFamily.get(familyNumber);
        if (found == null) {
            return Set.of();
        }
        return found instanceof String one ? Set.of(one) : Set.of((String[]) found);
    }

    private void store(ProtectedLine line) {
        unindex(lines.put(line.line(), line));
        for (String f : line.familyNumbers()) {
            linesOfFamily.merge(f, line.line(), (old, add) -> with(old, (String) add));
        }
    }

    private void unindex(ProtectedLine old) {
        if (old == null) {
            return;
        }
        for (String f : old.familyNumbers()) {
            linesOfFamily.computeIfPresent(f, (n, lines) -> without(lines, old.line()));
        }
    }

    private static Object with(Object lines, String line) {
        String[] current = lines instanceof String one ? new String[] {one} : (String[]) lines;
        for (String l : current) {
            if (l.equals(line)) {
                return lines;
            }
        }
        String[] more = java.util.Arrays.copyOf(current, current.length + 1);
        more[current.length] = line;
        return more;
    }

    /** The index value without {@code line}; {@code null} (the key goes) when none is left. */
    private static Object without(Object lines, String line) {
        if (lines instanceof String one) {
            return one.equals(line) ? null : one;
        }
        String[] rest = java.util.Arrays.stream((String[]) lines)
                .filter(l -> !l.equals(line))
                .toArray(String[]::new);
        return rest.length == 0 ? null : rest.length == 1 ? rest[0] : rest;
    }
}

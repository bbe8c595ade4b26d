package io.callguard.lines;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import io.callguard.state.StateSink;

/** The protected-line registry, materialised from the compacted {@code protected-lines} topic. */
public final class ProtectedLinesView implements StateSink {

    private static final Logger LOG = Logger.getLogger(ProtectedLinesView.class);

    private final ObjectMapper mapper;
    private final Map<String, ProtectedLine> lines = new ConcurrentHashMap<>();
    private final AtomicLong invalidRecords = new AtomicLong();

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
        return invalidRecords.get();
    }

    public Collection<ProtectedLine> all() {
        return lines.values();
    }

    @Override
    public void apply(String key, byte[] value) {
        if (value == null) {
            lines.remove(key);
            return;
        }
        try {
            ProtectedLine line = mapper.readValue(value, ProtectedLine.class);
            if (!line.line().equals(key)) {
                reject(key, "key does not match line " + line.line());
                return;
            }
            lines.put(key, line);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            reject(key, e.getMessage());
        }
    }

    @Override
    public void rejectKeyless() {
        reject("<null>", "record without key");
    }

    /** Applies a line directly (tests and benchmarks). */
    public void put(ProtectedLine line) {
        lines.put(line.line(), line);
    }

    private void reject(String key, String why) {
        long count = invalidRecords.incrementAndGet();
        if (count == 1 || count % 1000 == 0) {
            LOG.warnf("skipped invalid protected-line record key=%s reason=%s invalidTotal=%d", key, why, count);
        } else {
            LOG.debugf("skipped invalid protected-line record key=%s reason=%s", key, why);
        }
    }
}

package io.callguard.reports;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.InvalidRecords;
import io.callguard.state.StateSink;

/** The clearances of this replica, materialised from {@code report-clearances}. */
public final class ClearancesView implements StateSink {

    private final ObjectMapper mapper;
    private final Map<String, Clearance> byNumber = new ConcurrentHashMap<>();
    private final InvalidRecords invalid = new InvalidRecords("clearance");

    public ClearancesView(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The clearance of {@code number}, or {@code null}. */
    public Clearance get(String number) {
        return byNumber.get(number);
    }

    @Override
    public void apply(String key, byte[] value) {
        if (value == null) {
            byNumber.remove(key);
            return;
        }
        try {
            Clearance c = mapper.readValue(value, Clearance.class);
            if (!c.number().equals(key)) {
                invalid.reject(key, "key does not match clearance " + c.number());
                return;
            }
            byNumber.put(key, c);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            invalid.reject(key, e.getMessage());
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
}

package io.callguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds call-setup JSON and reads output JSON in tests. */
public final class Events {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQ = new AtomicLong();

    private Events() {}

    /** A callId no other test uses. */
    public static String callId(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + SEQ.incrementAndGet();
    }

    /** A fresh, valid Chinese mobile number no other test uses (+86 139 range). */
    public static String freshMobile() {
        long n = Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L);
        return String.format("+86139%08d", n);
    }

    public static ObjectNode call(String callId, String calling, String called, long setupTime) {
        ObjectNode n = JSON.createObjectNode();
        n.put("callId", callId);
        if (calling != null) {
            n.put("callingNumber", calling);
        }
        n.put("calledNumber", called);
        n.put("setupTime", setupTime);
        return n;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.callguard.lines;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads protected-line records with a streaming parser, for catch-up speed: a replica reads millions of them before it
 * is ready. The fast path takes the shape callguard itself writes (the known fields, strings and booleans where they
 * belong); anything else, such as an unknown field or a number where a boolean was expected, is read again by the
 * object mapper, so both paths accept and refuse exactly the same records. Time zones and the last timestamp repeat
 * across records and are shared. Not thread safe: one per state reader.
 */
final class ProtectedLineDecoder {

    private final ObjectMapper mapper;
    private final Map<String, ZoneId> zones = new HashMap<>();
    private String lastUpdatedText;
    private Instant lastUpdated;
    private long slowReads;

    ProtectedLineDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @throws IOException for malformed JSON
     * @throws IllegalArgumentException for a record that is not a valid line
     */
    ProtectedLine decode(byte[] json) throws IOException {
        try (JsonParser p = mapper.getFactory().createParser(json)) {
            return fast(p);
        } catch (RuntimeException | IOException e) {
            // Another shape, or not a valid line: the mapper reads it again and says what is wrong.
        }
        slowReads++;
        return mapper.readValue(json, ProtectedLine.class);
    }

    /** Records the fast path handed to the object mapper. */
    long slowReads() {
        return slowReads;
    }

    /** Thrown wherever the record leaves the shape the fast path knows. */
    private static final class OtherShape extends RuntimeException {
        OtherShape() {
            super(null, null, false, false);
        }
    }

    private ProtectedLine fast(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        String line = null;
        List<String> family = null;
        List<String> trusted = null;
        LinePolicy policy = null;
        String updatedBy = null;
        Instant updatedAt = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "line" -> line = text(p, t, false);
                case "familyNumbers" -> family = strings(p, t);
                case "trustedNumbers" -> trusted = strings(p, t);
                case "policy" -> policy = t == JsonToken.VALUE_NULL ? null : policy(p, t);
                case "updatedBy" -> updatedBy = text(p, t, true);
                case "updatedAt" -> {
                    String text = text(p, t, true);
                    updatedAt = text == null ? null : instant(text);
                }
                default -> throw new OtherShape();
            }
        }
        expect(p.nextToken(), null);
        return new ProtectedLine(line, family, trusted, policy, updatedBy, updatedAt);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new OtherShape();
        }
    }

    /** A string value; {@code null} only where {@code nullable}. */
    private static String text(JsonParser p, JsonToken t, boolean nullable) throws IOException {
        if (nullable && t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.VALUE_STRING);
        return p.getText();
    }

    /** An array of strings, or {@code null} for a null. */
    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_ARRAY);
        List<String> values = new ArrayList<>(4);
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            values.add(text(p, v, false));
        }
        return values;
    }

    private LinePolicy policy(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT);
        Boolean blockHidden = null;
        Boolean blockInternational = null;
        Boolean blockHighRiskRanges = null;
        Boolean blockUnverified = null;
        QuietHours quietHours = null;
        ZoneId timeZone = null;
        Boolean notifyFamily = null;
        Boolean notifyOnWarn = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "blockHidden" -> blockHidden = bool(v);
                case "blockInternational" -> blockInternational = bool(v);
                case "blockHighRiskRanges" -> blockHighRiskRanges = bool(v);
                case "blockUnverified" -> blockUnverified = bool(v);
                case "notifyFamily" -> notifyFamily = bool(v);
                case "notifyOnWarn" -> notifyOnWarn = bool(v);
                case "timeZone" -> {
                    String zone = text(p, v, true);
                    timeZone = zone == null ? null : zones.computeIfAbsent(zone, ZoneId::of);
                }
                case "quietHours" -> quietHours = v == JsonToken.VALUE_NULL ? null : quietHours(p, v);
                default -> throw new OtherShape();
            }
        }
        return new LinePolicy(
                blockHidden,
                blockInternational,
                blockHighRiskRanges,
                blockUnverified,
                quietHours,
                timeZone,
                notifyFamily,
                notifyOnWarn);
    }

    private static QuietHours quietHours(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT);
        LocalTime from = null;
        LocalTime to = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            LocalTime time = LocalTime.parse(text(p, p.nextToken(), false));
            switch (name) {
                case "from" -> from = time;
                case "to" -> to = time;
                default -> throw new OtherShape();
            }
        }
        return new QuietHours(from, to);
    }

    /** A boolean value, or {@code null} for a null; strings and numbers are the mapper's to coerce or refuse. */
    private static Boolean bool(JsonToken t) {
        return switch (t) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new OtherShape();
        };
    }

    private Instant instant(String text) {
        if (!text.equals(lastUpdatedText)) {
            lastUpdated = Instant.parse(text);
            lastUpdatedText = text;
        }
        return lastUpdated;
    }
}

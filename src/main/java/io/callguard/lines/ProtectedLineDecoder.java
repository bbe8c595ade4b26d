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
        ProtectedLine fast;
        try (JsonParser p = mapper.getFactory().createParser(json)) {
            fast = fast(p);
        } catch (RuntimeException | IOException e) {
            fast = null; // the mapper reads it again and says what is wrong
        }
        if (fast != null) {
            return fast;
        }
        slowReads++;
        return mapper.readValue(json, ProtectedLine.class);
    }

    /** Records the fast path handed to the object mapper. */
    long slowReads() {
        return slowReads;
    }

    /** The line, or {@code null} if the record is not in the shape the fast path knows. */
    private ProtectedLine fast(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
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
                case "line" -> line = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "familyNumbers" -> family = strings(p, t);
                case "trustedNumbers" -> trusted = strings(p, t);
                case "policy" -> {
                    if (t == JsonToken.START_OBJECT) {
                        policy = policy(p);
                        if (policy == null) {
                            return null;
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "updatedBy" -> {
                    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    updatedBy = t == JsonToken.VALUE_NULL ? null : p.getText();
                }
                case "updatedAt" -> {
                    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    updatedAt = t == JsonToken.VALUE_NULL ? null : instant(p.getText());
                }
                default -> {
                    return null;
                }
            }
            if ((name.equals("line") && line == null)
                    || (name.equals("familyNumbers") && family == null && t != JsonToken.VALUE_NULL)
                    || (name.equals("trustedNumbers") && trusted == null && t != JsonToken.VALUE_NULL)) {
                return null;
            }
        }
        if (p.nextToken() != null) {
            return null;
        }
        return new ProtectedLine(line, family, trusted, policy, updatedBy, updatedAt);
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> values = new ArrayList<>(4);
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            if (v != JsonToken.VALUE_STRING) {
                return null;
            }
            values.add(p.getText());
        }
        return values;
    }

    private LinePolicy policy(JsonParser p) throws IOException {
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
            JsonToken t = p.nextToken();
            switch (name) {
                case "blockHidden" -> blockHidden = bool(t);
                case "blockInternational" -> blockInternational = bool(t);
                case "blockHighRiskRanges" -> blockHighRiskRanges = bool(t);
                case "blockUnverified" -> blockUnverified = bool(t);
                case "notifyFamily" -> notifyFamily = bool(t);
                case "notifyOnWarn" -> notifyOnWarn = bool(t);
                case "timeZone" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        timeZone = zones.computeIfAbsent(p.getText(), ZoneId::of);
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "quietHours" -> {
                    if (t == JsonToken.START_OBJECT) {
                        quietHours = quietHours(p);
                        if (quietHours == null) {
                            return null;
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            if (t != JsonToken.VALUE_NULL
                    && t != JsonToken.VALUE_TRUE
                    && t != JsonToken.VALUE_FALSE
                    && !name.equals("timeZone")
                    && !name.equals("quietHours")) {
                return null;
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

    private static QuietHours quietHours(JsonParser p) throws IOException {
        LocalTime from = null;
        LocalTime to = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            switch (name) {
                case "from" -> from = LocalTime.parse(p.getText());
                case "to" -> to = LocalTime.parse(p.getText());
                default -> {
                    return null;
                }
            }
        }
        return new QuietHours(from, to);
    }

    private static Boolean bool(JsonToken t) {
        return t == JsonToken.VALUE_TRUE ? Boolean.TRUE : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }

    private Instant instant(String text) {
        if (!text.equals(lastUpdatedText)) {
            lastUpdated = Instant.parse(text);
            lastUpdatedText = text;
        }
        return lastUpdated;
    }
}

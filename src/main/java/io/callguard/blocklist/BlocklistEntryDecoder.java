package io.callguard.blocklist;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads fraud-blocklist records with a streaming parser, for catch-up speed: a replica reads the whole topic (10M
 * records) before it is ready. Detail strings (reason, source, creator) and timestamps repeat across a feed, so they
 * are shared instead of allocated per record. Unknown fields are ignored, as other producers may add some. Not thread
 * safe: one per state reader.
 */
final class BlocklistEntryDecoder {

    private static final int MAX_POOLED = 50_000;

    private final JsonFactory factory = new JsonFactory();
    private final Map<String, String> pool = new HashMap<>();
    private String lastCreatedText;
    private Instant lastCreated;
    private String lastUpdatedText;
    private Instant lastUpdated;

    /**
     * @throws IllegalArgumentException for anything that is not a valid entry
     */
    BlocklistEntry decode(byte[] json) {
        EntryKind kind = null;
        String value = null;
        EntryAction action = null;
        FraudCategory category = null;
        String reason = null;
        String source = null;
        String createdBy = null;
        Instant createdAt = null;
        Instant updatedAt = null;
        Instant expiresAt = null;
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                switch (name) {
                    case "kind" -> kind = EntryKind.valueOf(p.getText());
                    case "value" -> value = p.getText();
                    case "action" -> action = EntryAction.valueOf(p.getText());
                    case "category" -> category = FraudCategory.valueOf(p.getText());
                    case "reason" -> reason = pooled(p.getText());
                    case "source" -> source = pooled(p.getText());
                    case "createdBy" -> createdBy = pooled(p.getText());
                    case "createdAt" -> createdAt = created(p.getText());
                    case "updatedAt" -> updatedAt = updated(p.getText());
                    case "expiresAt" -> expiresAt = Instant.parse(p.getText());
                    default -> {
                        // ignored: other producers may add fields
                    }
                }
            }
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new BlocklistEntry(
                kind, value, action, category, reason, source, createdBy, createdAt, updatedAt, expiresAt);
    }

    private String pooled(String s) {
        String shared = pool.get(s);
        if (shared != null) {
            return shared;
        }
        if (pool.size() >= MAX_POOLED) {
            pool.clear();
        }
        pool.put(s, s);
        return s;
    }

    private Instant created(String text) {
        if (!text.equals(lastCreatedText)) {
            lastCreated = Instant.parse(text);
            lastCreatedText = text;
        }
        return lastCreated;
    }

    private Instant updated(String text) {
        if (!text.equals(lastUpdatedText)) {
            lastUpdated = Instant.parse(text);
            lastUpdatedText = text;
        }
        return lastUpdated;
    }
}

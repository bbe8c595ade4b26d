package io.callguard.reports;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.FraudCategory;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.rest.Text;

/**
 * The one reader of fraud reports, for the REST intake, the topic and the read model alike: unknown fields, bad
 * numbers, a reporter reporting themselves or a time out of range make a report invalid.
 */
public final class FraudReportReader {

    static final int MAX_ID_LENGTH = 128;
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    private static final Set<String> FIELDS =
            Set.of("reportId", "reportedNumber", "reporterNumber", "channel", "category", "callId", "reportedAt");

    private final ObjectMapper mapper;
    private final NumberNormalizer numbers;
    private final Clock clock;
    private final Duration horizon;

    public FraudReportReader(ObjectMapper mapper, NumberNormalizer numbers, Clock clock, Duration horizon) {
        this.mapper = mapper;
        this.numbers = numbers;
        this.clock = clock;
        this.horizon = horizon;
    }

    /** A record of the topic: its key must be the reported number, and reportId and reportedAt are required. */
    public FraudReport fromRecord(String key, byte[] value) {
        if (value == null) {
            throw new InvalidReportException("value", "a report record needs a value");
        }
        JsonNode json;
        try {
            json = mapper.readTree(value);
        } catch (IOException e) {
            throw new InvalidReportException(
                    "value", "not JSON: " + Text.abbreviate(Text.firstLine(e.getMessage()), 120));
        }
        FraudReport report = read(json, false);
        if (key == null || !report.reportedNumber().equals(numbers.canonicalOrNull(key))) {
            throw new InvalidReportException("key", "the record key must be the reported number");
        }
        return report;
    }

    /** A body of {@code POST /api/v1/reports}: a missing reportId is generated, a missing reportedAt is now. */
    public FraudReport fromRequest(JsonNode json) {
        return read(json, true);
    }

    private FraudReport read(JsonNode json, boolean fromRequest) {
        if (json == null || !json.isObject()) {
            throw new InvalidReportException("body", "a report is a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidReportException(
                        Text.abbreviate(name, 40), "unknown field '" + Text.abbreviate(name, 40) + "'");
            }
        }
        String reportId = text(json, "reportId");
        if (reportId == null && fromRequest) {
            reportId = UUID.randomUUID().toString();
        }
        requireId("reportId", reportId, true);
        String reported = number(json, "reportedNumber", false);
        String reporter = number(json, "reporterNumber", true);
        if (reported.equals(reporter)) {
            throw new InvalidReportException("reporterNumber", "a number cannot report itself");
        }
        ReportChannel channel = enumValue(json, "channel", ReportChannel.class);
        if (channel == null) {
            throw new InvalidReportException("channel", "channel is required: IVR, SMS, APP or SUPPORT");
        }
        FraudCategory category = enumValue(json, "category", FraudCategory.class);
        String callId = text(json, "callId");
        requireId("callId", callId, false);
        Instant now = clock.instant();
        Instant at = instant(json);
        if (at == null) {
            if (!fromRequest) {
                throw new InvalidReportException("reportedAt", "reportedAt is required");
            }
            at = now;
        }
        if (at.isAfter(now.plus(FUTURE_SKEW))) {
            throw new InvalidReportException("reportedAt", "reportedAt is in the future");
        }
        if (at.isBefore(now.minus(horizon))) {
            throw new InvalidReportException(
                    "reportedAt", "reportedAt is older than " + horizon.toDays() + " days", true);
        }
        return new FraudReport(
                reportId, reported, reporter, channel, category == null ? FraudCategory.OTHER : category, callId, at);
    }

    private String number(JsonNode json, String field, boolean subscriber) {
        String raw = text(json, field);
        if (raw == null) {
            throw new InvalidReportException(field, field + " is required");
        }
        String canonical = numbers.canonicalOrNull(raw);
        boolean valid = canonical != null
                && BlocklistEntry.NUMBER.matcher(canonical).matches()
                && (!subscriber || canonical.startsWith("+"));
        if (!valid) {
            throw new InvalidReportException(
                    field,
                    "'" + Text.abbreviate(raw, 40) + "' is not a valid " + (subscriber ? "subscriber " : "")
                            + "number");
        }
        return canonical;
    }

    private static void requireId(String field, String id, boolean required) {
        if (id == null) {
            if (required) {
                throw new InvalidReportException(field, field + " is required");
            }
            return;
        }
        if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidReportException(field, field + " must be 1-" + MAX_ID_LENGTH + " printable characters");
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode json, String field, Class<E> type) {
        String v = text(json, field);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new InvalidReportException(
                    field,
                    "'" + Text.abbreviate(v, 40) + "' is not one of " + java.util.List.of(type.getEnumConstants()));
        }
    }

    private static Instant instant(JsonNode json) {
        JsonNode v = json.get("reportedAt");
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        if (v.isTextual()) {
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        throw new InvalidReportException("reportedAt", "reportedAt must be an ISO-8601 instant or epoch milliseconds");
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidReportException(field, field + " must be a string");
        }
        return v.asText();
    }
}

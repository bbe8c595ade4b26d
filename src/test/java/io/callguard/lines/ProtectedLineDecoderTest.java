package io.callguard.lines;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming decoder of line records accepts and refuses exactly what the object mapper does (pure). */
class ProtectedLineDecoderTest {

    final ObjectMapper mapper = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    final ProtectedLineDecoder decoder = new ProtectedLineDecoder(mapper);

    @Test
    void sameLinesAndSameRefusalsAsTheMapper() throws Exception {
        List<String> records = new ArrayList<>(List.of(
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"trustedNumbers\":[],"
                        + "\"policy\":{\"quietHours\":{\"from\":\"22:00\",\"to\":\"07:30\"},\"timeZone\":\"Asia/Urumqi\","
                        + "\"blockHidden\":false,\"notifyOnWarn\":true},\"updatedBy\":\"a\",\"updatedAt\":\"2026-11-28T10:00:00.5Z\"}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"]}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"policy\":null,\"updatedAt\":null}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"extra\":{\"a\":[1,2]}}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"policy\":{\"blockHidden\":\"false\"}}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"policy\":{\"blockHidden\":0}}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"updatedAt\":\"2026-11-28T18:00:00+08:00\"}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"updatedAt\":1764316800000}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[]}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\",\"+8613800000001\"]}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613900000001\"]}",
                "{\"line\":\"8613900000001\",\"familyNumbers\":[\"+8613800000001\"]}",
                "{\"line\":13900000001,\"familyNumbers\":[\"+8613800000001\"]}",
                "{\"familyNumbers\":[\"+8613800000001\"]}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":\"+8613800000001\"}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"policy\":{\"timeZone\":\"Mars/Olympus\"}}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"policy\":{\"quietHours\":{\"from\":\"25:00\",\"to\":\"07:00\"}}}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"],\"policy\":{\"quietHours\":{\"from\":\"07:00\",\"to\":\"07:00\"}}}",
                "{\"line\":\"+8613900000001\",\"familyNumbers\":[\"+8613800000001\"]} trailing",
                "[1,2]",
                "{\"line\":\"+8613900000001\","));
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            List<String> family = new ArrayList<>();
            for (int f = 0; f < 1 + random.nextInt(3); f++) {
                family.add(String.format("+86138%08d", random.nextInt(50)));
            }
            LinePolicy policy = random.nextBoolean()
                    ? LinePolicy.DEFAULTS
                    : new LinePolicy(
                            random.nextBoolean(),
                            random.nextBoolean(),
                            null,
                            random.nextBoolean(),
                            random.nextBoolean()
                                    ? new QuietHours(
                                            java.time.LocalTime.of(random.nextInt(24), 15),
                                            java.time.LocalTime.of(random.nextInt(24), 45))
                                    : null,
                            random.nextBoolean() ? java.time.ZoneId.of("Asia/Shanghai") : null,
                            null,
                            random.nextBoolean());
            try {
                records.add(mapper.writeValueAsString(new ProtectedLine(
                        String.format("+86139%08d", i),
                        family,
                        List.of(),
                        policy,
                        "admin",
                        java.time.Instant.ofEpochSecond(1_764_000_000L + i, random.nextInt(1_000_000_000)))));
            } catch (IllegalArgumentException duplicateFamilyNumber) {
                // the random family repeated a number: not a line, nothing to write
            }
        }
        int handWritten = 21;
        ProtectedLineDecoder fresh = new ProtectedLineDecoder(mapper);
        for (String json : records.subList(handWritten, records.size())) {
            fresh.decode(json.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(fresh.slowReads())
                .as("records as callguard writes them take the fast path")
                .isZero();
        int accepted = 0;
        for (String json : records) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Object expected = outcome(() -> mapper.readValue(bytes, ProtectedLine.class));
            Object actual = outcome(() -> decoder.decode(bytes));
            assertThat(actual).as(json).isEqualTo(expected);
            accepted += expected instanceof ProtectedLine ? 1 : 0;
        }
        assertThat(accepted).isGreaterThan(1_500);
    }

    interface Read {
        ProtectedLine read() throws Exception;
    }

    /** The line read, or "refused" when reading fails either way. */
    private static Object outcome(Read read) {
        try {
            return read.read();
        } catch (Exception e) {
            return "refused";
        }
    }
}

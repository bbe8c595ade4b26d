package io.callguard.screening;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.Management;
import io.callguard.testing.Screen;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Rule I end to end: the switch's events through the broker, the registry and the lists as operators keep them. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class CallerIdIntegrityTest {

    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** A fresh protected line with {@code family} bound; international calls blocked (the default). */
    static String seniorLine(String family) {
        String line = Events.freshMobile();
        as(Tokens.lineAdmin())
                .body(Map.of("familyNumbers", List.of(family)))
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(201);
        return line;
    }

    static JsonNode decide(String caller, String called, String origin, String attestation, long at) {
        ObjectNode event = Events.call(Events.callId("cid"), caller, called, at);
        if (origin != null) {
            event.put("origin", origin);
        }
        if (attestation != null) {
            event.put("attestation", attestation);
        }
        return Screen.decide(kafka, event);
    }

    static void assertDecision(JsonNode d, String decision, String reason) {
        assertThat(d.get("decision").asText()).as(d.toString()).isEqualTo(decision);
        assertThat(d.get("reasons").get(0).asText()).as(d.toString()).isEqualTo(reason);
    }

    static void roaming(String number, String country, Instant since, Instant expiresAt) {
        String value = "{\"number\":\"" + number + "\",\"visitedCountry\":\"" + country + "\",\"since\":\"" + since
                + "\",\"expiresAt\":" + (expiresAt == null ? "null" : "\"" + expiresAt + "\"") + "}";
        kafka.send("roaming-subscribers", number, value);
        awaitRoamingStatus(number, 200);
    }

    static void home(String number) {
        kafka.send("roaming-subscribers", number, null);
        awaitRoamingStatus(number, 404);
    }

    static void awaitRoamingStatus(String number, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (as(Tokens.viewer()).get("/api/v1/roaming/" + number).statusCode() != status) {
            assertThat(System.nanoTime()).as("roaming registry applied").isLessThan(deadline);
        }
    }

    @Test
    void officialShortCodes_fromAnInternationalTrunk_areSpoofed_andTheFamilyIsTold() {
        String family = Events.freshMobile();
        String line = seniorLine(family);
        long now = System.currentTimeMillis();
        for (String official : List.of("110", "96110")) {
            JsonNode toSenior = decide(official, line, "INTERNATIONAL", null, now);
            assertDecision(toSenior, "BLOCK", "SPOOFED_NUMBER");
            assertThat(toSenior.get("presentedNumber").asText()).isEqualTo(official);
            assertDecision(
                    decide(official, Events.freshMobile(), "INTERNATIONAL", null, now), "BLOCK", "SPOOFED_NUMBER");
        }
        List<KafkaTestClient.Received> notified = kafka.collect(
                "family-notifications",
                r -> r.key().equals(line) && r.value().contains("SPOOFED_NUMBER"),
                1,
                Duration.ofSeconds(20),
                Duration.ZERO);
        assertThat(notified).isNotEmpty();

        for (String attestation : new String[] {null, "A", "B"}) {
            JsonNode domestic = decide("110", line, "DOMESTIC", attestation, now);
            assertDecision(domestic, "ALLOW", "ALLOWLISTED");
            assertThat(domestic.has("presentedNumber")).isFalse();
            assertThat(domestic.has("matchedEntry"))
                    .as("the configured allowlist is no entry")
                    .isFalse();
        }
        assertDecision(decide("96110", line, "DOMESTIC", "C", now), "BLOCK", "SPOOFED_NUMBER");
        assertDecision(decide("96110", Events.freshMobile(), "DOMESTIC", "C", now), "WARN", "SPOOFED_NUMBER");
    }

    @Test
    void domesticMobileFromAbroad_passesOnlyWhileItsOwnerRoams() {
        String mobile = Events.freshMobile();
        String ordinary = Events.freshMobile();
        String line = seniorLine(Events.freshMobile());
        long now = System.currentTimeMillis();

        assertDecision(decide(mobile, ordinary, "INTERNATIONAL", null, now), "BLOCK", "SPOOFED_NUMBER");

        roaming(mobile, "JP", Instant.ofEpochMilli(now - 3_600_000), Instant.ofEpochMilli(now + 60_000));
        JsonNode roamingCall = decide(mobile, ordinary, "INTERNATIONAL", null, now);
        assertDecision(roamingCall, "ALLOW", "NO_MATCH");
        assertThat(roamingCall.has("presentedNumber")).isFalse();
        assertDecision(decide(mobile, line, "INTERNATIONAL", null, now), "BLOCK", "INTERNATIONAL");
        assertDecision(decide(mobile, ordinary, "INTERNATIONAL", null, now + 61_000), "BLOCK", "SPOOFED_NUMBER");

        home(mobile);
        assertDecision(decide(mobile, ordinary, "INTERNATIONAL", null, now), "BLOCK", "SPOOFED_NUMBER");

        String fixedLine = "+862787650" + String.format("%03d", (int) (Math.random() * 1000));
        roaming(fixedLine, "JP", Instant.ofEpochMilli(now - 3_600_000), null);
        assertDecision(decide(fixedLine, ordinary, "INTERNATIONAL", null, now), "BLOCK", "SPOOFED_NUMBER");
    }

    @Test
    void familyMemberAbroad_getsThrough_butTheSameNumberForgedWhileTheyAreHome_isBlocked() {
        String son = Events.freshMobile();
        String line = seniorLine(son);
        long now = System.currentTimeMillis();

        JsonNode forged = decide(son, line, "INTERNATIONAL", null, now);
        assertDecision(forged, "BLOCK", "SPOOFED_NUMBER");
        List<KafkaTestClient.Received> notified = kafka.collect(
                "family-notifications",
                r -> r.value().contains("\"" + forged.get("callId").asText() + "\""),
                1,
                Duration.ofSeconds(20),
                Duration.ZERO);
        assertThat(notified).hasSize(1);
        assertThat(notified.get(0).value()).contains("\"reason\":\"SPOOFED_NUMBER\"");

        roaming(son, "DE", Instant.ofEpochMilli(now - 86_400_000), null);
        assertDecision(decide(son, line, "INTERNATIONAL", null, now), "ALLOW", "TRUSTED_CONTACT");
        home(son);
    }

    @Test
    void doNotOriginate_numberPrefixAndShortCode_blockEveryCallPresentingThem() {
        String inboundOnly = Events.freshMobile();
        String shortCode = "122"; // on the global allowlist, and yet never a caller
        String prefix = "+86400822";
        Map<String, Object> body =
                Map.of("category", "IMPERSONATION", "reason", "inbound-only service line", "source", "FRAUD_TEAM");
        try {
            as(Tokens.analyst())
                    .body(body)
                    .put("/api/v1/dno/numbers/" + inboundOnly)
                    .then()
                    .statusCode(201);
            as(Tokens.analyst())
                    .body(body)
                    .put("/api/v1/dno/numbers/" + shortCode)
                    .then()
                    .statusCode(201);
            String approval = as(Tokens.token("analyst-erin", "fraud-analyst"))
                    .body(body)
                    .put("/api/v1/dno/prefixes/" + prefix)
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("approvalId");
            as(Tokens.token("analyst-frank", "fraud-analyst"))
                    .post("/api/v1/approvals/" + approval + "/approve")
                    .then()
                    .statusCode(200)
                    .body("action", equalTo("DNO"));

            long now = System.currentTimeMillis();
            JsonNode number = decide(inboundOnly, Events.freshMobile(), null, null, now);
            assertDecision(number, "BLOCK", "DO_NOT_ORIGINATE");
            assertThat(number.get("matchedEntry").get("key").asText()).isEqualTo(inboundOnly);
            assertThat(number.get("matchedEntry").get("source").asText()).isEqualTo("FRAUD_TEAM");
            assertThat(number.get("presentedNumber").asText()).isEqualTo(inboundOnly);
            JsonNode code = decide(shortCode, seniorLine(Events.freshMobile()), null, null, now);
            assertDecision(code, "BLOCK", "DO_NOT_ORIGINATE");
            assertThat(code.get("matchedEntry").get("key").asText()).isEqualTo(shortCode);
            JsonNode range = decide(prefix + "1234", Events.freshMobile(), null, null, now);
            assertDecision(range, "BLOCK", "DO_NOT_ORIGINATE");
            assertThat(range.get("matchedEntry").get("key").asText()).isEqualTo("prefix:" + prefix);

            as(Tokens.viewer())
                    .get("/api/v1/blocklist/numbers/" + inboundOnly + "/history")
                    .then()
                    .statusCode(200)
                    .body("items[0].actor", equalTo("analyst-7"))
                    .body("items[0].why", equalTo("inbound-only service line"))
                    .body("items[0].after.action", equalTo("DNO"));
            as(Tokens.viewer())
                    .get("/api/v1/dno/numbers/" + shortCode)
                    .then()
                    .statusCode(200)
                    .body("action", equalTo("DNO"));
        } finally {
            as(Tokens.analyst()).delete("/api/v1/dno/numbers/" + shortCode);
        }
        assertDecision(
                decide(shortCode, Events.freshMobile(), null, null, System.currentTimeMillis()),
                "ALLOW",
                "ALLOWLISTED");
    }

    @Test
    void badRoamingRecords_areSkippedAndCounted_andReadinessStaysUp() {
        String counter = "callguard_state_invalid_records{topic=\"roaming-subscribers\"}";
        double before = value(Management.metrics(), counter);
        String good = Events.freshMobile();
        kafka.send("roaming-subscribers", "+8613900000001", "not json");
        kafka.send(
                "roaming-subscribers",
                "13900000001",
                "{\"number\":\"13900000001\",\"visitedCountry\":\"JP\"," + "\"since\":\"2026-11-01T00:00:00Z\"}");
        kafka.send(
                "roaming-subscribers",
                "+8613900000002",
                "{\"number\":\"+8613900000002\",\"visitedCountry\":\"XX\"," + "\"since\":\"2026-11-01T00:00:00Z\"}");
        kafka.send(
                "roaming-subscribers",
                "+8613900000003",
                "{\"number\":\"+8613900000003\",\"visitedCountry\":\"JP\"," + "\"since\":\"yesterday\"}");
        roaming(good, "KR", Instant.now().minusSeconds(60), null);

        assertThat(value(Management.metrics(), counter) - before).isEqualTo(4.0);
        Management.management().get("/q/health/ready").then().statusCode(200);
        as(Tokens.viewer())
                .get("/api/v1/roaming/" + good)
                .then()
                .statusCode(200)
                .body("visitedCountry", equalTo("KR"));
        as(Tokens.viewer()).get("/api/v1/roaming/+8613900000002").then().statusCode(404);
        as(Tokens.viewer()).get("/api/v1/roaming/110").then().statusCode(400);
        given().get("/api/v1/roaming/" + good).then().statusCode(401);
    }

    @Test
    void plainDecisions_carryNeitherPresentedNumberNorMatchedEntry() {
        JsonNode plain = decide(Events.freshMobile(), Events.freshMobile(), null, null, System.currentTimeMillis());
        assertDecision(plain, "ALLOW", "NO_MATCH");
        assertThat(plain.has("presentedNumber")).isFalse();
        assertThat(plain.has("matchedEntry")).isFalse();
        JsonNode hidden = decide("anonymous", Events.freshMobile(), null, null, System.currentTimeMillis());
        assertThat(hidden.has("presentedNumber")).isFalse();
        JsonNode garbage = decide("12-ab", Events.freshMobile(), null, null, System.currentTimeMillis());
        assertThat(garbage.get("presentedNumber").asText()).isEqualTo("12-ab");
    }

    static double value(String metrics, String sample) {
        return metrics.lines()
                .filter(l -> l.startsWith(sample + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0.0);
    }
}

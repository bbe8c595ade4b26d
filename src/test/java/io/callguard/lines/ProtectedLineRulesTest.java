package io.callguard.lines;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.KafkaTestClient.Received;
import io.callguard.testing.Screen;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.callguard.testing.Events.call;
import static io.callguard.testing.Events.callId;
import static io.callguard.testing.Events.freshMobile;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Rule 3 end to end: a line registered over REST, calls through the broker, decisions and notifications out. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ProtectedLineRulesTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** 10:00 line-local time today (outside quiet hours), in epoch ms. */
    static long daytime() {
        return ZonedDateTime.now(SHANGHAI)
                .withHour(10)
                .withMinute(0)
                .toInstant()
                .toEpochMilli();
    }

    static long night() {
        return ZonedDateTime.now(SHANGHAI)
                .withHour(23)
                .withMinute(30)
                .toInstant()
                .toEpochMilli();
    }

    record Line(String number, String family, String trusted) {}

    static Line register(Map<String, Object> policy) {
        Line l = new Line(freshMobile(), freshMobile(), freshMobile());
        given().auth()
                .oauth2(Tokens.lineAdmin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "familyNumbers", List.of(l.family()), "trustedNumbers", List.of(l.trusted()), "policy", policy))
                .put("/api/v1/protected-lines/" + l.number())
                .then()
                .statusCode(201);
        return l;
    }

    static Line register() {
        return register(Map.of("quietHours", Map.of("from", "22:00", "to", "07:00"), "blockUnverified", true));
    }

    static void block(String number) {
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType(ContentType.JSON)
                .body(Map.of("category", "IMPERSONATION", "reason", "rules test", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + number)
                .then()
                .statusCode(201);
    }

    static void assertDecision(JsonNode d, String decision, String reason) {
        assertThat(d.get("decision").asText()).as(d.toString()).isEqualTo(decision);
        assertThat(d.get("reasons").get(0).asText()).as(d.toString()).isEqualTo(reason);
    }

    @Test
    void trustedContact_familyAndTrustedNumbersAreAllowed() {
        Line l = register();
        JsonNode family = Screen.decide(kafka, l.family(), l.number(), daytime());
        assertDecision(family, "ALLOW", "TRUSTED_CONTACT");
        assertThat(family.get("protectedLine").asBoolean()).isTrue();
        assertDecision(Screen.decide(kafka, l.trusted(), l.number(), daytime()), "ALLOW", "TRUSTED_CONTACT");
    }

    @Test
    void familyNumber_isNeverBlocked_evenIfBlocklistedAndAtNight() {
        Line l = register();
        block(l.family());
        assertDecision(Screen.decide(kafka, l.family(), l.number(), night()), "ALLOW", "TRUSTED_CONTACT");
        // The same number calling an ordinary line is blocked: the exemption belongs to the line.
        assertDecision(Screen.decide(kafka, l.family(), freshMobile(), daytime()), "BLOCK", "BLOCKLISTED");
    }

    @Test
    void blocklisted_isBlocked_andTheFamilyIsNotified() {
        Line l = register();
        String fraudster = freshMobile();
        block(fraudster);
        JsonNode d = Screen.decide(kafka, fraudster, l.number(), daytime());
        assertDecision(d, "BLOCK", "BLOCKLISTED");

        List<Received> sent = notifications(l.number(), 1);
        assertThat(sent).hasSize(1);
        JsonNode n = Events.parse(sent.get(0).value());
        assertThat(n.get("recipients").get(0).asText()).isEqualTo(l.family());
        assertThat(n.get("callingNumber").asText()).isEqualTo(fraudster);
        assertThat(n.get("reason").asText()).isEqualTo("BLOCKLISTED");
        assertThat(n.get("callId").asText()).isEqualTo(d.get("callId").asText());
        assertThat(n.get("suppressedRepeats").asInt()).isZero();
    }

    @Test
    void hiddenCaller_isBlocked() {
        Line l = register();
        assertDecision(Screen.decide(kafka, null, l.number(), daytime()), "BLOCK", "HIDDEN_CALLER");
        ObjectNode restricted = call(callId("h"), freshMobile(), l.number(), daytime());
        restricted.put("presentation", "RESTRICTED");
        assertDecision(Screen.decide(kafka, restricted), "BLOCK", "HIDDEN_CALLER");
        assertDecision(Screen.decide(kafka, "anonymous", l.number(), daytime()), "BLOCK", "HIDDEN_CALLER");
    }

    @Test
    void international_byTrunkOrCountryCode_isBlocked() {
        Line l = register();
        // A foreign number on an international trunk (a home number there would be rule I.b's SPOOFED_NUMBER).
        ObjectNode trunk = call(callId("i"), "+14155552671", l.number(), daytime());
        trunk.put("origin", "INTERNATIONAL");
        assertDecision(Screen.decide(kafka, trunk), "BLOCK", "INTERNATIONAL");
        assertDecision(Screen.decide(kafka, "+14155552671", l.number(), daytime()), "BLOCK", "INTERNATIONAL");
    }

    @Test
    void highRiskRange_isBlocked() {
        Line l = register();
        assertDecision(Screen.decide(kafka, "+8617055551234", l.number(), daytime()), "BLOCK", "HIGH_RISK_RANGE");
    }

    @Test
    void velocity_warnsAtFiveAndBlocksAtTenDistinctCallees() {
        Line warned = register();
        Line blocked = register();
        String dialler = freshMobile();
        long t = daytime();
        for (int i = 1; i <= 4; i++) {
            Screen.decide(kafka, dialler, freshMobile(), t + i);
        }
        assertDecision(Screen.decide(kafka, dialler, warned.number(), t + 5), "WARN", "HIGH_VELOCITY");
        for (int i = 6; i <= 9; i++) {
            assertDecision(Screen.decide(kafka, dialler, freshMobile(), t + i), "WARN", "HIGH_VELOCITY");
        }
        assertDecision(Screen.decide(kafka, dialler, blocked.number(), t + 10), "BLOCK", "HIGH_VELOCITY");
    }

    @Test
    void unverifiedCaller_isBlockedWhenThePolicySaysSo() {
        Line l = register();
        ObjectNode c = call(callId("u"), freshMobile(), l.number(), daytime());
        c.put("attestation", "C");
        assertDecision(Screen.decide(kafka, c), "BLOCK", "UNVERIFIED_CALLER");
    }

    @Test
    void quietHours_blockAtNight_withoutNotification() {
        Line l = register();
        String caller = freshMobile();
        assertDecision(Screen.decide(kafka, caller, l.number(), night()), "BLOCK", "QUIET_HOURS");
        assertDecision(Screen.decide(kafka, caller, l.number(), daytime()), "ALLOW", "NO_MATCH");
        assertThat(kafka.collect(
                        "family-notifications",
                        r -> l.number().equals(r.key()),
                        1,
                        Duration.ofSeconds(2),
                        Duration.ZERO))
                .isEmpty();
    }

    @Test
    void ordinaryCall_isAllowed() {
        Line l = register();
        assertDecision(Screen.decide(kafka, freshMobile(), l.number(), daytime()), "ALLOW", "NO_MATCH");
    }

    @Test
    void redials_oneNotificationPerWindow_andTheNextCarriesTheSuppressedCount() {
        Line l = register();
        String fraudster = freshMobile();
        block(fraudster);
        long t0 = daytime();
        for (int i = 0; i < 20; i++) {
            assertDecision(Screen.decide(kafka, fraudster, l.number(), t0 + i * 10_000L), "BLOCK", "BLOCKLISTED");
        }
        assertThat(notifications(l.number(), 1)).hasSize(1);

        // The window runs on setup times: a call 11 minutes after the first is past it.
        Screen.decide(kafka, fraudster, l.number(), t0 + Duration.ofMinutes(11).toMillis());
        List<Received> sent = notifications(l.number(), 2);
        assertThat(sent).hasSize(2);
        assertThat(Events.parse(sent.get(1).value()).get("suppressedRepeats").asInt())
                .isEqualTo(19);
    }

    @Test
    void deletedLine_fallsBackToOrdinaryRules() {
        Line l = register();
        assertDecision(Screen.decide(kafka, null, l.number(), daytime()), "BLOCK", "HIDDEN_CALLER");
        given().auth()
                .oauth2(Tokens.lineAdmin())
                .delete("/api/v1/protected-lines/" + l.number())
                .then()
                .statusCode(204);
        JsonNode d = Screen.decide(kafka, null, l.number(), daytime());
        assertDecision(d, "ALLOW", "NO_MATCH");
        assertThat(d.get("protectedLine").asBoolean()).isFalse();
    }

    @Test
    void patchAddingATrustedNumber_takesEffectOnTheVeryNextCall() {
        Line l = register();
        String doctor = "+14155550123";
        assertDecision(Screen.decide(kafka, doctor, l.number(), daytime()), "BLOCK", "INTERNATIONAL");
        given().auth()
                .oauth2(Tokens.lineAdmin())
                .contentType(ContentType.JSON)
                .body(Map.of("trustedNumbers", List.of(l.trusted(), doctor)))
                .patch("/api/v1/protected-lines/" + l.number())
                .then()
                .statusCode(200);
        assertDecision(Screen.decide(kafka, doctor, l.number(), daytime()), "ALLOW", "TRUSTED_CONTACT");
    }

    static List<Received> notifications(String line, int expected) {
        return kafka.collect(
                "family-notifications",
                r -> line.equals(r.key()),
                expected,
                Duration.ofSeconds(20),
                Duration.ofMillis(700));
    }
}

package io.callguard.explain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.callguard.testing.Events.freshMobile;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Customer support's question, answered exactly: the decision and every rule's verdict, with nothing emitted. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ExplainTest {

    @Test
    void explain_blockedCallToASeniorLine_tracesEveryRule_andEmitsNothing() {
        String line = freshMobile();
        String fraudster = freshMobile();
        given().auth()
                .oauth2(Tokens.lineAdmin())
                .contentType(ContentType.JSON)
                .body(Map.of("familyNumbers", List.of(freshMobile())))
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType(ContentType.JSON)
                .body(Map.of("category", "IMPERSONATION", "reason", "posed as police", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + fraudster)
                .then()
                .statusCode(201);

        Response r = given().auth()
                .oauth2(Tokens.viewer())
                .contentType(ContentType.JSON)
                .body(Map.of("callId", "support-1", "callingNumber", fraudster, "calledNumber", line.substring(3)))
                .post("/api/v1/screen");

        r.then()
                .statusCode(200)
                .body("decision", equalTo("BLOCK"))
                .body("reasons[0]", equalTo("BLOCKLISTED"))
                .body("protectedLine", equalTo(true))
                .body("calledNumber", equalTo(line))
                .body("matchedEntry.key", equalTo(fraudster))
                .body("matchedEntry.source", equalTo("FRAUD_TEAM"));
        List<String> rules = r.jsonPath().getList("trace.reason");
        assertThat(rules)
                .containsExactly(
                        "DO_NOT_ORIGINATE",
                        "SPOOFED_NUMBER",
                        "SPOOFED_NUMBER",
                        "ALLOWLISTED",
                        "TRUSTED_CONTACT",
                        "BLOCKLISTED",
                        "REPORTED",
                        "HIDDEN_CALLER",
                        "INTERNATIONAL",
                        "HIGH_RISK_RANGE",
                        "HIGH_VELOCITY",
                        "UNVERIFIED_CALLER",
                        "QUIET_HOURS",
                        "HIGH_VELOCITY");
        assertThat(r.jsonPath().getString("trace.find { it.deciding }.detail"))
                .contains("posed as police")
                .contains("analyst-7");

        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            assertThat(kafka.collect(
                            "call-decisions",
                            rec -> "support-1".equals(rec.key()),
                            1,
                            Duration.ofSeconds(2),
                            Duration.ZERO))
                    .isEmpty();
            assertThat(kafka.collect(
                            "family-notifications",
                            rec -> line.equals(rec.key()),
                            1,
                            Duration.ofSeconds(1),
                            Duration.ZERO))
                    .isEmpty();
        }
    }

    @Test
    void explain_doesNotTouchVelocityState() {
        String dialler = freshMobile();
        for (int i = 0; i < 12; i++) {
            given().auth()
                    .oauth2(Tokens.viewer())
                    .contentType(ContentType.JSON)
                    .body(Map.of("callingNumber", dialler, "calledNumber", freshMobile()))
                    .post("/api/v1/screen")
                    .then()
                    .statusCode(200)
                    .body("distinctCalleesInWindow", equalTo(1));
        }
    }

    @Test
    void explain_invalidEvent_is400NamingTheField() {
        given().auth()
                .oauth2(Tokens.viewer())
                .contentType(ContentType.JSON)
                .body(Map.of("callingNumber", "+8613800000000", "calledNumber", 12345))
                .post("/api/v1/screen")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("calledNumber"));
        given().auth()
                .oauth2(Tokens.viewer())
                .contentType(ContentType.JSON)
                .body(Map.of("callingNumber", "+8613800000000"))
                .post("/api/v1/screen")
                .then()
                .statusCode(400)
                .body("field", equalTo("calledNumber"));
    }
}

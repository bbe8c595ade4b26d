package io.callguard.blocklist;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.Screen;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Changes that open whole ranges need two people; ranges that are too broad are refused outright. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class TwoPersonRuleTest {

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

    static Map<String, Object> body(String reason) {
        return Map.of("category", "OTHER", "reason", reason, "source", "FRAUD_TEAM");
    }

    @Test
    void prefixShorterThanCountryCodePlusThreeDigits_isRefused() {
        for (String list : List.of("blocklist", "allowlist")) {
            for (String prefix : List.of("+86", "+861", "+8617")) {
                as(Tokens.analyst())
                        .body(body("far too broad"))
                        .put("/api/v1/" + list + "/prefixes/" + prefix)
                        .then()
                        .statusCode(400)
                        .body("field", equalTo("prefix"))
                        .body("detail", containsString("too broad"));
            }
        }
        // A US prefix: country code 1 and three digits is the shortest allowed.
        as(Tokens.analyst())
                .body(body("one area code"))
                .put("/api/v1/blocklist/prefixes/+1209")
                .then()
                .statusCode(201);
    }

    @Test
    void allowPrefix_takesEffectOnlyAfterASecondAnalystApproves() {
        String blocked = "+861551";
        String allowed = "+8615512";
        String caller = "+86155123" + String.format("%05d", (int) (Math.random() * 100_000));
        as(Tokens.analyst())
                .body(Map.of("category", "ROBOCALL", "reason", "robocall range", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/prefixes/" + blocked)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));

        String requester = Tokens.token("analyst-alice", "fraud-analyst");
        String approvalId = as(requester)
                .body(body("bank's official call centre range"))
                .put("/api/v1/allowlist/prefixes/" + allowed)
                .then()
                .statusCode(202)
                .header("Location", containsString("/api/v1/approvals/"))
                .body("key", equalTo("prefix:" + allowed))
                .body("requestedBy", equalTo("analyst-alice"))
                .extract()
                .path("approvalId");

        // Pending: nothing changed for the switch.
        JsonNode pending = Screen.decide(kafka, caller, Events.freshMobile(), System.currentTimeMillis());
        assertThat(pending.get("decision").asText()).isEqualTo("BLOCK");
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/allowlist/prefixes/" + allowed)
                .then()
                .statusCode(404);

        // The requester cannot approve their own change.
        as(requester)
                .post("/api/v1/approvals/" + approvalId + "/approve")
                .then()
                .statusCode(403)
                .body("detail", containsString("second fraud analyst"));

        as(Tokens.token("analyst-bob", "fraud-analyst"))
                .post("/api/v1/approvals/" + approvalId + "/approve")
                .then()
                .statusCode(200)
                .body("action", equalTo("ALLOW"))
                .body("value", equalTo(allowed));

        JsonNode after = Screen.decide(kafka, caller, Events.freshMobile(), System.currentTimeMillis());
        assertThat(after.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(after.get("reasons").get(0).asText()).isEqualTo("ALLOWLISTED");
        as(Tokens.viewer()).get("/api/v1/approvals/" + approvalId).then().statusCode(404);

        List<Map<String, Object>> history = given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/blocklist/prefixes/" + allowed + "/history")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
        assertThat(history).extracting(h -> h.get("change")).containsExactly("APPROVED", "REQUESTED");
        assertThat(history).extracting(h -> h.get("actor")).containsExactly("analyst-bob", "analyst-alice");
    }

    @Test
    void rejectedRequest_isGone_andAudited() {
        String prefix = "+8615533";
        String approvalId = as(Tokens.token("analyst-carol", "fraud-analyst"))
                .body(body("clinic switchboard"))
                .put("/api/v1/allowlist/prefixes/" + prefix)
                .then()
                .statusCode(202)
                .extract()
                .path("approvalId");
        as(Tokens.viewer())
                .get("/api/v1/approvals")
                .then()
                .statusCode(200)
                .body("approvalId", org.hamcrest.Matchers.hasItem(approvalId));

        as(Tokens.token("analyst-dave", "fraud-analyst"))
                .post("/api/v1/approvals/" + approvalId + "/reject?reason=not+a+clinic")
                .then()
                .statusCode(204);

        as(Tokens.viewer()).get("/api/v1/approvals/" + approvalId).then().statusCode(404);
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/blocklist/prefixes/" + prefix + "/history")
                .then()
                .statusCode(200)
                .body("items.change", org.hamcrest.Matchers.contains("REJECTED", "REQUESTED"));
    }

    @Test
    void approvals_byRole() {
        as(Tokens.lineAdmin()).get("/api/v1/approvals").then().statusCode(403);
        as(Tokens.viewer()).post("/api/v1/approvals/x/approve").then().statusCode(403);
        as(Tokens.analyst()).post("/api/v1/approvals/no-such-id/approve").then().statusCode(404);
    }
}

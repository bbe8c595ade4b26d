package io.callguard.family;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
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
import static org.hamcrest.Matchers.equalTo;

/** Family self-service: a family member reaches their parent's line, and never another family's. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class FamilyApiTest {

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

    /** A senior's line with two family members and a trusted doctor. */
    record Line(String number, String member, String sibling, String doctor) {}

    static Line register() {
        Line l = new Line(Events.freshMobile(), Events.freshMobile(), Events.freshMobile(), Events.freshMobile());
        given().auth()
                .oauth2(Tokens.lineAdmin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "familyNumbers", List.of(l.member(), l.sibling()),
                        "trustedNumbers", List.of(l.doctor())))
                .put("/api/v1/protected-lines/" + l.number())
                .then()
                .statusCode(201);
        return l;
    }

    static String family(String number) {
        return Tokens.token(number, "family");
    }

    static RequestSpecification as(String token) {
        RequestSpecification r = given().contentType(ContentType.JSON);
        return token == null ? r : r.auth().oauth2(token);
    }

    static long at(int hour) {
        return ZonedDateTime.now(SHANGHAI)
                .withHour(hour)
                .withMinute(30)
                .toInstant()
                .toEpochMilli();
    }

    static void assertDecision(JsonNode d, String decision, String reason) {
        assertThat(d.get("decision").asText()).as(d.toString()).isEqualTo(decision);
        assertThat(d.get("reasons").get(0).asText()).as(d.toString()).isEqualTo(reason);
    }

    record Endpoint(String method, String path, Object body) {}

    static List<Endpoint> endpoints(Line l) {
        return List.of(
                new Endpoint("GET", "/api/v1/family/lines", null),
                new Endpoint("GET", "/api/v1/family/lines/" + l.number(), null),
                new Endpoint("GET", "/api/v1/family/lines/" + l.number() + "/stopped-calls", null),
                new Endpoint("PATCH", "/api/v1/family/lines/" + l.number(), Map.of("notifyOnWarn", true)));
    }

    static Response call(String token, Endpoint e) {
        RequestSpecification r = as(token);
        if (e.body() != null) {
            r = r.body(e.body());
        }
        return e.method().equals("GET") ? r.get(e.path()) : r.patch(e.path());
    }

    @Test
    void authorisationMatrix_everyEndpoint_everyKindOfCaller() {
        Line line = register();
        Line other = register();
        // A sibling removed from the line at the shop loses access on the very next request.
        Line removedFrom = register();
        given().auth()
                .oauth2(Tokens.lineAdmin())
                .contentType(ContentType.JSON)
                .body(Map.of("familyNumbers", List.of(removedFrom.member())))
                .patch("/api/v1/protected-lines/" + removedFrom.number())
                .then()
                .statusCode(200);

        long now = System.currentTimeMillis() / 1000;
        Map<String, String> callers = new java.util.LinkedHashMap<>();
        callers.put("b: family of another line", family(other.member()));
        callers.put("c: removed from the line", family(removedFrom.sibling()));
        callers.put("d: viewer", Tokens.viewer());
        callers.put("e: no token", null);
        callers.put("f: expired", Tokens.issuedAt(now - 7200, now - 3600, line.member(), "family"));

        for (Endpoint e : endpoints(removedFrom)) {
            Response member = call(family(removedFrom.member()), e);
            assertThat(member.statusCode()).as("a: member, " + e).isEqualTo(200);
        }
        List<String> secrets = List.of(
                removedFrom.number(),
                removedFrom.member(),
                removedFrom.sibling(),
                removedFrom.doctor(),
                removedFrom.number().substring(3),
                removedFrom.member().substring(3));
        for (Map.Entry<String, String> c : callers.entrySet()) {
            for (Endpoint e : endpoints(removedFrom)) {
                Response r = call(c.getValue(), e);
                int expected = switch (c.getKey().charAt(0)) {
                    case 'b', 'c' -> e.path().endsWith("/family/lines") ? 200 : 404;
                    case 'd' -> 403;
                    default -> 401;
                };
                assertThat(r.statusCode()).as(c.getKey() + ", " + e).isEqualTo(expected);
                String body = r.asString();
                for (String secret : secrets) {
                    assertThat(body).as(c.getKey() + ", " + e + " leaks").doesNotContain(secret);
                }
                if (expected == 404) {
                    // The same answer as for a line that does not exist at all.
                    Endpoint missing = new Endpoint(
                            e.method(), e.path().replace(removedFrom.number(), Events.freshMobile()), e.body());
                    Response none = call(c.getValue(), missing);
                    assertThat(none.statusCode()).isEqualTo(404);
                    assertThat(none.jsonPath().getString("title"))
                            .isEqualTo(r.jsonPath().getString("title"));
                    assertThat(none.jsonPath().getString("type"))
                            .isEqualTo(r.jsonPath().getString("type"));
                }
            }
        }
        // The line's own lists: the member sees it, the others see only their own.
        List<String> mine = as(family(line.member()))
                .get("/api/v1/family/lines")
                .then()
                .extract()
                .path("line");
        assertThat(mine).containsExactly(line.number());
        List<String> theirs = as(family(other.member()))
                .get("/api/v1/family/lines")
                .then()
                .extract()
                .path("line");
        assertThat(theirs).containsExactly(other.number());
        assertThat(as(family(removedFrom.sibling()))
                        .get("/api/v1/family/lines")
                        .then()
                        .extract()
                        .<List<String>>path("line"))
                .isEmpty();
    }

    @Test
    void aMemberSeesTheLine_withOtherFamilyMasked() {
        Line l = register();
        as(family(l.member()))
                .get("/api/v1/family/lines/" + l.number().substring(3))
                .then()
                .statusCode(200)
                .body("line", equalTo(l.number()))
                .body("you", equalTo(l.member()))
                .body(
                        "otherFamilyNumbers[0]",
                        equalTo("+*********" + l.sibling().substring(l.sibling().length() - 4)))
                .body("trustedNumbers[0]", equalTo(l.doctor()))
                .body("policy.blockHidden", equalTo(true));
    }

    @Test
    void addingATrustedNumber_letsTheNextCallThrough_andQuietHoursBlock() {
        Line l = register();
        String newDoctor = Events.freshMobile();
        assertDecision(Screen.decide(kafka, newDoctor, l.number(), at(10)), "ALLOW", "NO_MATCH");

        as(family(l.member()))
                .body(Map.of("trustedNumbers", List.of(l.doctor(), newDoctor.substring(3))))
                .patch("/api/v1/family/lines/" + l.number())
                .then()
                .statusCode(200)
                .body("trustedNumbers", org.hamcrest.Matchers.contains(l.doctor(), newDoctor));
        assertDecision(Screen.decide(kafka, newDoctor, l.number(), at(10)), "ALLOW", "TRUSTED_CONTACT");

        as(family(l.sibling()))
                .contentType("application/merge-patch+json")
                .body(Map.of("quietHours", Map.of("from", "22:00", "to", "07:00")))
                .patch("/api/v1/family/lines/" + l.number())
                .then()
                .statusCode(200)
                .body("policy.quietHours.from", org.hamcrest.Matchers.startsWith("22:00"));
        assertDecision(Screen.decide(kafka, Events.freshMobile(), l.number(), at(23)), "BLOCK", "QUIET_HOURS");

        List<String> actors = given().auth()
                .oauth2(Tokens.lineAdmin())
                .get("/api/v1/protected-lines/" + l.number() + "/history")
                .then()
                .statusCode(200)
                .extract()
                .path("items.actor");
        assertThat(actors).contains("family:" + l.member(), "family:" + l.sibling());
    }

    @Test
    void whatFamiliesMayNotChange_isRefused_andNothingChanges() {
        Line l = register();
        String token = family(l.member());
        as(token)
                .body(Map.of("familyNumbers", List.of(l.member())))
                .patch("/api/v1/family/lines/" + l.number())
                .then()
                .statusCode(403);
        as(token)
                .body(Map.of("blockHidden", false))
                .patch("/api/v1/family/lines/" + l.number())
                .then()
                .statusCode(403);
        as(token)
                .body(Map.of("bogus", 1))
                .patch("/api/v1/family/lines/" + l.number())
                .then()
                .statusCode(400)
                .body("field", equalTo("bogus"));
        as(token)
                .body(Map.of("notifyOnWarn", "yes"))
                .patch("/api/v1/family/lines/" + l.number())
                .then()
                .statusCode(400);
        List<String> fiftyOne = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            fiftyOne.add(Events.freshMobile());
        }
        as(token)
                .body(Map.of("trustedNumbers", fiftyOne))
                .patch("/api/v1/family/lines/" + l.number())
                .then()
                .statusCode(400)
                .body("field", equalTo("trustedNumbers"));
        as(token)
                .body(Map.of("trustedNumbers", List.of("not-a-number")))
                .patch("/api/v1/family/lines/" + l.number())
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(Tokens.lineAdmin())
                .get("/api/v1/protected-lines/" + l.number())
                .then()
                .statusCode(200)
                .body("trustedNumbers", org.hamcrest.Matchers.contains(l.doctor()))
                .body("familyNumbers.size()", equalTo(2))
                .body("policy.blockHidden", equalTo(true));
    }

    @Test
    void stoppedCalls_areWhatTheDecisionsTopicCarriedForThatLine_only() {
        Line l = register();
        Line neighbour = register();
        String fraudster = Events.freshMobile();
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType(ContentType.JSON)
                .body(Map.of("category", "IMPERSONATION", "reason", "posed as police", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + fraudster)
                .then()
                .statusCode(201);
        Set<String> expected = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            JsonNode d = Screen.decide(kafka, fraudster, l.number(), at(10) + i);
            assertDecision(d, "BLOCK", "BLOCKLISTED");
            expected.add(d.get("callId").asText());
        }
        JsonNode hidden = Screen.decide(kafka, null, l.number(), at(10));
        assertDecision(hidden, "BLOCK", "HIDDEN_CALLER");
        expected.add(hidden.get("callId").asText());
        assertDecision(Screen.decide(kafka, l.doctor(), l.number(), at(10)), "ALLOW", "TRUSTED_CONTACT");
        assertDecision(Screen.decide(kafka, fraudster, neighbour.number(), at(10)), "BLOCK", "BLOCKLISTED");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> items;
        do {
            items = as(family(l.member()))
                    .get("/api/v1/family/lines/" + l.number() + "/stopped-calls")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items");
        } while (items.size() < expected.size() && System.nanoTime() < deadline);
        assertThat(items).extracting(i -> (String) i.get("callId")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(items)
                .filteredOn(i -> "BLOCKLISTED".equals(i.get("reason")))
                .allSatisfy(i -> assertThat(i.get("callingNumber")).isEqualTo(fraudster));
        // The first block of the fraudster told the family; the repeats within 10 minutes were suppressed.
        assertThat(items)
                .filteredOn(i -> Boolean.TRUE.equals(i.get("familyNotified")))
                .isNotEmpty();

        List<Map<String, Object>> page = as(family(l.member()))
                .get("/api/v1/family/lines/" + l.number() + "/stopped-calls?limit=2")
                .then()
                .statusCode(200)
                .body("nextCursor", org.hamcrest.Matchers.notNullValue())
                .extract()
                .path("items");
        assertThat(page).hasSize(2);
    }
}

package io.callguard.disputes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
import io.callguard.testing.Management;
import io.callguard.testing.Screen;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A blocked number's owner complains; support opens a dispute; an analyst lifts or upholds it (through the broker). */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class DisputeTest {

    static KafkaTestClient kafka;
    static final String SUPPORT = Tokens.token("support-agent-5", "support-agent");

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

    static String analyst(String name) {
        return Tokens.token(name, "fraud-analyst");
    }

    static String blocked() {
        String n = Events.freshMobile();
        as(Tokens.analyst())
                .body(Map.of("category", "LOAN", "reason", "loan scam reports", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(201);
        return n;
    }

    static JsonNode call(String caller) {
        return Screen.decide(kafka, caller, Events.freshMobile(), System.currentTimeMillis());
    }

    static Response open(String number) {
        return as(SUPPORT)
                .body(Map.of(
                        "number", number,
                        "statement", "We are a dental clinic; patients cannot reach us since Monday",
                        "contact", "+8613800138000",
                        "callId", "c-complaint-1"))
                .post("/api/v1/disputes");
    }

    static Response resolve(String token, String id, String ifMatch, String resolution, String note) {
        RequestSpecification r = as(token).body(Map.of("resolution", resolution, "note", note));
        if (ifMatch != null) {
            r = r.header("If-Match", ifMatch);
        }
        return r.post("/api/v1/disputes/" + id + "/resolve");
    }

    @Test
    void lift_unblocksTheNextCall_andTheHistorySaysWhoAndWhy() {
        String clinic = blocked();
        assertThat(call(clinic).get("decision").asText()).isEqualTo("BLOCK");

        Response opened = open(clinic);
        opened.then()
                .statusCode(201)
                .header("ETag", equalTo("\"1\""))
                .header("Location", containsString("/api/v1/disputes/"))
                .body("status", equalTo("OPEN"))
                .body("matchedEntry.key", equalTo(clinic))
                .body("matchedEntry.source", equalTo("FRAUD_TEAM"))
                .body("blockingEntry.reason", equalTo("loan scam reports"))
                .body("openedBy", equalTo("support-agent-5"));
        String id = opened.path("disputeId");
        Instant openedAt = Instant.parse(opened.path("openedAt"));
        assertThat(Instant.parse(opened.path("dueAt"))).isEqualTo(openedAt.plus(Duration.ofHours(24)));

        JsonNode listed = awaitListed("?status=OPEN&number=" + clinic, id);
        assertThat(listed.get("overdue").asBoolean()).isFalse();
        assertThat(listed.get("matchedEntry").get("key").asText()).isEqualTo(clinic);
        assertThat(listed.get("secondsLeft").asLong()).isBetween(86_000L, 86_400L);

        resolve(analyst("analyst-li"), id, null, "LIFT", "clinic verified by phone")
                .then()
                .statusCode(428)
                .contentType("application/problem+json");
        resolve(analyst("analyst-li"), id, "\"7\"", "LIFT", "clinic verified by phone")
                .then()
                .statusCode(412);
        resolve(SUPPORT, id, "\"1\"", "LIFT", "x").then().statusCode(403);

        resolve(analyst("analyst-li"), id, "\"1\"", "LIFT", "clinic verified by phone")
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"2\""))
                .body("status", equalTo("LIFTED"))
                .body("resolvedBy", equalTo("analyst-li"))
                .body("note", equalTo("clinic verified by phone"))
                .body("version", equalTo(2));

        JsonNode after = call(clinic);
        assertThat(after.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(after.get("reasons").get(0).asText()).isEqualTo("NO_MATCH");

        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + clinic + "/history")
                .then()
                .statusCode(200)
                .body("items[0].change", equalTo("DELETED"))
                .body("items[0].actor", equalTo("analyst-li"))
                .body("items[0].why", containsString("clinic verified by phone"))
                .body("items[1].change", equalTo("DISPUTED"));
        as(Tokens.viewer())
                .get("/api/v1/disputes/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("LIFTED"))
                .body("resolvedBy", equalTo("analyst-li"));
        resolve(analyst("analyst-li"), id, "\"2\"", "UPHOLD", "changed my mind")
                .then()
                .statusCode(409);
        assertThat(awaitListed("?status=LIFTED&number=" + clinic, id)
                        .get("resolvedBy")
                        .asText())
                .isEqualTo("analyst-li");
    }

    @Test
    void uphold_keepsTheBlock() {
        String caller = blocked();
        String id = open(caller).then().statusCode(201).extract().path("disputeId");
        resolve(analyst("analyst-wang"), id, "\"1\"", "UPHOLD", "recordings confirm loan fraud")
                .then()
                .statusCode(200)
                .body("status", equalTo("UPHELD"));
        JsonNode d = call(caller);
        assertThat(d.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(d.get("reasons").get(0).asText()).isEqualTo("BLOCKLISTED");
        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + caller + "/history")
                .then()
                .body("items[0].change", equalTo("DISPUTE_UPHELD"))
                .body("items[0].why", containsString("recordings confirm loan fraud"));
    }

    @Test
    void twoAnalystsAtOnce_exactlyOneWins() throws Exception {
        for (int round = 0; round < 3; round++) {
            String caller = blocked();
            String id = open(caller).then().statusCode(201).extract().path("disputeId");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Response>> answers = new ArrayList<>();
                answers.add(pool.submit(() -> {
                    start.await();
                    return resolve(analyst("analyst-a"), id, "\"1\"", "LIFT", "owner verified");
                }));
                answers.add(pool.submit(() -> {
                    start.await();
                    return resolve(analyst("analyst-b"), id, "\"1\"", "UPHOLD", "fraud confirmed");
                }));
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                for (Future<Response> f : answers) {
                    Response r = f.get();
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 200) {
                        winner = r.path("status");
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 412);
                String status =
                        as(Tokens.viewer()).get("/api/v1/disputes/" + id).path("status");
                assertThat(status).isEqualTo(winner);
                assertThat(call(caller).get("decision").asText())
                        .isEqualTo(winner.equals("LIFTED") ? "ALLOW" : "BLOCK");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void liftUnderABlockedPrefix_addsAnAllowException() {
        String prefix = "+86156" + String.format("%03d", (int) (Math.random() * 1000));
        String courier = prefix + String.format("%05d", (int) (Math.random() * 100_000));
        as(Tokens.analyst())
                .body(Map.of("category", "ROBOCALL", "reason", "robocall range", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/prefixes/" + prefix)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        assertThat(call(courier).get("decision").asText()).isEqualTo("BLOCK");
        Response opened = open(courier);
        opened.then().statusCode(201).body("matchedEntry.key", equalTo("prefix:" + prefix));
        resolve(analyst("analyst-zhao"), opened.path("disputeId"), "\"1\"", "LIFT", "courier company, verified")
                .then()
                .statusCode(200);
        JsonNode d = call(courier);
        assertThat(d.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(d.get("reasons").get(0).asText()).isEqualTo("ALLOWLISTED");
        assertThat(d.get("matchedEntry").get("source").asText()).isEqualTo("DISPUTE");
        assertThat(call(prefix + "00000".substring(0, 5)).get("decision").asText())
                .isIn("BLOCK", "ALLOW");
    }

    @Test
    void overdueDispute_raisesTheAlertMetric_andListsFirst() {
        String caller = blocked();
        String id = as(SUPPORT)
                .body(Map.of("number", caller, "statement", "urgent: a hospital's line", "dueIn", "PT1S"))
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("disputeId");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double overdue = 0;
        while (System.nanoTime() < deadline && overdue < 1) {
            overdue = gauge(Management.metrics(), "callguard_disputes_overdue");
        }
        assertThat(overdue).isGreaterThanOrEqualTo(1);
        assertThat(gauge(Management.metrics(), "callguard_disputes_oldest_open_age_seconds"))
                .isGreaterThan(0);
        JsonNode first = awaitListed("?status=OPEN", id);
        List<JsonNode> page = list("?status=OPEN");
        assertThat(page.get(0).get("overdue").asBoolean()).isTrue();
        assertThat(first.get("overdue").asBoolean()).isTrue();
        resolve(analyst("analyst-li"), id, "\"1\"", "UPHOLD", "done").then().statusCode(200);
        // Resolved: no longer open, so no longer overdue.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && overdue > 0) {
            overdue = gauge(Management.metrics(), "callguard_disputes_overdue");
        }
        assertThat(overdue).isZero();
    }

    @Test
    void badInput_is400_andNothingIsStored() {
        String number = Events.freshMobile();
        List<Map<String, Object>> bad = List.of(
                Map.of("number", number),
                Map.of("number", "12ab", "statement", "x"),
                Map.of("number", number, "statement", "x", "bogus", 1),
                Map.of("number", number, "statement", "x", "dueIn", "P30D"),
                Map.of("number", number, "statement", "x".repeat(2001)),
                Map.of("number", number, "statement", "x", "contact", "y".repeat(201)));
        for (Map<String, Object> body : bad) {
            as(SUPPORT)
                    .body(body)
                    .post("/api/v1/disputes")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertThat(kafka.collect(
                        "disputes",
                        r -> r.value() != null && r.value().contains(number),
                        1,
                        Duration.ofSeconds(2),
                        Duration.ZERO))
                .isEmpty();
        String id = open(blocked()).then().statusCode(201).extract().path("disputeId");
        as(analyst("analyst-li"))
                .header("If-Match", "\"1\"")
                .body(Map.of("resolution", "MAYBE", "note", "x"))
                .post("/api/v1/disputes/" + id + "/resolve")
                .then()
                .statusCode(400);
        as(analyst("analyst-li"))
                .header("If-Match", "\"1\"")
                .body(Map.of("resolution", "LIFT"))
                .post("/api/v1/disputes/" + id + "/resolve")
                .then()
                .statusCode(400)
                .body("field", equalTo("note"));
        as(Tokens.viewer()).get("/api/v1/disputes/" + id).then().statusCode(200).body("status", equalTo("OPEN"));
        as(Tokens.viewer()).get("/api/v1/disputes?status=CLOSED").then().statusCode(400);
        as(Tokens.viewer()).get("/api/v1/disputes/no-such-dispute").then().statusCode(404);
    }

    @Test
    void roles() {
        Map<String, Object> body = Map.of("number", Events.freshMobile(), "statement", "x");
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/disputes")
                .then()
                .statusCode(401);
        given().get("/api/v1/disputes").then().statusCode(401);
        for (String role : List.of("viewer", "fraud-analyst", "line-admin", "report-intake")) {
            as(Tokens.token("x", role))
                    .body(body)
                    .post("/api/v1/disputes")
                    .then()
                    .statusCode(403);
        }
        for (String role : List.of("viewer", "support-agent", "line-admin", "report-intake")) {
            as(Tokens.token("x", role))
                    .header("If-Match", "\"1\"")
                    .body(Map.of("resolution", "LIFT", "note", "x"))
                    .post("/api/v1/disputes/any/resolve")
                    .then()
                    .statusCode(403);
        }
        for (String role : List.of("line-admin", "report-intake")) {
            as(Tokens.token("x", role)).get("/api/v1/disputes").then().statusCode(403);
            as(Tokens.token("x", role)).get("/api/v1/disputes/any").then().statusCode(403);
        }
    }

    static double gauge(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static List<JsonNode> list(String query) {
        JsonNode page = Events.parse(as(Tokens.viewer())
                .get("/api/v1/disputes" + query)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    static JsonNode awaitListed(String query, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode d : list(query)) {
                if (d.get("disputeId").asText().equals(id)) {
                    return d;
                }
            }
        }
        throw new AssertionError("dispute " + id + " not listed for " + query);
    }
}

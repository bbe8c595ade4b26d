package io.callguard.readmodel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The people's read model: histories, decisions and stopped calls, as the broker carried them, from PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ReadModelTest {

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

    static Map<String, Object> entry(String reason) {
        return Map.of("category", "LOAN", "reason", reason, "source", "FRAUD_TEAM");
    }

    /** Reads until the read model shows {@code expected} items (the projector follows the broker within moments). */
    static Response awaitItems(String token, String path, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Response r = as(token).get(path);
            if (r.statusCode() == 200 && r.jsonPath().getList("items").size() >= expected) {
                return r;
            }
            assertThat(System.nanoTime())
                    .as(path + " shows " + expected + " items")
                    .isLessThan(deadline);
        }
    }

    @Test
    void history_ofANumberChangedThreeTimes_isCompleteAndNewestFirst_rightAfterTheWrites() {
        String n = Events.freshMobile();
        as(Tokens.analyst())
                .body(entry("first report"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(201);
        as(Tokens.analyst())
                .body(entry("confirmed by bank"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(200);
        as(Tokens.analyst())
                .queryParam("reason", "number recycled")
                .delete("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(204);

        // No waiting: the writes returned only once the read model had their audit records.
        Response h = as(Tokens.token("support-9", "support-agent")).get("/api/v1/blocklist/numbers/" + n + "/history");
        h.then().statusCode(200);
        assertThat(h.jsonPath().getList("items.change")).containsExactly("DELETED", "REPLACED", "CREATED");
        assertThat(h.jsonPath().getList("items.why"))
                .containsExactly("number recycled", "confirmed by bank", "first report");
        assertThat(h.jsonPath().getString("items[1].before.reason")).isEqualTo("first report");
        assertThat(h.jsonPath().getString("items[1].after.reason")).isEqualTo("confirmed by bank");
        assertThat(h.jsonPath().getString("nextCursor")).isNull();

        Response first = as(Tokens.viewer()).queryParam("limit", 2).get("/api/v1/blocklist/numbers/" + n + "/history");
        assertThat(first.jsonPath().getList("items.change")).containsExactly("DELETED", "REPLACED");
        Response rest = as(Tokens.viewer())
                .queryParam("limit", 2)
                .queryParam("cursor", first.jsonPath().getString("nextCursor"))
                .get("/api/v1/blocklist/numbers/" + n + "/history");
        assertThat(rest.jsonPath().getList("items.change")).containsExactly("CREATED");
    }

    @Test
    void decisions_areWhatTheBrokerCarried_byCallerAndLine_paginated_andFilteredByTime() {
        String fraudster = Events.freshMobile();
        as(Tokens.analyst())
                .body(entry("read model test"))
                .put("/api/v1/blocklist/numbers/" + fraudster)
                .then()
                .statusCode(201);
        long now = System.currentTimeMillis();
        String callee = Events.freshMobile();
        for (int i = 0; i < 5; i++) {
            Screen.decide(kafka, fraudster, i == 0 ? callee : Events.freshMobile(), now + i);
        }
        Screen.decide(kafka, Events.freshMobile(), callee, now); // ALLOW: not kept

        String support = Tokens.token("support-7", "support-agent");
        Response all = awaitItems(support, "/api/v1/decisions?number=" + fraudster, 5);
        assertThat(all.jsonPath().getList("items.decision")).containsOnly("BLOCK");
        assertThat(all.jsonPath().getList("items.callingNumber")).containsOnly(fraudster);
        assertThat(all.jsonPath().getString("items[0].matchedEntry.key")).isEqualTo(fraudster);
        assertThat(all.jsonPath().getString("items[0].reasons[0]")).isEqualTo("BLOCKLISTED");

        Response page1 = as(support)
                .queryParam("number", fraudster)
                .queryParam("limit", 3)
                .get("/api/v1/decisions");
        Response page2 = as(support)
                .queryParam("number", fraudster)
                .queryParam("limit", 3)
                .queryParam("cursor", page1.jsonPath().getString("nextCursor"))
                .get("/api/v1/decisions");
        assertThat(page1.jsonPath().getList("items")).hasSize(3);
        assertThat(page2.jsonPath().getList("items")).hasSize(2);
        assertThat(page2.jsonPath().getString("nextCursor")).isNull();
        List<String> ids = new java.util.ArrayList<>(page1.jsonPath().getList("items.callId"));
        ids.addAll(page2.jsonPath().getList("items.callId"));
        assertThat(ids).doesNotHaveDuplicates().hasSize(5);

        Response byLine = as(support).get("/api/v1/decisions?line=" + callee);
        assertThat(byLine.jsonPath().getList("items.callingNumber")).containsExactly(fraudster);
        String past = Instant.ofEpochMilli(now).minus(Duration.ofDays(3)).toString();
        String before = Instant.ofEpochMilli(now).minus(Duration.ofDays(2)).toString();
        as(support)
                .queryParam("number", fraudster)
                .queryParam("from", past)
                .queryParam("to", before)
                .get("/api/v1/decisions")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
        as(support)
                .queryParam("number", fraudster)
                .queryParam("decision", "WARN")
                .get("/api/v1/decisions")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void stoppedCalls_ofASeniorLine_showWhetherTheFamilyWasTold() {
        String line = Events.freshMobile();
        as(Tokens.lineAdmin())
                .body(Map.of("familyNumbers", List.of(Events.freshMobile())))
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(201);
        long now = System.currentTimeMillis();
        Screen.decide(kafka, null, line, now); // hidden caller: blocked, family notified
        Screen.decide(kafka, null, line, now + 1000); // the repeat: blocked, notification suppressed
        Screen.decide(kafka, Events.freshMobile(), line, now + 2000); // allowed: not a stopped call

        String path = "/api/v1/protected-lines/" + line + "/stopped-calls";
        Response stopped = awaitItems(Tokens.viewer(), path, 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // Notifications travel on their own topic: wait until the first call's one is projected too.
        while (!stopped.jsonPath().getList("items.notified", Boolean.class).contains(true)) {
            assertThat(System.nanoTime()).as("the notification is projected").isLessThan(deadline);
            stopped = as(Tokens.viewer()).get(path);
        }
        assertThat(stopped.jsonPath().getList("items.reasons[0]")).containsOnly("HIDDEN_CALLER");
        assertThat(stopped.jsonPath().getList("items.notified", Boolean.class)).containsExactly(false, true);
        as(Tokens.viewer())
                .get("/api/v1/protected-lines/" + Events.freshMobile() + "/stopped-calls")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void queries_refuseBadInputAndWrongRoles() {
        given().get("/api/v1/decisions?number=+8613900000001").then().statusCode(401);
        as(Tokens.lineAdmin())
                .get("/api/v1/decisions?number=+8613900000001")
                .then()
                .statusCode(403);
        as(Tokens.viewer())
                .get("/api/v1/decisions?number=not-a-number")
                .then()
                .statusCode(400)
                .body("field", equalTo("number"));
        as(Tokens.viewer())
                .get("/api/v1/decisions?number=+8613900000001&from=yesterday")
                .then()
                .statusCode(400)
                .body("field", equalTo("from"));
        as(Tokens.viewer())
                .get("/api/v1/decisions")
                .then()
                .statusCode(400)
                .body("detail", containsString("a number or a line"));
        as(Tokens.viewer())
                .get("/api/v1/decisions?number=+8613900000001&decision=ALLOW")
                .then()
                .statusCode(400);
        as(Tokens.viewer())
                .get("/api/v1/decisions?number=+8613900000001&cursor=%%%")
                .then()
                .statusCode(400)
                .body("field", equalTo("cursor"));
        as(Tokens.lineAdmin())
                .get("/api/v1/blocklist/numbers/+8613900000001/history")
                .then()
                .statusCode(403);
        as(Tokens.viewer())
                .get("/api/v1/protected-lines/+8613900000001/history")
                .then()
                .statusCode(403);
    }
}

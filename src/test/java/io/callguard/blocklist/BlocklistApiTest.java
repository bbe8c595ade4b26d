package io.callguard.blocklist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callguard.config.KafkaClientFactory;
import io.callguard.state.StateTopicReader;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.Screen;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.callguard.testing.Events.freshMobile;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The fraud team's REST API, through HTTP and the broker. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class BlocklistApiTest {

    static KafkaTestClient kafka;

    @Inject
    ObjectMapper mapper;

    @Inject
    KafkaClientFactory clients;

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

    static Map<String, Object> body(String category, String reason, String source) {
        return Map.of("category", category, "reason", reason, "source", source);
    }

    @Test
    void number_createReplaceGetDelete() {
        String n = freshMobile();
        as(Tokens.analyst())
                .body(body("IMPERSONATION", "posed as police", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(201)
                .body("value", equalTo(n))
                .body("kind", equalTo("NUMBER"))
                .body("createdBy", equalTo("analyst-7"))
                .body("createdAt", notNullValue());
        String createdAt = as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(200)
                .extract()
                .path("createdAt");

        as(Tokens.token("analyst-9", "fraud-analyst"))
                .body(body("INVESTMENT", "fake investment app", "USER_REPORTS"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(200)
                .body("category", equalTo("INVESTMENT"))
                .body("createdBy", equalTo("analyst-7"))
                .body("createdAt", equalTo(createdAt));

        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(200)
                .body("reason", equalTo("fake investment app"));
        as(Tokens.analyst())
                .delete("/api/v1/blocklist/numbers/" + n + "?reason=reported+in+error")
                .then()
                .statusCode(204);
        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        as(Tokens.analyst()).delete("/api/v1/blocklist/numbers/" + n).then().statusCode(404);
    }

    @Test
    void number_nationalFormInPath_isCanonicalised() {
        String n = freshMobile();
        String national = n.substring(3);
        as(Tokens.analyst())
                .body(body("LOAN", "loan scam", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + national)
                .then()
                .statusCode(201)
                .body("value", equalTo(n));
        as(Tokens.viewer()).get("/api/v1/blocklist/numbers/" + n).then().statusCode(200);
    }

    @Test
    void prefix_createReplaceGetDelete() {
        String p = "+8616" + (1000 + (int) (Math.random() * 8999));
        as(Tokens.analyst())
                .body(body("ROBOCALL", "robocall range", "PARTNER_CARRIER"))
                .put("/api/v1/blocklist/prefixes/" + p)
                .then()
                .statusCode(201)
                .body("kind", equalTo("PREFIX"));
        as(Tokens.analyst())
                .body(body("ROBOCALL", "robocall range, confirmed", "PARTNER_CARRIER"))
                .put("/api/v1/blocklist/prefixes/" + p)
                .then()
                .statusCode(200);
        as(Tokens.viewer())
                .get("/api/v1/blocklist/prefixes/" + p)
                .then()
                .statusCode(200)
                .body("reason", equalTo("robocall range, confirmed"));
        as(Tokens.analyst()).delete("/api/v1/blocklist/prefixes/" + p).then().statusCode(204);
        as(Tokens.viewer()).get("/api/v1/blocklist/prefixes/" + p).then().statusCode(404);
    }

    @Test
    void list_filtersAndPaginates() {
        String source = "TEST_"
                + UUID.randomUUID().toString().substring(0, 8).toUpperCase().replace('-', '_');
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String n = freshMobile();
            numbers.add(n);
            as(Tokens.analyst())
                    .body(body("LOAN", "list test", source))
                    .put("/api/v1/blocklist/numbers/" + n)
                    .then()
                    .statusCode(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = as(Tokens.viewer())
                    .queryParam("source", source)
                    .queryParam("category", "LOAN")
                    .queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/blocklist");
            r.then().statusCode(200);
            seen.addAll(r.jsonPath().getList("items.value"));
            cursor = r.jsonPath().getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(numbers.stream().sorted().toList());
    }

    @Test
    void expiry_entryStopsBlockingAtExpiresAt() {
        String n = freshMobile();
        as(Tokens.analyst())
                .body(Map.of(
                        "category", "ROBOCALL", "reason", "temporary block", "source", "FRAUD_TEAM", "ttl", "PT1H"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(201)
                .body("expiresAt", notNullValue());
        long now = System.currentTimeMillis();
        // Rules judge expiry at the event's setupTime: an event an hour and a minute later finds no entry.
        assertThat(Screen.decide(kafka, n, freshMobile(), now).get("decision").asText())
                .isEqualTo("BLOCK");
        assertThat(Screen.decide(
                                kafka,
                                n,
                                freshMobile(),
                                now + Duration.ofMinutes(61).toMillis())
                        .get("decision")
                        .asText())
                .isEqualTo("ALLOW");
    }

    @Test
    void allowlist_beatsACoveringBlockPrefix() {
        String prefix = "+86177" + (1000 + (int) (Math.random() * 8999));
        String bank = prefix + "5588";
        String other = prefix + "5589";
        as(Tokens.analyst())
                .body(body("PHISHING", "spoofed bank range", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/prefixes/" + prefix)
                .then()
                .statusCode(201);
        as(Tokens.analyst())
                .body(Map.of("reason", "bank's official line", "source", "FRAUD_TEAM"))
                .put("/api/v1/allowlist/numbers/" + bank)
                .then()
                .statusCode(201)
                .body("action", equalTo("ALLOW"));

        JsonNode bankCall = Screen.decide(kafka, bank, freshMobile(), System.currentTimeMillis());
        JsonNode otherCall = Screen.decide(kafka, other, freshMobile(), System.currentTimeMillis());

        assertThat(bankCall.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(bankCall.get("reasons").get(0).asText()).isEqualTo("ALLOWLISTED");
        assertThat(otherCall.get("decision").asText()).isEqualTo("BLOCK");
        as(Tokens.viewer()).get("/api/v1/allowlist/numbers/" + bank).then().statusCode(200);
        as(Tokens.viewer()).get("/api/v1/blocklist/numbers/" + bank).then().statusCode(404);
    }

    @Test
    void readYourWrites_nextCallAfterThe2xxIsBlocked() {
        String n = freshMobile();
        as(Tokens.analyst())
                .body(body("IMPERSONATION", "posed as a grandson", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(201);
        // No wait of any kind between the 2xx and the call.
        JsonNode d = Screen.decide(kafka, n, freshMobile(), System.currentTimeMillis());
        assertThat(d.get("decision").asText()).isEqualTo("BLOCK");
    }

    @Test
    void secondMaterialisedView_converges() throws Exception {
        BlocklistView second = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        try (StateTopicReader reader = new StateTopicReader(
                "fraud-blocklist", () -> clients.stateConsumer(Map.of()), second, Duration.ofMillis(20))) {
            reader.start();
            String n = freshMobile();
            var put = as(Tokens.analyst())
                    .body(body("HARASSMENT", "second view", "FRAUD_TEAM"))
                    .put("/api/v1/blocklist/numbers/" + n);
            put.then().statusCode(201);
            long deadline = System.currentTimeMillis() + 10_000;
            while (second.get(EntryKind.NUMBER, n) == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(second.get(EntryKind.NUMBER, n)).isNotNull();
            assertThat(second.get(EntryKind.NUMBER, n).reason()).isEqualTo("second view");
        }
    }

    @Test
    void importCsv_reportsExactlyTheBadLines_storesTheGood_andReimportChangesNothing() {
        String good1 = freshMobile();
        String good2 = freshMobile();
        String good3 = freshMobile();
        String prefix = "+86166" + (1000 + (int) (Math.random() * 8999));
        String csv = String.join(
                "\n",
                "number,category,reason,source,expiresAt",
                good1 + ",IMPERSONATION,posed as police,NATIONAL_PLATFORM,",
                "not-a-number,LOAN,bad number,NATIONAL_PLATFORM,",
                good2.substring(3) + ",LOAN,\"loan, with comma\",NATIONAL_PLATFORM",
                good3 + ",NOPE,bad category,NATIONAL_PLATFORM,",
                good3 + ",PHISHING,,NATIONAL_PLATFORM,",
                "prefix:" + prefix + ",ROBOCALL,robocall range,NATIONAL_PLATFORM,",
                good3 + ",PHISHING,expired,NATIONAL_PLATFORM,2001-01-01T00:00:00Z",
                "only,three,columns",
                good3 + ",PHISHING,phishing sms,NATIONAL_PLATFORM,2099-01-01T00:00:00Z");
        Response r = given().auth()
                .oauth2(Tokens.analyst())
                .contentType("text/csv")
                .body(csv)
                .post("/api/v1/blocklist/import");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getLong("lines")).isEqualTo(10);
        assertThat(r.jsonPath().getLong("written")).isEqualTo(4);
        assertThat(r.jsonPath().getLong("rejected")).isEqualTo(5);
        assertThat(r.jsonPath().getList("rejections.line", Integer.class)).containsExactly(3, 5, 6, 8, 9);
        assertThat(r.jsonPath().getString("rejections[0].reason")).startsWith("number:");

        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + good1)
                .then()
                .statusCode(200)
                .body("source", equalTo("NATIONAL_PLATFORM"));
        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + good2)
                .then()
                .statusCode(200)
                .body("reason", equalTo("loan, with comma"));
        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + good3)
                .then()
                .statusCode(200)
                .body("expiresAt", equalTo("2099-01-01T00:00:00Z"));
        as(Tokens.viewer()).get("/api/v1/blocklist/prefixes/" + prefix).then().statusCode(200);

        Response again = given().auth()
                .oauth2(Tokens.analyst())
                .contentType("text/csv")
                .body(csv)
                .post("/api/v1/blocklist/import");
        again.then().statusCode(200);
        assertThat(again.jsonPath().getLong("written")).isZero();
        assertThat(again.jsonPath().getLong("unchanged")).isEqualTo(4);
        assertThat(again.jsonPath().getLong("rejected")).isEqualTo(5);
    }

    @Test
    void importNdjson_storesValidLines() {
        String n = freshMobile();
        String ndjson = "{\"number\":\"" + n
                + "\",\"category\":\"ROBOCALL\",\"reason\":\"ndjson\",\"source\":\"USER_REPORTS\"}\n"
                + "{\"number\":\"" + n
                + "\",\"category\":\"ROBOCALL\",\"reason\":\"x\",\"source\":\"USER_REPORTS\",\"colour\":\"red\"}\n"
                + "{broken\n";
        Response r = given().auth()
                .oauth2(Tokens.analyst())
                .contentType("application/x-ndjson")
                .body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/blocklist/import");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getLong("written")).isEqualTo(1);
        assertThat(r.jsonPath().getList("rejections.line", Integer.class)).containsExactly(2, 3);
        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(200)
                .body("reason", equalTo("ndjson"));
    }

    @Test
    void export_streamsTheListAsCsv() {
        String n = freshMobile();
        as(Tokens.analyst())
                .body(body("OTHER", "exported", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(201);
        String csv = given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/blocklist/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv).startsWith("number,category,reason,source,expiresAt,createdBy,createdAt,updatedAt\n");
        assertThat(csv).contains(n + ",OTHER,exported,FRAUD_TEAM,,analyst-7,");
    }

    @Test
    void history_listsEveryChangeNewestFirst_withWhoAndWhy() {
        String n = freshMobile();
        as(Tokens.analyst())
                .body(body("LOAN", "first report", "USER_REPORTS"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(201);
        as(Tokens.token("analyst-9", "fraud-analyst"))
                .body(body("LOAN", "confirmed by bank", "PARTNER_CARRIER"))
                .put("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(200);
        as(Tokens.analyst())
                .queryParam("reason", "number reassigned")
                .delete("/api/v1/blocklist/numbers/" + n)
                .then()
                .statusCode(204);

        Response h = as(Tokens.viewer()).get("/api/v1/blocklist/numbers/" + n + "/history");
        h.then().statusCode(200);
        assertThat(h.jsonPath().getList("items.change")).containsExactly("DELETED", "REPLACED", "CREATED");
        assertThat(h.jsonPath().getList("items.actor")).containsExactly("analyst-7", "analyst-9", "analyst-7");
        assertThat(h.jsonPath().getList("items.why"))
                .containsExactly("number reassigned", "confirmed by bank", "first report");
        assertThat(h.jsonPath().getString("items[1].before.reason")).isEqualTo("first report");
        assertThat(h.jsonPath().getString("items[1].after.reason")).isEqualTo("confirmed by bank");
        assertThat(Instant.parse(h.jsonPath().getString("items[2].at")))
                .isBefore(Instant.parse(h.jsonPath().getString("items[0].at")).plusMillis(1));
    }

    @Test
    void writes_areRateLimitedPerSubject_with429AndRetryAfter() {
        String token = Tokens.token("script-" + UUID.randomUUID(), "fraud-analyst");
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 150 && limited == 0; i++) {
            Response r = as(token).delete("/api/v1/blocklist/numbers/+8613000000000");
            if (r.statusCode() == 429) {
                limited++;
                retryAfter = r.header("Retry-After");
                assertThat(r.contentType()).startsWith("application/problem+json");
            } else {
                assertThat(r.statusCode()).isEqualTo(404);
            }
        }
        assertThat(limited).isEqualTo(1);
        assertThat(Integer.parseInt(retryAfter)).isPositive();
        // Another analyst is not affected.
        as(Tokens.analyst())
                .delete("/api/v1/blocklist/numbers/+8613000000000")
                .then()
                .statusCode(404);
    }
}

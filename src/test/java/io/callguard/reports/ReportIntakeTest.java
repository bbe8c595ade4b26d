package io.callguard.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.KafkaTestClient.Received;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The ways in for reports: REST for the app and IVR, the topic for the SMS gateway; bad input is refused whole. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ReportIntakeTest {

    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static RequestSpecification intake() {
        return given().auth()
                .oauth2(Tokens.token("ivr-gateway", "report-intake"))
                .contentType(ContentType.JSON);
    }

    static Map<String, Object> body(String reported, String reporter) {
        Map<String, Object> b = new HashMap<>();
        b.put("reportedNumber", reported);
        b.put("reporterNumber", reporter);
        b.put("channel", "IVR");
        b.put("category", "IMPERSONATION");
        return b;
    }

    @Test
    void reportsThroughRest_labelTheNumber_inNationalFormatToo() {
        String fraudster = Events.freshMobile();
        String national = fraudster.substring(3); // 139…: the IVR knows the number as the senior's phone showed it
        intake().body(body(national, Events.freshMobile()))
                .post("/api/v1/reports")
                .then()
                .statusCode(202)
                .body("reportedNumber", equalTo(fraudster))
                .body("channel", equalTo("IVR"))
                .body("reportId", org.hamcrest.Matchers.notNullValue());
        Map<String, Object> withId = body(fraudster, Events.freshMobile());
        withId.put("reportId", "ivr-42");
        withId.put("callId", "c-77");
        intake().body(withId).post("/api/v1/reports").then().statusCode(202).body("reportId", equalTo("ivr-42"));
        // The same report again (an IVR retry) counts once: still two reporters, no label.
        intake().body(withId).post("/api/v1/reports").then().statusCode(202);
        RecordMetadata last =
                Reports.send(kafka, Reports.report(fraudster, Events.freshMobile(), "APP", Instant.now()));
        Reports.awaitLabel(fraudster);
        assertThat(last).isNotNull();
    }

    @Test
    void badReports_get400_andNothingIsStored() {
        String reported = Events.freshMobile();
        String reporter = Events.freshMobile();
        Map<String, Map<String, Object>> bad = new java.util.LinkedHashMap<>();
        bad.put("reportedNumber", with(body("12ab", reporter), null, null));
        bad.put("reporterNumber", with(body(reported, "110"), null, null));
        bad.put("reporterNumber ", with(body(reported, reported), null, null));
        bad.put("channel", with(body(reported, reporter), "channel", "FAX"));
        bad.put("category", with(body(reported, reporter), "category", "ALIENS"));
        bad.put(
                "reportedAt",
                with(
                        body(reported, reporter),
                        "reportedAt",
                        Instant.now().plus(Duration.ofHours(2)).toString()));
        bad.put("reportedAt ", with(body(reported, reporter), "reportedAt", "yesterday"));
        bad.put(
                "reportedAt  ",
                with(
                        body(reported, reporter),
                        "reportedAt",
                        Instant.now().minus(Duration.ofDays(90)).toString()));
        bad.put("bogus", with(body(reported, reporter), "bogus", "x"));
        bad.put("reportId", with(body(reported, reporter), "reportId", "x".repeat(129)));
        for (Map.Entry<String, Map<String, Object>> b : bad.entrySet()) {
            intake().body(b.getValue())
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo(b.getKey().trim()));
        }
        Map<String, Object> missing = body(reported, reporter);
        missing.remove("channel");
        intake().body(missing).post("/api/v1/reports").then().statusCode(400).body("field", equalTo("channel"));
        intake().body("[1,2]").post("/api/v1/reports").then().statusCode(400);
        intake().body("{not json").post("/api/v1/reports").then().statusCode(400);

        List<Received> stored =
                kafka.collect(Reports.TOPIC, r -> reported.equals(r.key()), 1, Duration.ofSeconds(2), Duration.ZERO);
        assertThat(stored).isEmpty();
    }

    static Map<String, Object> with(Map<String, Object> b, String field, Object value) {
        if (field != null) {
            b.put(field, value);
        }
        return b;
    }

    @Test
    void onlyTheIntakeServiceAccount_mayReport() {
        Map<String, Object> b = body(Events.freshMobile(), Events.freshMobile());
        given().contentType(ContentType.JSON)
                .body(b)
                .post("/api/v1/reports")
                .then()
                .statusCode(401);
        for (String role : List.of("viewer", "fraud-analyst", "support-agent", "line-admin")) {
            given().auth()
                    .oauth2(Tokens.token("someone", role))
                    .contentType(ContentType.JSON)
                    .body(b)
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(403);
        }
        given().auth()
                .oauth2(Tokens.token("ivr-gateway", "report-intake"))
                .get("/api/v1/reports/queue")
                .then()
                .statusCode(403);
    }

    @Test
    void malformedRecordsOnTheTopic_goToTheDlq_andTheLabellerGoesOn() {
        String reported = Events.freshMobile();
        kafka.send(Reports.TOPIC, 0, reported.getBytes(), "{broken".getBytes());
        var self = Reports.report(reported, reported, "SMS", Instant.now());
        kafka.send(Reports.TOPIC, 0, reported.getBytes(), self.toString().getBytes());
        var wrongKey = Reports.report(reported, Events.freshMobile(), "SMS", Instant.now());
        kafka.send(
                Reports.TOPIC,
                0,
                Events.freshMobile().getBytes(),
                wrongKey.toString().getBytes());

        List<Received> dlq = kafka.collect(
                "fraud-reports-dlq",
                r -> r.value() != null && r.value().contains(reported) || "{broken".equals(r.value()),
                3,
                Duration.ofSeconds(30),
                Duration.ofMillis(300));
        assertThat(dlq).hasSizeGreaterThanOrEqualTo(3);
        assertThat(dlq).allSatisfy(r -> {
            assertThat(r.headers()).containsEntry("callguard.error.class", "INVALID_REPORT");
            assertThat(r.headers()).containsEntry("callguard.source.topic", Reports.TOPIC);
        });
        assertThat(dlq)
                .anySatisfy(r ->
                        assertThat(r.headers().get("callguard.error.message")).startsWith("reporterNumber"));
        assertThat(dlq)
                .anySatisfy(r ->
                        assertThat(r.headers().get("callguard.error.message")).startsWith("key"));

        Reports.fromDistinctReporters(kafka, reported, 3, Instant.now());
        Reports.awaitLabel(reported);
    }
}

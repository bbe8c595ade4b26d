package io.callguard.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.callguard.testing.Management;
import io.callguard.testing.Screen;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Reports from the public label a number; abuse does not; analysts confirm or clear (through the broker). */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class CommunityLabelTest {

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

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static long daytime(Instant base) {
        return base.atZone(SHANGHAI).withHour(10).withMinute(0).toInstant().toEpochMilli();
    }

    record Line(String number, String family) {}

    static Line protectedLine() {
        Line l = new Line(Events.freshMobile(), Events.freshMobile());
        as(Tokens.lineAdmin())
                .body(Map.of("familyNumbers", List.of(l.family()), "trustedNumbers", List.of()))
                .put("/api/v1/protected-lines/" + l.number())
                .then()
                .statusCode(201);
        return l;
    }

    static void assertDecision(JsonNode d, String decision, String reason) {
        assertThat(d.get("decision").asText()).as(d.toString()).isEqualTo(decision);
        assertThat(d.get("reasons").get(0).asText()).as(d.toString()).isEqualTo(reason);
    }

    @Test
    void enoughDistinctReporters_labelTheNumber_untilTheReportsFade() {
        String fraudster = Events.freshMobile();
        Line senior = protectedLine();
        Instant now = Instant.now();

        Reports.fromDistinctReporters(kafka, fraudster, 3, now);
        JsonNode label = Events.parse(Reports.awaitLabel(fraudster).asString());
        assertThat(label.get("action").asText()).isEqualTo("BLOCK");
        assertThat(label.get("category").asText()).isEqualTo("IMPERSONATION");
        assertThat(label.get("createdBy").asText()).isEqualTo("community-reports");
        assertThat(Instant.parse(label.get("expiresAt").asText())).isAfter(now);

        JsonNode ordinary = Screen.decide(kafka, fraudster, Events.freshMobile(), daytime(now));
        assertDecision(ordinary, "WARN", "REPORTED");
        assertThat(ordinary.get("matchedEntry").get("source").asText()).isEqualTo("COMMUNITY");

        JsonNode toSenior = Screen.decide(kafka, fraudster, senior.number(), daytime(now));
        assertDecision(toSenior, "BLOCK", "REPORTED");
        List<Received> told = kafka.collect(
                "family-notifications",
                r -> senior.number().equals(r.key()),
                1,
                Duration.ofSeconds(20),
                Duration.ofMillis(500));
        assertThat(told).hasSize(1);
        assertThat(Events.parse(told.get(0).value()).get("reason").asText()).isEqualTo("REPORTED");

        // Event time: 40 days on, without new reports the score is far below the threshold and the label is over.
        long later = daytime(now.plus(Duration.ofDays(40)));
        assertDecision(Screen.decide(kafka, fraudster, Events.freshMobile(), later), "ALLOW", "NO_MATCH");
        assertDecision(Screen.decide(kafka, fraudster, senior.number(), later), "ALLOW", "NO_MATCH");

        // The history says who labelled it and why.
        as(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + fraudster + "/history")
                .then()
                .statusCode(200)
                .body("items[0].change", equalTo("LABELLED"))
                .body("items[0].actor", equalTo("community-reports"));
    }

    @Test
    void oneReporterFlooding_labelsNothing_andIsCounted() {
        String target = Events.freshMobile();
        String flooder = Events.freshMobile();
        double floodsBefore = Reports.metric(Management.metrics(), "callguard_reports_flood_ignored_total");
        Instant now = Instant.now();
        RecordMetadata last = null;
        for (int i = 0; i < 1000; i++) {
            last = Reports.send(kafka, Reports.report(target, flooder, "APP", now));
        }
        Reports.awaitProcessed(last);
        assertThat(Reports.entryStatus(target)).isEqualTo(404);
        double floods = Reports.metric(Management.metrics(), "callguard_reports_flood_ignored_total");
        // The daily cap (20) lets the first reports through; every one after it is ignored and counted.
        assertThat(floods - floodsBefore).isEqualTo(980);

        // Over the cap, the flooder no longer counts even for a number two honest people report (the cap is counted
        // by the labeller of a partition, so the number is one of the same partition)...
        String other = Reports.freshNumberBeside(target);
        Reports.fromDistinctReporters(kafka, other, 2, now);
        last = Reports.send(kafka, Reports.report(other, flooder, "APP", now));
        Reports.awaitProcessed(last);
        assertThat(Reports.entryStatus(other)).isEqualTo(404);
        // ...which a third honest reporter labels: the numbers were one short, not the labeller asleep.
        Reports.fromDistinctReporters(kafka, other, 1, now);
        Reports.awaitLabel(other);
    }

    @Test
    void repeatedReportIds_countOnce() {
        String target = Events.freshMobile();
        Instant now = Instant.now();
        ObjectNode first = Reports.report(target, Events.freshMobile(), "SMS", now);
        Reports.send(kafka, first);
        Reports.send(kafka, first);
        RecordMetadata last = Reports.send(kafka, Reports.report(target, Events.freshMobile(), "SMS", now));
        Reports.send(kafka, first);
        Reports.awaitProcessed(last);
        assertThat(Reports.entryStatus(target)).isEqualTo(404);
        Reports.fromDistinctReporters(kafka, target, 1, now);
        Reports.awaitLabel(target);
    }

    @Test
    void protectedNumbers_areNeverLabelled() {
        Line senior = protectedLine();
        String allowed = Events.freshMobile();
        as(Tokens.analyst())
                .body(Map.of("category", "OTHER", "reason", "hospital switchboard", "source", "FRAUD_TEAM"))
                .put("/api/v1/allowlist/numbers/" + allowed)
                .then()
                .statusCode(201);
        String metrics = Management.metrics();
        Map<String, String> cases = Map.of(
                "110",
                "allowlisted",
                senior.number(),
                "protected_line",
                senior.family(),
                "line_contact",
                allowed,
                "allow_entry");
        Map<String, Double> before = new java.util.HashMap<>();
        cases.values().forEach(why -> before.put(why, Reports.metric(metrics, refused(why))));

        Instant now = Instant.now();
        RecordMetadata last = null;
        for (String number : cases.keySet()) {
            last = Reports.fromDistinctReporters(kafka, number, 4, now);
        }
        Reports.awaitProcessed(last);

        String after = Management.metrics();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThat(Reports.metric(after, refused(c.getValue())) - before.get(c.getValue()))
                    .as("refusals for " + c.getValue())
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(Reports.entryStatus(senior.number())).isEqualTo(404);
        assertThat(Reports.entryStatus(senior.family())).isEqualTo(404);
        assertDecision(
                Screen.decide(kafka, senior.family(), senior.number(), daytime(now)), "ALLOW", "TRUSTED_CONTACT");
        assertDecision(Screen.decide(kafka, allowed, senior.number(), daytime(now)), "ALLOW", "ALLOWLISTED");
    }

    static String refused(String why) {
        return "callguard_labels_refused_total{why=\"" + why + "\"}";
    }

    @Test
    void clearedNumber_isNotLabelledAgain_andConfirmedNumberIsBlockedForGood() {
        String innocent = Events.freshMobile();
        Instant now = Instant.now();
        Reports.fromDistinctReporters(kafka, innocent, 3, now);
        Reports.awaitLabel(innocent);

        as(Tokens.analyst())
                .body(Map.of("reason", "a courier's dispatch line, checked with the company"))
                .post("/api/v1/reports/numbers/" + innocent + "/clear")
                .then()
                .statusCode(200)
                .body("via", equalTo("REVIEW"))
                .body("clearedBy", equalTo("analyst-7"));
        assertThat(Reports.entryStatus(innocent)).isEqualTo(404);
        assertDecision(Screen.decide(kafka, innocent, Events.freshMobile(), daytime(now)), "ALLOW", "NO_MATCH");

        double refusedBefore = Reports.metric(Management.metrics(), refused("cleared"));
        RecordMetadata last = Reports.fromDistinctReporters(kafka, innocent, 5, Instant.now());
        Reports.awaitProcessed(last);
        assertThat(Reports.entryStatus(innocent)).isEqualTo(404);
        assertThat(Reports.metric(Management.metrics(), refused("cleared"))).isGreaterThan(refusedBefore);

        // Confirm: the analyst turns a label into a permanent block.
        String fraudster = Events.freshMobile();
        Reports.fromDistinctReporters(kafka, fraudster, 3, now);
        Reports.awaitLabel(fraudster);
        as(Tokens.analyst())
                .body(Map.of("category", "INVESTMENT", "reason", "fake investment hotline, 40 reports"))
                .post("/api/v1/reports/numbers/" + fraudster + "/confirm")
                .then()
                .statusCode(200)
                .body("source", equalTo("COMMUNITY_CONFIRMED"))
                .body("expiresAt", org.hamcrest.Matchers.nullValue());
        long later = daytime(now.plus(Duration.ofDays(40)));
        assertDecision(Screen.decide(kafka, fraudster, Events.freshMobile(), later), "BLOCK", "BLOCKLISTED");
    }

    @Test
    void analystsQueue_ranksReportedNumbersByScore() {
        String many = Events.freshMobile();
        String few = Events.freshMobile();
        Instant now = Instant.now();
        Reports.fromDistinctReporters(kafka, many, 2, now);
        Reports.send(kafka, Reports.report(many, Events.freshMobile(), "SUPPORT", now));
        RecordMetadata last = Reports.fromDistinctReporters(kafka, few, 1, now);
        Reports.awaitProcessed(last);
        Reports.awaitLabel(many);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> queue;
        do {
            queue = as(Tokens.analyst())
                    .get("/api/v1/reports/queue?limit=1000")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("");
        } while (!(numbers(queue).contains(many) && numbers(queue).contains(few)) && System.nanoTime() < deadline);
        Map<String, Object> top = find(queue, many);
        Map<String, Object> reports = cast(top.get("reports"));
        assertThat(((Number) reports.get("score")).doubleValue()).isBetween(3.99, 4.0);
        assertThat(reports.get("reporters")).isEqualTo(3);
        assertThat(cast(reports.get("byChannel"))).containsEntry("IVR", 2).containsEntry("SUPPORT", 1);
        assertThat(cast(reports.get("byCategory"))).containsEntry("IMPERSONATION", 3);
        assertThat(cast(top.get("entry")).get("source")).isEqualTo("COMMUNITY");
        assertThat(numbers(queue).indexOf(many)).isLessThan(numbers(queue).indexOf(few));

        as(Tokens.lineAdmin()).get("/api/v1/reports/queue").then().statusCode(403);
        as(Tokens.viewer())
                .post("/api/v1/reports/numbers/" + few + "/confirm")
                .then()
                .statusCode(403);
        as(Tokens.token("support-1", "support-agent"))
                .body(Map.of("reason", "x"))
                .post("/api/v1/reports/numbers/" + few + "/clear")
                .then()
                .statusCode(403);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    static List<String> numbers(List<Map<String, Object>> queue) {
        return queue.stream()
                .map(q -> (String) cast(q.get("reports")).get("number"))
                .toList();
    }

    static Map<String, Object> find(List<Map<String, Object>> queue, String number) {
        return queue.stream()
                .filter(q -> number.equals(cast(q.get("reports")).get("number")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(number + " not in the queue"));
    }
}

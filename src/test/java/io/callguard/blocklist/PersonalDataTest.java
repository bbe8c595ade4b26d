package io.callguard.blocklist;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Numbers are personal data: masked in logs, exports audited and safe to open, reasons that cannot forge lines. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class PersonalDataTest {

    @Test
    void auditLogLine_masksTheNumber_whileTheAuditTopicKeepsIt() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getParameters() != null && record.getParameters().length > 0) {
                    message = String.format(message, record.getParameters());
                }
                lines.add(message);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger audit = Logger.getLogger("io.callguard.audit");
        audit.addHandler(capture);
        String number = Events.freshMobile();
        try {
            given().auth()
                    .oauth2(Tokens.analyst())
                    .contentType(ContentType.JSON)
                    .body(Map.of("category", "LOAN", "reason", "masking test", "source", "FRAUD_TEAM"))
                    .put("/api/v1/blocklist/numbers/" + number)
                    .then()
                    .statusCode(201);
        } finally {
            audit.removeHandler(capture);
        }

        String masked = number.substring(0, number.length() - 8) + "****" + number.substring(number.length() - 4);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("key=" + masked));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(number));
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + number + "/history")
                .then()
                .statusCode(200)
                .body("items[0].key", equalTo(number));
    }

    @Test
    void deleteReasonWithALineBreak_isRefused_andTheEntryStays() {
        String number = Events.freshMobile();
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType(ContentType.JSON)
                .body(Map.of("category", "LOAN", "reason", "delete reason test", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + number)
                .then()
                .statusCode(201);

        given().auth()
                .oauth2(Tokens.analyst())
                .queryParam("reason", "mistake\n2026-11-29 INFO forged line")
                .delete("/api/v1/blocklist/numbers/" + number)
                .then()
                .statusCode(400)
                .body("field", equalTo("reason"));
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + number)
                .then()
                .statusCode(200);
    }

    @Test
    void export_neutralisesFormulas_andIsAudited() {
        String number = Events.freshMobile();
        String subject = "exporter-" + Events.callId("x");
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "category",
                        "PHISHING",
                        "reason",
                        "=HYPERLINK(\"http://evil\",\"click\")",
                        "source",
                        "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + number)
                .then()
                .statusCode(201);

        String csv = given().auth()
                .oauth2(Tokens.token(subject, "viewer"))
                .get("/api/v1/blocklist/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        String row =
                csv.lines().filter(l -> l.startsWith(number + ",")).findFirst().orElseThrow();
        assertThat(row).contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",");
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            assertThat(kafka.collect(
                            "blocklist-audit",
                            r -> "export".equals(r.key()) && r.value().contains("\"actor\":\"" + subject + "\""),
                            1,
                            Duration.ofSeconds(20),
                            Duration.ZERO))
                    .hasSize(1)
                    .allSatisfy(r -> assertThat(r.value()).contains("\"change\":\"EXPORTED\""));
        }
    }
}

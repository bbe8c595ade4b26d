package io.callguard.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.Management;
import io.callguard.testing.Screen;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A community label ends by itself: once its time is up the labeller's sweep deletes the entry with a LABEL_EXPIRED
 * audit record, counts it, and calls are decided without it. Labels live 3 s here instead of at least 24 h.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
@TestProfile(LabelExpiryTest.ShortLabels.class)
class LabelExpiryTest {

    public static class ShortLabels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "callguard.reports.label-min-duration", "3s",
                    "callguard.reports.label-max-duration", "3s",
                    "callguard.reports.sweep-every", "200ms");
        }
    }

    @Test
    void anExpiredLabel_isDeletedBySweep_withItsAuditRecord_andCounted() throws InterruptedException {
        KafkaTestClient kafka = KafkaTestClient.shared();
        String fraudster = Events.freshMobile();
        double expiredBefore = Reports.metric(Management.metrics(), "callguard_labels_expired_total");
        Instant now = Instant.now();
        Reports.fromDistinctReporters(kafka, fraudster, 3, now);

        JsonNode label = Reports.awaitLabel(fraudster).as(JsonNode.class);
        assertThat(Instant.parse(label.get("expiresAt").asText())).isBefore(now.plusSeconds(4));
        assertThat(Screen.decide(kafka, fraudster, Events.freshMobile(), System.currentTimeMillis())
                        .get("decision")
                        .asText())
                .isEqualTo("WARN");

        // The sweep finds the label although the view no longer holds it in memory once expired.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double expired = expiredBefore;
        while (expired < expiredBefore + 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            expired = Reports.metric(Management.metrics(), "callguard_labels_expired_total");
        }
        assertThat(expired).isGreaterThanOrEqualTo(expiredBefore + 1);
        assertThat(Reports.entryStatus(fraudster)).as("the entry is deleted").isEqualTo(404);
        JsonNode latest = awaitHistory(fraudster, "LABEL_EXPIRED");
        assertThat(latest.get("actor").asText()).isEqualTo("community-reports");

        JsonNode after = Screen.decide(kafka, fraudster, Events.freshMobile(), System.currentTimeMillis());
        assertThat(after.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(after.get("reasons").get(0).asText()).isEqualTo("NO_MATCH");
    }

    /** The newest history item of {@code number} once it is {@code change} (the read model follows the audit topic). */
    private static JsonNode awaitHistory(String number, String change) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Response r = given().auth().oauth2(Tokens.viewer()).get("/api/v1/blocklist/numbers/" + number + "/history");
            if (r.statusCode() == 200) {
                JsonNode items = r.as(JsonNode.class).get("items");
                if (items.size() > 0 && change.equals(items.get(0).get("change").asText())) {
                    return items.get(0);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + change + " in the history of " + number + " within 30 s");
    }
}

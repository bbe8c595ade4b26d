package io.callguard.ops;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import io.callguard.config.KafkaClientFactory;
import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.Management;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** What operations reach, and where: health and metrics on the management port only, tags without personal data. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class OperationsSurfaceTest {

    @Inject
    KafkaClientFactory clients;

    @Test
    void healthAndMetrics_liveOnTheManagementPort_notOnTheApiPort() {
        Management.management().get("/q/health/ready").then().statusCode(200);
        Management.management().get("/q/metrics").then().statusCode(200);
        Management.management().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(404);
    }

    @Test
    void unauthenticatedAndUnmatchedRequests_createNoUriTags() {
        String number = "8613800138001";
        for (int i = 0; i < 3; i++) {
            given().get("/api/v1/protected-lines/+" + number + "/x" + i).then().statusCode(401);
            given().auth()
                    .oauth2(Tokens.viewer())
                    .get("/api/v1/protected-lines/+" + number + "/x" + i)
                    .then()
                    .statusCode(404);
        }

        String metrics = Management.metrics();
        assertThat(metrics).doesNotContain(number);
        assertThat(metrics).doesNotContain("/x0");
    }

    @Test
    void stateReaders_belongToNoConsumerGroup() throws Exception {
        Map<String, Object> config = clients.stateConsumerConfig(Map.of());
        assertThat(config).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
        assertThat(config).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);

        // History reads assign partitions too; after one, the broker still knows no group of the state readers.
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/blocklist/numbers/+8613900000999/history");
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.sharedBootstrapServers()))) {
            Set<String> groups = admin.listGroups().all().get().stream()
                    .map(GroupListing::groupId)
                    .collect(Collectors.toSet());
            assertThat(groups).doesNotContain("callguard");
            assertThat(groups).contains("callguard-screening");
        }
    }
}

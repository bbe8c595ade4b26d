package io.callguard.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar in its production profile: what it refuses to do, and what it shows on which port. */
class ProductionProfileIT {

    @Test
    void withoutAVerificationKey_theServiceRefusesToStart() {
        Map<String, String> settings =
                new HashMap<>(IsolatedTopics.fresh("nokey").settings(EmbeddedKafka.sharedBootstrapServers(), true));
        settings.put(ServiceProcess.NO_DEMO_KEY, "true");
        try (ServiceProcess service = ServiceProcess.start("no-key", settings)) {
            int exit = service.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("exit code; log " + service.log()).isNotIn(0, -1);
            assertThat(service.logText()).contains("no token verification key");
        }
    }

    @Test
    void operationsSurface_isOnTheManagementPortOnly_andSwaggerIsOff() {
        Map<String, String> settings =
                IsolatedTopics.fresh("surface").settings(EmbeddedKafka.sharedBootstrapServers(), true);
        try (ServiceProcess service = ServiceProcess.start("surface", settings)) {
            service.awaitReady(Duration.ofSeconds(60));
            int api = service.httpPort();
            int management = service.managementPort();

            assertThat(service.status(management, "/q/health/ready")).isEqualTo(200);
            assertThat(service.status(management, "/q/metrics")).isEqualTo(200);
            assertThat(service.status(api, "/q/health/ready")).isEqualTo(404);
            assertThat(service.status(api, "/q/metrics")).isEqualTo(404);
            assertThat(service.status(api, "/q/swagger-ui/")).isEqualTo(404);
            assertThat(service.status(api, "/q/openapi")).isEqualTo(404);
            assertThat(service.status(management, "/q/openapi")).isEqualTo(404);
            assertThat(service.status(api, "/api/v1/blocklist")).isEqualTo(401);
        }
    }
}

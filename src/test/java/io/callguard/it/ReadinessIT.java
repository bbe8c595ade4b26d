package io.callguard.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness stays DOWN until every state topic has been read to its end, and goes UP after. */
class ReadinessIT {

    @Test
    void readiness_downUntilStateTopicsCaughtUp_thenUp() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("ready");
        // No auto-create: the state topics do not exist yet, so the service cannot catch up.
        try (ServiceProcess service = ServiceProcess.start("readiness", topics.settings(bootstrap, false))) {
            awaitStatus(service, "/q/health/live", 200, Duration.ofSeconds(60));
            for (int i = 0; i < 10; i++) {
                assertThat(service.status("/q/health/ready"))
                        .as("ready before catch-up")
                        .isEqualTo(503);
                Thread.sleep(200);
            }
            assertThat(service.get("/q/health/ready")).contains("\"blocklistCaughtUp\": false");

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(
                                new NewTopic(topics.blocklist(), Optional.of(1), Optional.empty()),
                                new NewTopic(topics.lines(), Optional.of(1), Optional.empty()),
                                new NewTopic(topics.approvals(), Optional.of(1), Optional.empty()),
                                new NewTopic(topics.roaming(), Optional.of(1), Optional.empty()),
                                new NewTopic(topics.disputes(), Optional.of(1), Optional.empty()),
                                new NewTopic(topics.clearances(), Optional.of(1), Optional.empty()),
                                new NewTopic(topics.callSetup(), Optional.of(2), Optional.empty())))
                        .all()
                        .get();
            }

            awaitStatus(service, "/q/health/ready", 200, Duration.ofSeconds(60));
            assertThat(service.get("/q/health/ready")).contains("\"blocklistCaughtUp\": true");
        }
    }

    static void awaitStatus(ServiceProcess service, String path, int expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = service.status(path);
            if (last == expected) {
                return;
            }
            assertThat(service.isAlive())
                    .as("service alive; log " + service.log())
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError(path + " answered " + last + ", expected " + expected + "; log " + service.log());
    }
}

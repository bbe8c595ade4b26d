package io.callguard.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.ServiceProcess;

import static io.callguard.testing.Events.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Failures that retrying cannot cure end the screening loop loudly: liveness DOWN, never a silent endless retry. */
class FailureTiersIT {

    @Test
    void recordTheDlqWillNeverTake_failsTheLoop_andLivenessGoesDown() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("toolarge");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.dlq(), Optional.of(1), Optional.empty())
                            .configs(Map.of("max.message.bytes", "2000"))))
                    .all()
                    .get();
        }
        try (ServiceProcess service = ServiceProcess.start("toolarge", topics.settings(bootstrap, true));
                KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            service.awaitReady(Duration.ofSeconds(60));
            assertThat(service.status("/q/health/live")).isEqualTo(200);

            // Not JSON, so it goes to the DLQ unchanged: 5,000 bytes into a topic that takes 2,000.
            client.send(topics.callSetup(), "k", "x".repeat(5000));

            ReadinessIT.awaitStatus(service, "/q/health/live", 503, Duration.ofSeconds(60));
            assertThat(service.get("/q/health/live")).contains("RecordTooLargeException");
            assertThat(service.get("/q/metrics")).containsPattern("callguard_screening_loops_dead [1-9]");
            assertThat(service.logText()).contains("stopped for good (RecordTooLargeException)");
        }
    }

    @Test
    void fencedTransactionalProducer_failsTheLoop_insteadOfFencingBack() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("fence");
        Map<String, String> settings = new HashMap<>(topics.settings(bootstrap, true));
        settings.put("callguard.pipeline.delivery", "EXACTLY_ONCE");
        settings.put("callguard.pipeline.threads", "1");
        // The misconfiguration: two replicas with the same transactional id prefix.
        settings.put("callguard.pipeline.transactional-id-prefix", topics.prefix() + "same");
        try (KafkaTestClient client = new KafkaTestClient(bootstrap);
                ServiceProcess first = ServiceProcess.start("fence-1", settings)) {
            first.awaitReady(Duration.ofSeconds(60));
            try (ServiceProcess second = ServiceProcess.start("fence-2", settings)) {
                second.awaitReady(Duration.ofSeconds(60));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                int i = 0;
                while (first.status("/q/health/live") == 200 && System.nanoTime() < deadline) {
                    for (int k = 0; k < 20; k++, i++) {
                        String caller = String.format("+86137%08d", i);
                        client.sendAsync(
                                topics.callSetup(),
                                caller,
                                call("fence-" + i, caller, "13912345678", System.currentTimeMillis())
                                        .toString());
                    }
                    client.flush();
                    Thread.sleep(200);
                }
                assertThat(first.status("/q/health/live"))
                        .as("the fenced replica's liveness")
                        .isEqualTo(503);
                assertThat(first.logText()).contains("stopped for good (ProducerFencedException)");
                assertThat(second.status("/q/health/live"))
                        .as("the replica that fenced it is not fenced back")
                        .isEqualTo(200);
            }
        }
    }
}

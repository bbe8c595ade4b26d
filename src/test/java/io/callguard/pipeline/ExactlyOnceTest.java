package io.callguard.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.KafkaTestClient.Received;
import io.callguard.testing.TestInfrastructure;

import static io.callguard.testing.Events.call;
import static io.callguard.testing.Events.callId;
import static org.assertj.core.api.Assertions.assertThat;

/** Exactly-once mode: outputs and input offsets commit in one transaction; read_committed readers see each once. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
@TestProfile(ExactlyOnceTest.Profile.class)
class ExactlyOnceTest {

    static final String PREFIX = "eos-";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "callguard.pipeline.delivery", "EXACTLY_ONCE",
                    // Transactions span polls: up to 50 ms or 200 input records.
                    "callguard.pipeline.transaction-max-age", "50ms",
                    "callguard.pipeline.transaction-max-records", "200",
                    "callguard.pipeline.group-id", PREFIX + "screening",
                    "callguard.pipeline.transactional-id-prefix", PREFIX + "tx",
                    "callguard.topics.call-setup", PREFIX + "call-setup",
                    "callguard.topics.call-decisions", PREFIX + "call-decisions",
                    "callguard.topics.call-setup-dlq", PREFIX + "call-setup-dlq",
                    "callguard.topics.family-notifications", PREFIX + "family-notifications");
        }
    }

    @Test
    void exactlyOnce_eachEventDecidedOnce_visibleToReadCommittedOnlyAfterCommit() {
        String run = callId("eos");
        int events = 3_000;
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            for (int i = 0; i < events; i++) {
                String caller = String.format("+86136%08d", i);
                kafka.sendAsync(
                        PREFIX + "call-setup",
                        caller,
                        call(run + "-" + i, caller, "13912345678", System.currentTimeMillis())
                                .toString());
            }
            kafka.sendAsync(PREFIX + "call-setup", "bad", "{not json");
            kafka.flush();

            List<Received> decisions = kafka.collect(
                    PREFIX + "call-decisions",
                    r -> r.key().startsWith(run),
                    events,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(1),
                    true);
            List<Received> dlq = kafka.collect(
                    PREFIX + "call-setup-dlq",
                    r -> "bad".equals(r.key()),
                    1,
                    Duration.ofSeconds(30),
                    Duration.ZERO,
                    true);

            assertThat(decisions).hasSize(events);
            assertThat(decisions.stream().map(Received::key).distinct().count()).isEqualTo(events);
            assertThat(dlq).hasSize(1);
        }
        String metrics = io.callguard.testing.Management.metrics();
        assertThat(metrics).containsPattern("callguard_transactions_committed_total [1-9]");
    }
}

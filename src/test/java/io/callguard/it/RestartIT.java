package io.callguard.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.KafkaTestClient.Received;
import io.callguard.testing.ServiceProcess;
import io.callguard.tools.CallMix;
import io.callguard.tools.StateSeeder;

import static io.callguard.testing.Events.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the service, gracefully or with kill -9, loses no decision; a crash repeats only what it had not committed. */
class RestartIT {

    /**
     * Also the snapshot path through real processes: each start after the first loads the blocklist snapshot the one
     * before wrote (on SIGTERM, or after catching up for the one killed -9) and reads only the tail, where a number was
     * unblocked and another blocked meanwhile.
     */
    @Test
    void stopAndKillMidStream_everyCallIdDecided_duplicatesIdentical(@TempDir Path snapshots) throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("restart");
        Map<String, String> settings = topics.settings(bootstrap, true);
        settings.put("callguard.state.snapshot.dir", snapshots.toString());
        long now = System.currentTimeMillis();
        int firstWave = 5_000;
        int secondWave = 30_000;

        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            // Wave 1, then SIGTERM after all are decided: a graceful stop commits everything, so nothing repeats.
            try (ServiceProcess service = ServiceProcess.start("restart-1", settings)) {
                service.awaitReady(Duration.ofSeconds(60));
                block(client, topics, "+8613700000005");
                block(client, topics, "+8613700000007");
                produce(client, topics, "w1", firstWave, now);
                List<Received> decided = client.collect(
                        topics.decisions(), r -> true, firstWave, Duration.ofSeconds(60), Duration.ofMillis(200));
                assertThat(decided).hasSize(firstWave);
                assertThat(service.stopGracefully(Duration.ofSeconds(30))).isIn(0, 143);
                assertThat(service.logText()).contains("screening loop screening-0 closed");
            }
            assertThat(snapshots.resolve(topics.blocklist() + ".snapshot")).exists();

            // While it is down: one number unblocked (a tombstone after the snapshot), another blocked.
            client.send(topics.blocklist(), "+8613700000005", null);
            block(client, topics, "+8613700000009");
            // Wave 2 arrives while the service is down; it is killed -9 mid-stream, then restarted.
            produce(client, topics, "w2", secondWave, now);
            try (ServiceProcess service = ServiceProcess.start("restart-2", settings)) {
                service.awaitReady(Duration.ofSeconds(60));
                assertThat(service.logText()).contains("snapshot loaded");
                client.collect(
                        topics.decisions(),
                        r -> r.key().startsWith("w2-"),
                        secondWave / 4,
                        Duration.ofSeconds(60),
                        Duration.ZERO);
                service.kill();
            }
            try (ServiceProcess service = ServiceProcess.start("restart-3", settings)) {
                service.awaitReady(Duration.ofSeconds(60));
                assertThat(service.logText()).contains("snapshot loaded");
                List<Received> all = client.collect(
                        topics.decisions(),
                        r -> true,
                        firstWave + secondWave,
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(2));

                Map<String, List<Received>> byCallId = all.stream().collect(Collectors.groupingBy(Received::key));
                assertThat(byCallId).hasSize(firstWave + secondWave);
                for (int i = 0; i < firstWave; i++) {
                    assertThat(byCallId.get("w1-" + i))
                            .as("wave 1 decided once")
                            .hasSize(1);
                }
                Map<String, Integer> duplicates = new HashMap<>();
                byCallId.forEach((id, list) -> {
                    if (list.size() > 1) {
                        duplicates.put(id, list.size());
                        JsonNode first = Events.parse(list.get(0).value());
                        for (Received again : list) {
                            JsonNode d = Events.parse(again.value());
                            assertThat(d.get("decision")).isEqualTo(first.get("decision"));
                            assertThat(d.get("reasons")).isEqualTo(first.get("reasons"));
                            assertThat(d.get("callingNumber")).isEqualTo(first.get("callingNumber"));
                        }
                    }
                });
                assertThat(decision(all, "w2-5"))
                        .as("unblocked after the snapshot")
                        .isEqualTo("ALLOW");
                assertThat(decision(all, "w2-7")).as("in the snapshot").isEqualTo("BLOCK");
                assertThat(decision(all, "w2-9"))
                        .as("blocked after the snapshot")
                        .isEqualTo("BLOCK");
                // Only the uncommitted tail at the kill can repeat: at most a few poll batches.
                assertThat(duplicates.size()).isLessThan(secondWave / 2);
                service.stopGracefully(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void restart_rebuildsVelocityWindows_soARedialCampaignIsStillBlockedAfterIt() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("warm");
        Map<String, String> settings = topics.settings(bootstrap, true);
        String dialler = "+8613500000777";
        String seniorLine = CallMix.SENIOR_LINES.get(0);
        long now = System.currentTimeMillis();
        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            try (ServiceProcess service = ServiceProcess.start("warm-1", settings)) {
                service.awaitReady(Duration.ofSeconds(60));
                StateSeeder.seed(bootstrap, topics.prefix());
                for (int i = 1; i <= 9; i++) {
                    String callee = String.format("+86135000%05d", i);
                    client.send(
                            topics.callSetup(),
                            dialler,
                            call("warm-" + i, dialler, callee, now + i).toString());
                }
                assertThat(client.collect(
                                topics.decisions(),
                                r -> r.key().startsWith("warm-"),
                                9,
                                Duration.ofSeconds(60),
                                Duration.ZERO))
                        .hasSize(9);
                service.stopGracefully(Duration.ofSeconds(30));
            }
            // A fresh process: only the re-read of the last window's events can know about the nine callees.
            try (ServiceProcess service = ServiceProcess.start("warm-2", settings)) {
                service.awaitReady(Duration.ofSeconds(60));
                client.send(
                        topics.callSetup(),
                        dialler,
                        call("warm-10", dialler, seniorLine, now + 10).toString());
                List<Received> tenth = client.collect(
                        topics.decisions(), r -> r.key().equals("warm-10"), 1, Duration.ofSeconds(60), Duration.ZERO);
                assertThat(tenth).hasSize(1);
                JsonNode d = Events.parse(tenth.get(0).value());
                assertThat(d.get("decision").asText()).isEqualTo("BLOCK");
                assertThat(d.get("reasons").get(0).asText()).isEqualTo("HIGH_VELOCITY");
                service.stopGracefully(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void restart_rebuildsNotificationDeduplication_soAFamilyIsNotNotifiedTwiceForOneCampaign() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("dedup");
        Map<String, String> settings = topics.settings(bootstrap, true);
        String seniorLine = CallMix.SENIOR_LINES.get(1);
        long fiveMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            try (ServiceProcess service = ServiceProcess.start("dedup-1", settings)) {
                service.awaitReady(Duration.ofSeconds(60));
                StateSeeder.seed(bootstrap, topics.prefix());
                awaitMetric(service, "callguard_protected_lines 4.0");
                // A hidden caller blocked on the senior's line five minutes ago (the record's own time too).
                client.send(
                        topics.callSetup(),
                        null,
                        call("dedup-1", null, seniorLine, fiveMinutesAgo).toString(),
                        fiveMinutesAgo);
                assertThat(client.collect(
                                topics.notifications(),
                                r -> r.value().contains("\"dedup-1\""),
                                1,
                                Duration.ofSeconds(60),
                                Duration.ZERO))
                        .hasSize(1);
                service.stopGracefully(Duration.ofSeconds(30));
            }
            try (ServiceProcess service = ServiceProcess.start("dedup-2", settings)) {
                service.awaitReady(Duration.ofSeconds(60));
                client.send(
                        topics.callSetup(),
                        null,
                        call("dedup-2", null, seniorLine, System.currentTimeMillis())
                                .toString());
                List<Received> decision = client.collect(
                        topics.decisions(), r -> r.key().equals("dedup-2"), 1, Duration.ofSeconds(60), Duration.ZERO);
                assertThat(decision).hasSize(1);
                assertThat(Events.parse(decision.get(0).value()).get("decision").asText())
                        .isEqualTo("BLOCK");

                List<Received> notified = client.collect(
                        topics.notifications(),
                        r -> r.value().contains("\"dedup-2\""),
                        1,
                        Duration.ofSeconds(5),
                        Duration.ZERO);
                assertThat(notified)
                        .as("the repeat inside the 10-minute window is suppressed")
                        .isEmpty();
                String metrics = service.get("/q/metrics");
                assertThat(metrics).contains("callguard_notifications_sent_total 0.0");
                assertThat(metrics).contains("callguard_notifications_suppressed_total 1.0");
                service.stopGracefully(Duration.ofSeconds(30));
            }
        }
    }

    static void awaitMetric(ServiceProcess service, String sample) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!service.get("/q/metrics").contains(sample)) {
            assertThat(System.nanoTime()).as("metrics show " + sample).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String decision(List<Received> decided, String callId) {
        return decided.stream()
                .filter(r -> r.key().equals(callId))
                .map(r -> Events.parse(r.value()).get("decision").asText())
                .findFirst()
                .orElseThrow();
    }

    private static void block(KafkaTestClient client, IsolatedTopics topics, String number) {
        client.send(
                topics.blocklist(),
                number,
                "{\"kind\":\"NUMBER\",\"value\":\"" + number + "\",\"action\":\"BLOCK\",\"category\":\"LOAN\","
                        + "\"reason\":\"restart test\",\"source\":\"FRAUD_TEAM\",\"createdBy\":\"analyst\","
                        + "\"createdAt\":\"2026-11-01T00:00:00Z\",\"updatedAt\":\"2026-11-01T00:00:00Z\"}");
    }

    private static void produce(KafkaTestClient client, IsolatedTopics topics, String wave, int count, long now) {
        for (int i = 0; i < count; i++) {
            // Every 10th caller is a virtual-operator number, so decisions differ and duplicates can be compared.
            String caller = i % 10 == 0 ? String.format("+86170%08d", i) : String.format("+86137%08d", i);
            client.sendAsync(
                    topics.callSetup(),
                    caller,
                    call(wave + "-" + i, caller, "13912345678", now + i).toString());
        }
        client.flush();
    }
}

package io.callguard.it;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.KafkaTestClient.Received;
import io.callguard.testing.ServiceProcess;
import io.callguard.tools.StateSeeder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a separate process under load, with the checks Kafka's own transactions tests use: every input has
 * an output (none lost), repeats only for uncommitted tails and identical to the first, none at all under
 * exactly-once for a read_committed reader.
 */
class FaultInjectionIT {

    static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void killNineThreeTimesUnderLoad_noDecisionLost_repeatsIdentical() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("kill");
        Map<String, String> settings = topics.settings(bootstrap, true);
        ServiceProcess service = startReady("kill-0", settings);
        StateSeeder.seed(bootstrap, topics.prefix());
        List<String> sent;
        try (LoadDriver load = new LoadDriver(bootstrap, topics.callSetup(), "k" + runId(), 800, 0, 60)) {
            for (int k = 1; k <= 3; k++) {
                Thread.sleep(3000);
                service.kill();
                service = startReady("kill-" + k, settings);
            }
            Thread.sleep(2000);
            sent = load.stop();
        }
        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            Map<String, List<Received>> byCallId = decisions(client, topics, sent.size(), false);
            assertEveryCallDecided(sent, byCallId);
            assertRepeatsIdentical(byCallId);
            List<Received> notes =
                    client.collect(topics.notifications(), r -> true, 1, Duration.ofSeconds(5), Duration.ofSeconds(1));
            assertThat(notes)
                    .as("blocked calls to seeded senior lines notified families")
                    .isNotEmpty();
            Map<String, List<JsonNode>> byId = notes.stream()
                    .map(r -> Events.parse(r.value()))
                    .collect(Collectors.groupingBy(n -> n.get("notificationId").asText()));
            byId.values()
                    .forEach(same -> same.forEach(n -> {
                        assertThat(n.get("callId")).isEqualTo(same.get(0).get("callId"));
                        assertThat(n.get("reason")).isEqualTo(same.get(0).get("reason"));
                    }));
        } finally {
            service.stopGracefully(Duration.ofSeconds(30));
        }
    }

    @Test
    void killNineUnderLoad_exactlyOnce_readCommittedSeesNoRepeat() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("eoskill");
        Map<String, String> settings = topics.settings(bootstrap, true);
        settings.put("callguard.pipeline.delivery", "EXACTLY_ONCE");
        // Killed while a transaction spans several polls: it is aborted, and the next owner reads it again.
        settings.put("callguard.pipeline.transaction-max-age", "30ms");
        ServiceProcess service = startReady("eos-kill-0", settings);
        List<String> sent;
        try (LoadDriver load = new LoadDriver(bootstrap, topics.callSetup(), "e" + runId(), 800, 0, 60)) {
            for (int k = 1; k <= 2; k++) {
                Thread.sleep(3000);
                service.kill();
                service = startReady("eos-kill-" + k, settings);
            }
            Thread.sleep(2000);
            sent = load.stop();
        }
        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            Map<String, List<Received>> byCallId = decisions(client, topics, sent.size(), true);
            assertEveryCallDecided(sent, byCallId);
            assertThat(byCallId.values().stream().filter(l -> l.size() > 1).count())
                    .as("callIds decided more than once, as seen by read_committed")
                    .isZero();
        } finally {
            service.stopGracefully(Duration.ofSeconds(30));
        }
    }

    @Test
    void brokerRestartMidLoad_serviceReconnects_nothingLost() throws Exception {
        Path dir = Paths.get("target", "kafka-restart-" + runId());
        int brokerPort = EmbeddedKafka.freePort();
        int controllerPort = EmbeddedKafka.freePort();
        EmbeddedKafka broker = EmbeddedKafka.start(dir, brokerPort, controllerPort);
        String bootstrap = broker.bootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("brk");
        ServiceProcess service = startReady("broker-restart", topics.settings(bootstrap, true));
        List<String> sent;
        try (LoadDriver load = new LoadDriver(bootstrap, topics.callSetup(), "b" + runId(), 500, 0, 60)) {
            Thread.sleep(3000);
            broker.close();
            Thread.sleep(3000);
            broker = EmbeddedKafka.start(dir, brokerPort, controllerPort);
            Thread.sleep(5000);
            sent = load.stop();
        }
        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            Map<String, List<Received>> byCallId = decisions(client, topics, sent.size(), false);
            assertEveryCallDecided(sent, byCallId);
            assertRepeatsIdentical(byCallId);
            assertThat(service.isAlive()).isTrue();
        } finally {
            service.stopGracefully(Duration.ofSeconds(30));
            broker.close();
        }
    }

    @Test
    void scaleOneToTwoToOne_midLoad_nothingLost_perCallerOrderKept() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("scale");
        Map<String, String> settings = topics.settings(bootstrap, true);
        ServiceProcess first = startReady("scale-1", settings);
        ServiceProcess second = null;
        List<String> sent;
        try (LoadDriver load = new LoadDriver(bootstrap, topics.callSetup(), "s" + runId(), 600, 0, 60)) {
            Thread.sleep(3000);
            second = startReady("scale-2", settings);
            Thread.sleep(3000);
            assertThat(first.stopGracefully(Duration.ofSeconds(30))).isIn(0, 143);
            Thread.sleep(3000);
            sent = load.stop();
        }
        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            Map<String, List<Received>> byCallId = decisions(client, topics, sent.size(), false);
            assertEveryCallDecided(sent, byCallId);
            assertRepeatsIdentical(byCallId);
            // One caller's calls share an input partition: their first decisions follow the order they were sent.
            Map<String, List<String>> byCaller = sent.stream()
                    .filter(id -> byCallId.get(id).get(0).value().contains("\"callingNumber\":\"+"))
                    .collect(Collectors.groupingBy(
                            id -> Events.parse(byCallId.get(id).get(0).value())
                                    .get("callingNumber")
                                    .asText()));
            for (List<String> calls : byCaller.values()) {
                long previous = Long.MIN_VALUE;
                for (String id : calls) {
                    long decidedAt = Events.parse(byCallId.get(id).get(0).value())
                            .get("decidedAt")
                            .asLong();
                    assertThat(decidedAt).as("decision order of " + id).isGreaterThanOrEqualTo(previous);
                    previous = decidedAt;
                }
            }
        } finally {
            second.stopGracefully(Duration.ofSeconds(30));
        }
    }

    @Test
    void floodOfTenThousandMalformedRecords_allInDlq_allGoodDecided_noStall() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("flood");
        ServiceProcess service = startReady("flood", topics.settings(bootstrap, true));
        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            String run = "f" + runId();
            Set<String> good = new HashSet<>();
            for (int i = 0; i < 20_000; i++) {
                if (i % 2 == 0) {
                    client.sendAsync(
                            topics.callSetup(), run + "-bad-" + i, i % 4 == 0 ? "{\"no\":\"callId\"}" : "garbage " + i);
                } else {
                    String id = run + "-" + i;
                    good.add(id);
                    String caller = String.format("+86135%08d", i);
                    client.sendAsync(
                            topics.callSetup(),
                            caller,
                            Events.call(id, caller, "13912345678", System.currentTimeMillis())
                                    .toString());
                }
            }
            client.flush();
            List<Received> dlq = client.collect(
                    topics.dlq(),
                    r -> r.key() != null && r.key().startsWith(run + "-bad-"),
                    10_000,
                    WAIT,
                    Duration.ofSeconds(1));
            assertThat(dlq).hasSize(10_000);
            Map<String, List<Received>> decided = client
                    .collect(
                            topics.decisions(),
                            r -> r.key().startsWith(run + "-"),
                            good.size(),
                            WAIT,
                            Duration.ofSeconds(1))
                    .stream()
                    .collect(Collectors.groupingBy(Received::key));
            assertThat(decided.keySet()).isEqualTo(good);
            assertThat(service.get("/q/metrics"))
                    .contains("callguard_dlq_records_total{kind=\"NOT_JSON\"} 5000.0")
                    .contains("callguard_dlq_records_total{kind=\"MISSING_CALL_ID\"} 5000.0");
        } finally {
            service.stopGracefully(Duration.ofSeconds(30));
        }
    }

    @Test
    void overloadBurst_noOutOfMemory_backlogDrains_staleDecisionsCounted() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("overload");
        Map<String, String> settings = topics.settings(bootstrap, true);
        settings.put(ServiceProcess.HEAP, "256m");
        ServiceProcess service = startReady("overload", settings);
        int burst = 150_000;
        try (KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            String run = "o" + runId();
            long now = System.currentTimeMillis();
            // Far more than one replica screens in 2 s, all at once: the tail is stale by the time it is screened.
            for (int i = 0; i < burst; i++) {
                String caller = String.format("+86136%08d", i);
                client.sendAsync(
                        topics.callSetup(),
                        caller,
                        Events.call(run + "-" + i, caller, "13912345678", now).toString());
            }
            client.flush();
            List<Received> decided = client.collect(
                    topics.decisions(),
                    r -> r.key().startsWith(run + "-"),
                    burst,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(1));
            assertThat(decided.stream().map(Received::key).distinct().count()).isEqualTo(burst);
            assertThat(service.isAlive()).isTrue();
            assertThat(service.logText()).doesNotContain("OutOfMemoryError");
            String metrics = service.get("/q/metrics");
            double stale = metrics.lines()
                    .filter(l -> l.startsWith("callguard_decisions_stale_total "))
                    .mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                    .sum();
            assertThat(stale).isPositive();
            assertThat(decided.stream()
                            .filter(r -> r.value().contains("\"stale\":true"))
                            .count())
                    .isEqualTo((long) stale);
        } finally {
            service.stopGracefully(Duration.ofSeconds(30));
        }
    }

    static ServiceProcess startReady(String name, Map<String, String> settings) {
        ServiceProcess s = ServiceProcess.start(name, settings);
        s.awaitReady(Duration.ofSeconds(90));
        return s;
    }

    static Map<String, List<Received>> decisions(
            KafkaTestClient client, IsolatedTopics topics, int expected, boolean readCommitted) {
        return client
                .collect(topics.decisions(), r -> true, expected, WAIT, Duration.ofSeconds(2), readCommitted)
                .stream()
                .collect(Collectors.groupingBy(Received::key));
    }

    static void assertEveryCallDecided(List<String> sent, Map<String, List<Received>> byCallId) {
        assertThat(sent).isNotEmpty();
        List<String> lost =
                sent.stream().filter(id -> !byCallId.containsKey(id)).toList();
        assertThat(lost).as("callIds without a decision").isEmpty();
        assertThat(byCallId.keySet()).as("decisions for calls never sent").isSubsetOf(new HashSet<>(sent));
    }

    static void assertRepeatsIdentical(Map<String, List<Received>> byCallId) {
        byCallId.forEach((id, list) -> {
            JsonNode first = Events.parse(list.get(0).value());
            for (Received again : list) {
                JsonNode d = Events.parse(again.value());
                assertThat(d.get("decision")).as(id).isEqualTo(first.get("decision"));
                assertThat(d.get("reasons")).as(id).isEqualTo(first.get("reasons"));
                assertThat(d.get("callingNumber")).as(id).isEqualTo(first.get("callingNumber"));
            }
        });
    }

    static String runId() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}

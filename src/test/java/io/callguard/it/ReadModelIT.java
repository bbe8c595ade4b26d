package io.callguard.it;

import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.callguard.testing.EmbeddedDatabase;
import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.KafkaTestClient.Received;
import io.callguard.testing.ServiceProcess;
import io.callguard.tools.CallMix;
import io.callguard.tools.StateSeeder;

import static org.assertj.core.api.Assertions.assertThat;

/** The projector under kill -9 and a database outage: every source record ends up exactly once in its table. */
class ReadModelIT {

    @Test
    void killMinus9WhileProjecting_thenRestart_everyRowOnceAndOnlyOnce() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("rm-kill");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(Paths.get("target", "pg-rm-kill"), EmbeddedKafka.freePort());
                KafkaTestClient client = new KafkaTestClient(bootstrap)) {
            Map<String, String> settings = settings(topics, bootstrap, db);
            try (ServiceProcess service = ServiceProcess.start("rm-kill-1", settings)) {
                service.awaitReady(Duration.ofSeconds(90));
                StateSeeder.seed(bootstrap, topics.prefix());
                produce(client, topics, "k1", 20_000);
                awaitRows(db, 500);
                service.kill();
            }
            try (ServiceProcess service = ServiceProcess.start("rm-kill-2", settings)) {
                service.awaitReady(Duration.ofSeconds(90));
                produce(client, topics, "k2", 2_000);
                List<Received> decisions = awaitDecided(client, topics, Set.of("k1", "k2"), 22_000);
                assertExactlyOncePerSourceRecord(db, client, topics, decisions);
                service.stopGracefully(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void databaseDownMidLoad_callsStillDecided_readsAnswer503_rowsArriveOnceAfter() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        IsolatedTopics topics = IsolatedTopics.fresh("rm-down");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(Paths.get("target", "pg-rm-down"), EmbeddedKafka.freePort());
                KafkaTestClient client = new KafkaTestClient(bootstrap);
                ServiceProcess service = ServiceProcess.start("rm-down", settings(topics, bootstrap, db))) {
            service.awaitReady(Duration.ofSeconds(90));
            StateSeeder.seed(bootstrap, topics.prefix());
            produce(client, topics, "d1", 3_000);
            awaitRows(db, 100);

            db.stop();
            produce(client, topics, "d2", 3_000);
            assertThat(awaitDecided(client, topics, Set.of("d1", "d2"), 6_000)).isNotEmpty();
            assertThat(service.status("/q/health/ready"))
                    .as("readiness ignores the read model")
                    .isEqualTo(200);
            String token = io.callguard.testing.Tokens.token("support-1", "support-agent");
            assertThat(getStatus(service, "/api/v1/decisions?number=%2B8613900000001", token))
                    .isEqualTo(503);

            db.restart();
            List<Received> decisions = awaitDecided(client, topics, Set.of("d1", "d2"), 6_000);
            assertExactlyOncePerSourceRecord(db, client, topics, decisions);
            assertThat(getStatus(service, "/api/v1/decisions?number=%2B8613900000001", token))
                    .isEqualTo(200);
        }
    }

    static Map<String, String> settings(IsolatedTopics topics, String bootstrap, EmbeddedDatabase db) {
        Map<String, String> s = new HashMap<>(topics.settings(bootstrap, true));
        s.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        s.put("quarkus.datasource.username", EmbeddedDatabase.user());
        s.put("callguard.read-model.group-id", topics.prefix() + "projector");
        s.put("callguard.read-model.max-batch", "500");
        return s;
    }

    static void produce(KafkaTestClient client, IsolatedTopics topics, String wave, int count) {
        CallMix mix = new CallMix(wave.hashCode(), 0);
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            CallMix.Event e = mix.next(wave + "-" + i, now + i);
            client.sendAsync(topics.callSetup(), e.key(), e.json());
        }
        client.flush();
    }

    /** Every callId of the waves decided; returns every decision record (repeats included). */
    static List<Received> awaitDecided(KafkaTestClient client, IsolatedTopics topics, Set<String> waves, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            List<Received> all = client.collect(
                    topics.decisions(),
                    r -> waves.contains(r.key().substring(0, r.key().indexOf('-'))),
                    expected,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(2));
            Set<String> ids = all.stream().map(Received::key).collect(Collectors.toSet());
            if (ids.size() == expected || System.nanoTime() > deadline) {
                assertThat(ids).as("every call decided").hasSize(expected);
                return all;
            }
        }
    }

    /** One row per BLOCK/WARN decision record and per notification record the topics hold, none twice. */
    static void assertExactlyOncePerSourceRecord(
            EmbeddedDatabase db, KafkaTestClient client, IsolatedTopics topics, List<Received> decisions)
            throws Exception {
        long blockOrWarn = decisions.stream()
                .filter(r -> !Events.parse(r.value()).get("decision").asText().equals("ALLOW"))
                .count();
        long notifications = client.collect(
                        topics.notifications(), r -> true, Integer.MAX_VALUE, Duration.ofSeconds(10), Duration.ZERO)
                .size();
        assertThat(blockOrWarn).isPositive();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (count(db, "SELECT count(*) FROM decisions") < blockOrWarn
                || count(db, "SELECT count(*) FROM notifications") < notifications) {
            assertThat(System.nanoTime()).as("the projector caught up").isLessThan(deadline);
            Thread.sleep(200);
        }
        Thread.sleep(2000); // anything doubled would show up now
        assertThat(count(db, "SELECT count(*) FROM decisions")).isEqualTo(blockOrWarn);
        assertThat(count(db, "SELECT count(DISTINCT (src_partition, src_offset)) FROM decisions"))
                .isEqualTo(blockOrWarn);
        assertThat(count(db, "SELECT count(*) FROM notifications")).isEqualTo(notifications);
        assertThat(count(db, "SELECT count(DISTINCT (src_partition, src_offset)) FROM notifications"))
                .isEqualTo(notifications);
    }

    static void awaitRows(EmbeddedDatabase db, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                if (count(db, "SELECT count(*) FROM decisions") >= rows) {
                    return;
                }
            } catch (SQLException e) {
                // schema not there yet
            }
            assertThat(System.nanoTime()).as(rows + " rows projected").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static long count(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.user(), "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int getStatus(ServiceProcess service, String path, String token) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var req = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(req, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}

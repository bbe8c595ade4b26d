package io.callguard.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.Events;
import io.callguard.testing.ServiceProcess;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas, two analysts, one dispute, the same instant: exactly one resolution wins, and the list and the dispute
 * agree with it on both replicas.
 */
class DisputeAcrossReplicasIT {

    @Test
    void twoAnalystsOnTwoReplicas_exactlyOneWins_andBothReplicasAgree() throws Exception {
        IsolatedTopics topics = IsolatedTopics.fresh("disputes");
        Map<String, String> settings = topics.settings(EmbeddedKafka.sharedBootstrapServers(), true);
        settings.put("callguard.pipeline.enabled", "false");
        try (ServiceProcess a = ServiceProcess.start("disputes-a", settings);
                ServiceProcess b = ServiceProcess.start("disputes-b", settings)) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 5; round++) {
                    String number = Events.freshMobile();
                    given().port(a.httpPort())
                            .auth()
                            .oauth2(Tokens.analyst())
                            .contentType(ContentType.JSON)
                            .body(Map.of("category", "LOAN", "reason", "loan scam", "source", "FRAUD_TEAM"))
                            .put("/api/v1/blocklist/numbers/" + number)
                            .then()
                            .statusCode(201);
                    String id = given().port(a.httpPort())
                            .auth()
                            .oauth2(Tokens.token("support-1", "support-agent"))
                            .contentType(ContentType.JSON)
                            .body(Map.of("number", number, "statement", "a courier company"))
                            .post("/api/v1/disputes")
                            .then()
                            .statusCode(201)
                            .extract()
                            .path("disputeId");
                    awaitVersion(b, id, 1);

                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Response>> answers = new ArrayList<>();
                    answers.add(pool.submit(() -> {
                        start.await();
                        return resolve(a, id, "LIFT", "analyst-a");
                    }));
                    answers.add(pool.submit(() -> {
                        start.await();
                        return resolve(b, id, "UPHOLD", "analyst-b");
                    }));
                    start.countDown();
                    List<Integer> statuses = new ArrayList<>();
                    String winner = null;
                    for (Future<Response> f : answers) {
                        Response r = f.get();
                        statuses.add(r.statusCode());
                        if (r.statusCode() == 200) {
                            winner = r.path("status");
                        }
                    }
                    assertThat(statuses).as("round " + round).containsOnlyOnce(200);
                    assertThat(statuses).as("round " + round).allMatch(s -> s == 200 || s == 409 || s == 412);
                    for (ServiceProcess replica : List.of(a, b)) {
                        Response d = awaitVersion(replica, id, 2);
                        assertThat(d.<String>path("status")).isEqualTo(winner);
                        int expected = winner.equals("LIFTED") ? 404 : 200;
                        int entry = awaitEntryStatus(replica, number, expected);
                        assertThat(entry)
                                .as("the list on a replica agrees with the winning " + winner)
                                .isEqualTo(expected);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    static Response resolve(ServiceProcess replica, String id, String resolution, String analyst) {
        return given().port(replica.httpPort())
                .auth()
                .oauth2(Tokens.token(analyst, "fraud-analyst"))
                .contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(Map.of("resolution", resolution, "note", "decided by " + analyst))
                .post("/api/v1/disputes/" + id + "/resolve");
    }

    /** The list entry's status on a replica once it is {@code expected}, or the last one seen after 10 s. */
    static int awaitEntryStatus(ServiceProcess replica, String number, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            status = given().port(replica.httpPort())
                    .auth()
                    .oauth2(Tokens.viewer())
                    .get("/api/v1/blocklist/numbers/" + number)
                    .statusCode();
            if (status == expected) {
                return status;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return status;
    }

    static Response awaitVersion(ServiceProcess replica, String id, int version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Response r = given().port(replica.httpPort())
                    .auth()
                    .oauth2(Tokens.viewer())
                    .get("/api/v1/disputes/" + id);
            if (r.statusCode() == 200 && r.<Integer>path("version") >= version) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("dispute " + id + " not at version " + version + " on a replica within 30 s");
    }
}

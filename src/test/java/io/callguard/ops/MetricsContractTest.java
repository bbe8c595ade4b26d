package io.callguard.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.Management;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The metrics operations rely on: exported, moving by what happened, and everything dashboards and alerts name. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class MetricsContractTest {

    static final Pattern METRIC =
            Pattern.compile("\\b((?:callguard|cache|jvm|http_server|kafka|process)_[a-zA-Z0-9_]+)");
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE);

    @Test
    void hundredBlockedCalls_moveTheBlockCounterByExactlyHundred_andLatencyIsRecorded() {
        String fraudster = Events.freshMobile();
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType(ContentType.JSON)
                .body(Map.of("category", "ROBOCALL", "reason", "metrics test", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + fraudster)
                .then()
                .statusCode(201);
        String blocked = "callguard_decisions_total{decision=\"BLOCK\",protected=\"false\",reason=\"BLOCKLISTED\"}";
        double before = value(scrape(), blocked);
        long setupCountBefore = (long) value(scrape(), "callguard_setup_to_decision_seconds_count");

        String run = Events.callId("metrics");
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            for (int i = 0; i < 100; i++) {
                kafka.sendAsync(
                        "call-setup",
                        fraudster,
                        Events.call(run + "-" + i, fraudster, Events.freshMobile(), System.currentTimeMillis())
                                .toString());
            }
            kafka.flush();
            assertThat(kafka.collect(
                            "call-decisions",
                            r -> r.key().startsWith(run),
                            100,
                            Duration.ofSeconds(30),
                            Duration.ofMillis(300)))
                    .hasSize(100);
        }

        String after = scrape();
        assertThat(value(after, blocked) - before).isEqualTo(100.0);
        assertThat((long) value(after, "callguard_setup_to_decision_seconds_count") - setupCountBefore)
                .isGreaterThanOrEqualTo(100);
        assertThat(after).contains("callguard_setup_to_decision_seconds_bucket{le=\"0.002\"}");
        assertThat(after).contains("callguard_setup_to_decision_seconds_bucket{le=\"2.0\"}");
        assertThat(after).containsPattern("callguard_consumer_lag_records\\{partition=\"\\d\",topic=\"call-setup\"}");
        assertThat(after).contains("callguard_state_caught_up{topic=\"fraud-blocklist\"} 1.0");
        assertThat(after).contains("callguard_ready 1.0");
    }

    @Test
    void dashboardAndAlertRules_nameOnlyExportedMetrics() throws IOException {
        // Make sure lazily created series exist: an API request, a decision, a GC.
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/blocklist?limit=1")
                .then()
                .statusCode(200);
        System.gc();
        Set<String> exported = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape());
        while (m.find()) {
            exported.add(m.group(1));
        }
        for (Path file : new Path[] {
            Path.of("deploy/grafana/callguard-dashboard.json"),
            Path.of("deploy/prometheus/callguard-rules.yml"),
            Path.of("k8s/base/prometheusrule.yaml")
        }) {
            Matcher names = METRIC.matcher(Files.readString(file));
            Set<String> referenced = new TreeSet<>();
            while (names.find()) {
                referenced.add(names.group(1));
            }
            assertThat(referenced).as(file + " names metrics").isNotEmpty();
            for (String name : referenced) {
                // A histogram may be named by its base name (in runbook text); its series carry suffixes.
                assertThat(exported.contains(name) || exported.contains(name + "_count"))
                        .as(file + " references " + name)
                        .isTrue();
            }
        }
    }

    @Test
    void alertRules_passPromtoolCheckAndUnitTests() throws Exception {
        Assumptions.assumeTrue(promtoolAvailable(), "promtool not installed (.ci/run installs it)");
        assertThat(run("promtool", "check", "rules", "deploy/prometheus/callguard-rules.yml"))
                .isZero();
        assertThat(run("promtool", "test", "rules", "deploy/prometheus/callguard-rules.test.yml"))
                .isZero();
    }

    static boolean promtoolAvailable() {
        try {
            return run("promtool", "--version") == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    static String scrape() {
        return Management.metrics();
    }

    static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(
                        line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return 0;
    }
}

package io.callguard.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.callguard.testing.EmbeddedDatabase;
import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.ServiceProcess;
import io.callguard.testing.Tokens;
import io.callguard.tools.CallMix;
import io.callguard.tools.StateSeeder;
import io.callguard.tools.SwitchSimulator;

/**
 * README command 1: a local Kafka broker, the packaged service and a gentle stream of demo calls, with every decision
 * printed as it happens. Ctrl-C stops everything.
 */
public final class LocalRun {

    public static void main(String[] args) throws Exception {
        int httpPort = Integer.getInteger("callguard.local.http-port", 8080);
        int managementPort = Integer.getInteger("callguard.local.management-port", 9000);
        double rate = Double.parseDouble(System.getProperty("callguard.local.rate", "4"));
        Path dir = Paths.get("target", "local-run");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        System.setProperty("callguard.app.jar", args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");

        say("starting a local Kafka broker (KRaft) under " + dir.resolve("kafka"));
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        String bootstrap = kafka.bootstrapServers();
        say("starting a local PostgreSQL 17 (the people's read model) under " + dir.resolve("postgres"));
        EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres"), EmbeddedKafka.freePort());

        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", bootstrap);
        settings.put("callguard.topics.auto-create", "true");
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        settings.put("quarkus.management.port", Integer.toString(managementPort));
        settings.put("quarkus.profile", "local");
        settings.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        settings.put("quarkus.datasource.username", EmbeddedDatabase.user());
        say("starting callguard on http://localhost:" + httpPort + " (log: target/it-logs/local-*.log)");
        ServiceProcess service = ServiceProcess.start("local", settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping callguard and the broker");
            service.stopGracefully(Duration.ofSeconds(30));
            kafka.close();
            database.close();
        }));
        service.awaitReady(Duration.ofSeconds(120));
        StateSeeder.seed(bootstrap, "");

        say("callguard is ready. Kafka: " + bootstrap + "  PostgreSQL: " + database.jdbcUrl() + " (user postgres)");
        say("  health   http://localhost:" + managementPort + "/q/health   (management port)");
        say("  metrics  http://localhost:" + managementPort + "/q/metrics  (management port)");
        say("  OpenAPI  http://localhost:" + managementPort + "/q/openapi  (management port)");
        say("  API      http://localhost:" + httpPort + "/q/swagger-ui");
        say("  topics   call-setup -> call-decisions, family-notifications, call-setup-dlq;"
                + " state: fraud-blocklist, protected-lines");
        say("demo tokens (audience callguard, valid 8 h; local demo key only):");
        say("  fraud-analyst  export TOKEN=" + Tokens.token("analyst-demo", 8 * 3600, "fraud-analyst"));
        say("  line-admin     export TOKEN=" + Tokens.token("line-admin-demo", 8 * 3600, "line-admin"));
        say("  viewer         export TOKEN=" + Tokens.token("viewer-demo", 8 * 3600, "viewer"));
        say("  support-agent  export TOKEN=" + Tokens.token("support-demo", 8 * 3600, "support-agent"));
        say("  report-intake  export TOKEN=" + Tokens.token("ivr-gateway-demo", 8 * 3600, "report-intake"));
        say("  family         export TOKEN=" + Tokens.token(CallMix.FAMILY.get(0), 8 * 3600, "family")
                + "   (family member " + CallMix.FAMILY.get(0) + " of the demo senior lines)");
        say("  console        http://localhost:" + httpPort + "/console  (paste an analyst, support or viewer token)");
        say("  family page    http://localhost:" + httpPort + "/family   (paste the family token)");
        say("  try: curl -H \"Authorization: Bearer $TOKEN\" localhost:" + httpPort + "/api/v1/blocklist");
        say("demo traffic at " + rate + " calls/s; one line per decision (Ctrl-C to stop):");

        SwitchSimulator.Options options = new SwitchSimulator.Options(
                bootstrap,
                "call-setup",
                "call-decisions",
                rate,
                Duration.ofHours(8),
                Duration.ZERO,
                0.01,
                true,
                null,
                "demo");
        new SwitchSimulator(options).run();
    }

    private static void say(String line) {
        System.out.println("[callguard-local] " + line);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package io.callguard.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the Quarkus application under test at the shared embedded Kafka broker and PostgreSQL database. */
public class TestInfrastructure implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers",
                EmbeddedKafka.sharedBootstrapServers(),
                "quarkus.datasource.jdbc.url",
                EmbeddedDatabase.sharedJdbcUrl(),
                "quarkus.datasource.username",
                EmbeddedDatabase.user());
    }

    @Override
    public void stop() {
        // Broker and database are shared by every test class of the JVM; shutdown hooks stop them.
    }
}

package io.callguard.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the Quarkus application under test at the shared embedded broker. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", EmbeddedKafka.sharedBootstrapServers());
    }

    @Override
    public void stop() {
        // The broker is shared by every test class of the JVM; a shutdown hook stops it.
    }
}

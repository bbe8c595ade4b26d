package io.callguard.testing;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callguard.testing.KafkaTestClient.Received;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends one call-setup event through the broker and returns the service's decision. */
public final class Screen {

    private Screen() {}

    public static JsonNode decide(KafkaTestClient kafka, String caller, String called, long setupTime) {
        return decide(kafka, Events.call(Events.callId("t"), caller, called, setupTime));
    }

    public static JsonNode decide(KafkaTestClient kafka, ObjectNode event) {
        String id = event.get("callId").asText();
        String key =
                event.hasNonNull("callingNumber") ? event.get("callingNumber").asText() : null;
        kafka.send("call-setup", key, event.toString());
        List<Received> got =
                kafka.collect("call-decisions", r -> id.equals(r.key()), 1, Duration.ofSeconds(30), Duration.ZERO);
        assertThat(got).as("decision for " + id).hasSize(1);
        return Events.parse(got.get(0).value());
    }
}

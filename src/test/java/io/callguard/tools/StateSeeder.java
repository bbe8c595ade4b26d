package io.callguard.tools;

import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes the simulator's fraudsters and senior lines into the state topics, as a fraud team would over REST. */
public final class StateSeeder {

    private StateSeeder() {}

    public static void seed(String bootstrap, String topicPrefix) throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        String now = Instant.now().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String number : CallMix.FRAUDSTERS) {
                producer.send(
                        new ProducerRecord<>(topicPrefix + "fraud-blocklist", number, entry("NUMBER", number, now)));
            }
            String prefixKey = "prefix:" + CallMix.BLOCKED_PREFIX;
            producer.send(new ProducerRecord<>(
                    topicPrefix + "fraud-blocklist", prefixKey, entry("PREFIX", CallMix.BLOCKED_PREFIX, now)));
            for (String line : CallMix.SENIOR_LINES) {
                String json = "{\"line\":\"" + line + "\",\"familyNumbers\":[\"" + String.join("\",\"", CallMix.FAMILY)
                        + "\"],\"trustedNumbers\":[],\"policy\":{\"quietHours\":null},\"updatedBy\":\"simulator\","
                        + "\"updatedAt\":\"" + now + "\"}";
                producer.send(new ProducerRecord<>(topicPrefix + "protected-lines", line, json));
            }
            producer.flush();
        }
    }

    private static String entry(String kind, String value, String now) {
        return "{\"kind\":\"" + kind + "\",\"value\":\"" + value
                + "\",\"action\":\"BLOCK\",\"category\":\"IMPERSONATION\","
                + "\"reason\":\"demo fraud number\",\"source\":\"FRAUD_TEAM\",\"createdBy\":\"simulator\",\"createdAt\":\""
                + now + "\",\"updatedAt\":\"" + now + "\",\"expiresAt\":null}";
    }
}

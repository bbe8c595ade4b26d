package io.callguard.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import io.callguard.config.KafkaClientFactory;
import io.callguard.rest.ProblemException;

/**
 * Reads every record of one key from an append-only audit topic. It scans the topic from the beginning, so its cost
 * grows with the trail; an answer is complete or refused (503), never silently partial.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final KafkaClientFactory clients;

    @Inject
    public AuditTrail(KafkaClientFactory clients) {
        this.clients = clients;
    }

    /** The values of every record of {@code key} in {@code topic}, in offset order per partition. */
    public List<byte[]> valuesOf(String topic, String key) {
        List<byte[]> found = new ArrayList<>();
        try (Consumer<String, byte[]> c = clients.stateConsumer(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "callguard-history-" + clients.instanceId(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000))) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!reached(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw ProblemException.unavailable(
                            "the audit trail " + topic + " could not be read to its end within " + DEADLINE, 5);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key()) && r.value() != null) {
                        found.add(r.value());
                    }
                }
            }
        }
        return found;
    }

    private static boolean reached(Consumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}

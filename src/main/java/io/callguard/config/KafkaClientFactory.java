package io.callguard.config;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds every Kafka client of the service from the {@code kafka.*} properties (bootstrap servers, security, ...), so
 * each client gets the same connection settings and only its role-specific overrides differ.
 */
@ApplicationScoped
public class KafkaClientFactory {

    /** Identifies this process in client ids, so broker-side metrics and logs tell replicas apart. */
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);

    private final Map<String, Object> common;

    @Inject
    public KafkaClientFactory(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.common = new HashMap<>(kafkaConfig);
        // Quarkus puts some non-client keys into the map; the clients only warn about them, keep logs clean.
        common.keySet().removeIf(k -> k.startsWith("devservices") || k.startsWith("health") || k.startsWith("snappy"));
    }

    public String instanceId() {
        return instanceId;
    }

    public Map<String, Object> commonConfig() {
        return Map.copyOf(common);
    }

    /** A consumer of raw key and value bytes, for the screening loop (bad input must reach the DLQ unchanged). */
    public KafkaConsumer<byte[], byte[]> rawConsumer(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    /** A consumer of string keys and raw values, for the state topics. */
    public KafkaConsumer<String, byte[]> stateConsumer(Map<String, Object> overrides) {
        return new KafkaConsumer<>(stateConsumerConfig(overrides));
    }

    /**
     * The settings of a state (or audit) reader. It assigns partitions itself and keeps its position in memory, so it
     * belongs to no consumer group and commits nothing: a group would need an ACL and would only collect stale
     * offsets.
     */
    public Map<String, Object> stateConsumerConfig(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(common);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // A state topic created by accident would be uncompacted: never let a reader create one.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // REST writes commit state and audit records in one transaction; an aborted write must never apply.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Catch-up reads millions of small records: large polls and fetches, fewer round trips.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        props.putAll(overrides);
        return props;
    }

    public KafkaProducer<byte[], byte[]> rawProducer(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    /**
     * A transactional producer for state and audit writes: acks=all, idempotent. The transactional id is unique to
     * this process; a short transaction timeout bounds how long a crashed writer's open transaction can hold back the
     * read_committed state readers.
     */
    public KafkaProducer<String, byte[]> stateWriter(String role) {
        return stateWriter(role, "callguard-" + role + "-" + instanceId);
    }

    /**
     * A transactional producer whose transactional id is shared by every replica: each one that initialises it fences
     * the others, which serialises rare check-then-write decisions across the cluster (see {@code FencedWriter}).
     */
    public KafkaProducer<String, byte[]> sharedStateWriter(String role, String transactionalId) {
        return stateWriter(role, transactionalId);
    }

    private KafkaProducer<String, byte[]> stateWriter(String role, String transactionalId) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "callguard-" + role + "-" + instanceId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        return new KafkaProducer<>(props);
    }
}

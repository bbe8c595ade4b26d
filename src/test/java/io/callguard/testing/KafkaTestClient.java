package io.callguard.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A test's view of the broker: send raw records, collect what the service wrote. */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrap;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(p);
    }

    public static KafkaTestClient shared() {
        return new KafkaTestClient(EmbeddedKafka.sharedBootstrapServers());
    }

    public RecordMetadata send(String topic, String key, String value) {
        return send(topic, null, bytes(key), bytes(value));
    }

    public RecordMetadata send(String topic, Integer partition, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, partition, key, value))
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e);
        }
    }

    /** Sends with an explicit record timestamp (CreateTime), as a producer whose clock was {@code timestamp}. */
    public RecordMetadata send(String topic, String key, String value, long timestamp) {
        try {
            return producer.send(new ProducerRecord<>(topic, null, timestamp, bytes(key), bytes(value)))
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e);
        }
    }

    /** Sends without waiting; call {@link #flush} before expecting results. */
    public void sendAsync(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, bytes(key), bytes(value)));
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Reads {@code topic} from the beginning until {@code expected} records match or the timeout passes, then keeps
     * reading for {@code settle} so that extra (duplicate) matches are seen too.
     */
    public List<Received> collect(
            String topic, Predicate<Received> match, int expected, Duration timeout, Duration settle) {
        return collect(topic, match, expected, timeout, settle, false);
    }

    public List<Received> collect(
            String topic,
            Predicate<Received> match,
            int expected,
            Duration timeout,
            Duration settle,
            boolean readCommitted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<Received> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    Received rec = new Received(r);
                    if (match.test(rec)) {
                        found.add(rec);
                    }
                }
                if (found.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return found;
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }

    /** A received record with its key and value as text and its headers. */
    public record Received(String key, String value, Map<String, String> headers, int partition, long offset) {
        Received(ConsumerRecord<byte[], byte[]> r) {
            this(
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                    r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8),
                    headersOf(r),
                    r.partition(),
                    r.offset());
        }

        private static Map<String, String> headersOf(ConsumerRecord<byte[], byte[]> r) {
            Map<String, String> h = new java.util.HashMap<>();
            r.headers().forEach(x -> h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8)));
            return h;
        }
    }
}

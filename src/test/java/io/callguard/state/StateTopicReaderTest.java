package io.callguard.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.KafkaTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A state reader whose sink throws stops loudly instead of leaving a frozen view that looks caught up. */
class StateTopicReaderTest {

    @Test
    void sinkThatThrows_failsTheReader_andItIsNoLongerCaughtUp() throws Exception {
        String bootstrap = EmbeddedKafka.sharedBootstrapServers();
        String topic = "reader-fail-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all()
                    .get();
        }
        Map<String, byte[]> applied = new ConcurrentHashMap<>();
        StateSink sink = new StateSink() {
            @Override
            public void apply(String key, byte[] value) {
                if (key.equals("poison")) {
                    throw new IllegalStateException("a bug in a view");
                }
                applied.put(key, value);
            }

            @Override
            public long invalidRecords() {
                return 0;
            }
        };
        StateTopicReader reader = new StateTopicReader(topic, () -> consumer(bootstrap), sink, Duration.ofMillis(20));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(topic, "a", "1");
            reader.start();
            awaitTrue(reader::isCaughtUp);
            assertThat(reader.failure()).isNull();

            kafka.send(topic, "poison", "x");
            awaitTrue(() -> reader.failure() != null);
            kafka.send(topic, "b", "2");

            assertThat(reader.failure()).isInstanceOf(IllegalStateException.class);
            assertThat(reader.isCaughtUp()).isFalse();
            Thread.sleep(300);
            assertThat(applied).containsOnlyKeys("a");
            assertThat(reader.awaitApplied(0, 2, Duration.ofSeconds(5))).isFalse();
        } finally {
            reader.close();
        }
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

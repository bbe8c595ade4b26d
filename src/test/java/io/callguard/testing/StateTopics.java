package io.callguard.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.callguard.state.Snapshottable;
import io.callguard.state.StateSink;
import io.callguard.state.StateSnapshots;
import io.callguard.state.StateTopicReader;

/** State topics on the shared test broker, read the way a replica reads them: whole, or from a snapshot. */
public final class StateTopics {

    public static final String BOOTSTRAP = EmbeddedKafka.sharedBootstrapServers();

    private StateTopics() {}

    /** Creates a compacted topic, waiting out a deletion of the same name that is still under way. */
    public static void createCompacted(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            for (int attempt = 0; ; attempt++) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())
                                    .configs(Map.of("cleanup.policy", "compact"))))
                            .all()
                            .get();
                    return;
                } catch (ExecutionException e) {
                    if (attempt > 50) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    public static void delete(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }

    /** Reads {@code topic} whole into {@code view} and stops. */
    public static <V extends StateSink> V readWhole(String topic, V view) throws InterruptedException {
        StateTopicReader reader = new StateTopicReader(topic, StateTopics::consumer, view, Duration.ofMillis(20));
        reader.start();
        await(reader::isCaughtUp);
        reader.close();
        return view;
    }

    /** Snapshots of {@code view} in {@code dir}, with the topic's facts from the broker. */
    public static StateSnapshots snapshots(
            String topic, Path dir, Snapshottable view, Duration maxAge, MeterRegistry registry) {
        return new StateSnapshots(
                topic,
                dir,
                view,
                Duration.ofHours(1),
                maxAge,
                () -> StateSnapshots.TopicFacts.lookup(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP), topic),
                Clock.systemUTC(),
                registry);
    }

    /** Starts a reader of {@code topic} into {@code view} that loads and writes {@code snapshots}. */
    public static StateTopicReader startReader(String topic, StateSink view, StateSnapshots snapshots) {
        StateTopicReader reader =
                new StateTopicReader(topic, StateTopics::consumer, view, Duration.ofMillis(20)).snapshotTo(snapshots);
        reader.start();
        return reader;
    }

    public static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    public static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(20);
        }
    }
}

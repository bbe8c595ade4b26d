package io.callguard.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling of this architecture: consume → produce the same bytes, with the service's client settings (acks=all,
 * idempotence, linger 1 ms), no screening. Run as its own process, like the service, by {@link LoadHarness}. Three
 * ways to commit ({@code --mode}):
 *
 * <ul>
 *   <li>{@code sync}: flush after every poll, then a synchronous commit;
 *   <li>{@code pipelined}: sends without waiting, polls again at once, and every 100 ms commits asynchronously, per
 *       partition, the offset below which every output is acknowledged (what Kafka Streams' commit interval does);
 *   <li>{@code eos}: each poll's outputs and offsets in one transaction, as the plain Kafka examples write it.
 * </ul>
 */
public final class Passthrough {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        String bootstrap = a.get("bootstrap");
        String in = a.get("in");
        String out = a.get("out");
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        String mode = a.getOrDefault("mode", "sync");
        List<Thread> loops = new ArrayList<>();
        List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            KafkaConsumer<byte[], byte[]> consumer =
                    consumer(bootstrap, a.getOrDefault("group", "passthrough"), mode.equals("eos"));
            consumers.add(consumer);
            String transactionalId = mode.equals("eos") ? a.getOrDefault("group", "passthrough") + "-tx-" + t : null;
            KafkaProducer<byte[], byte[]> producer = producer(bootstrap, transactionalId);
            Runnable body = switch (mode) {
                case "pipelined" -> () -> runPipelined(consumer, producer, in, out);
                case "eos" -> () -> runTransactional(consumer, producer, in, out);
                default -> () -> run(consumer, producer, in, out);
            };
            Thread loop = new Thread(body, "passthrough-" + t);
            loops.add(loop);
            loop.start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> consumers.forEach(KafkaConsumer::wakeup)));
        System.out.println("passthrough ready");
        for (Thread t : loops) {
            t.join();
        }
    }

    static void run(
            KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String in, String out) {
        try (consumer;
                producer) {
            consumer.subscribe(List.of(in));
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(out, r.key(), r.value()));
                }
                producer.flush();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
                    offsets.put(
                            tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
                }
                consumer.commitSync(offsets);
            }
        } catch (WakeupException e) {
            // shutdown
        }
    }

    /** Outputs of one poll and the offsets they cover; committable once every output is acknowledged. */
    private static final class Batch {
        final AtomicInteger pending;
        final Map<TopicPartition, OffsetAndMetadata> offsets;

        Batch(int sends, Map<TopicPartition, OffsetAndMetadata> offsets) {
            this.pending = new AtomicInteger(sends);
            this.offsets = offsets;
        }
    }

    static void runPipelined(
            KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String in, String out) {
        ArrayDeque<Batch> inFlight = new ArrayDeque<>();
        long nextCommit = System.nanoTime();
        try (consumer;
                producer) {
            consumer.subscribe(List.of(in));
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    Batch batch = new Batch(records.count(), nextOffsets(records));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        producer.send(new ProducerRecord<>(out, r.key(), r.value()), (m, e) -> {
                            if (e != null) {
                                throw new IllegalStateException("send failed", e);
                            }
                            batch.pending.decrementAndGet();
                        });
                    }
                    inFlight.add(batch);
                }
                if (System.nanoTime() >= nextCommit) {
                    nextCommit = System.nanoTime() + 100_000_000L;
                    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                    while (!inFlight.isEmpty() && inFlight.peek().pending.get() == 0) {
                        done.putAll(inFlight.poll().offsets);
                    }
                    if (!done.isEmpty()) {
                        consumer.commitAsync(done, null);
                    }
                }
            }
        } catch (WakeupException e) {
            // shutdown
        }
    }

    static void runTransactional(
            KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String in, String out) {
        try (consumer;
                producer) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(out, r.key(), r.value()));
                }
                producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
                producer.commitTransaction();
            }
        } catch (WakeupException e) {
            // shutdown
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
        }
        return offsets;
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group, boolean readCommitted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        if (readCommitted) {
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return new KafkaConsumer<>(p);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p);
    }
}

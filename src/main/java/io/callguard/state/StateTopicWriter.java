package io.callguard.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Writes state changes together with their audit records in one Kafka transaction, and returns only once the broker
 * has committed them (acks=all) and this replica's readers have applied them: read-your-writes for the REST client
 * that made the change, and no change without its audit record. One writer per replica serves every state topic, so
 * a change that touches several (an approved entry and its pending request, a dispute and the entry it lifts) is
 * atomic too.
 */
public final class StateTopicWriter {

    /** One record of a transaction: a state record ({@code value == null} deletes the key) or an audit record. */
    public record Change(String topic, String key, byte[] value) {
        public Change {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
        }
    }

    private final Supplier<Producer<String, byte[]>> producerFactory;
    private final Duration timeout;
    private final Map<String, StateTopicReader> readers = new ConcurrentHashMap<>();
    private volatile ProjectionBarrier projection = (topic, partition, offset) -> {};
    private Producer<String, byte[]> producer;

    /** @param producerFactory creates a transactional producer (acks=all, idempotent, transactional.id set) */
    public StateTopicWriter(Supplier<Producer<String, byte[]>> producerFactory, Duration timeout) {
        this.producerFactory = Objects.requireNonNull(producerFactory, "producerFactory");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Writes of records that are not state (audit records) wait, bounded, until {@code barrier} has them. */
    public void projectTo(ProjectionBarrier barrier) {
        this.projection = barrier;
    }

    /** Writes to {@code reader}'s topic wait until this reader has applied them. */
    public void follow(StateTopicReader reader) {
        readers.put(reader.topic(), reader);
    }

    /** Writes one change; see {@link #writeAll}. */
    public void write(Change change) {
        writeAll(List.of(change));
    }

    /**
     * Writes the changes atomically and waits until this replica has applied the last of them on every materialised
     * topic they touch.
     *
     * @throws StateWriteException if they could not be committed or were not applied in time; nothing or everything
     *     of the batch is then visible, and repeating it is safe (changes are replacements)
     */
    public synchronized void writeAll(List<Change> changes) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("no changes to write");
        }
        Map<String, Future<RecordMetadata>> lastPerTopic = new LinkedHashMap<>();
        Map<String, RecordMetadata> acknowledged = new LinkedHashMap<>();
        try {
            Producer<String, byte[]> p = producer();
            p.beginTransaction();
            for (Change c : changes) {
                lastPerTopic.put(c.topic(), p.send(new ProducerRecord<>(c.topic(), c.key(), c.value())));
            }
            p.commitTransaction();
            for (Map.Entry<String, Future<RecordMetadata>> e : lastPerTopic.entrySet()) {
                acknowledged.put(e.getKey(), e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
        } catch (ProducerFencedException e) {
            discardProducer();
            throw new StateWriteException("state writer was fenced; retry", e);
        } catch (KafkaException e) {
            abortQuietly();
            throw new StateWriteException("broker did not commit the write: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortQuietly();
            throw new StateWriteException("interrupted while writing state", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StateWriteException("broker did not acknowledge the write", e);
        }
        awaitApplied(acknowledged);
    }

    /**
     * Waits until this replica's readers (or the read model, for topics it does not materialise) have the last
     * record written to each topic: read-your-writes for writes made by this writer or by a {@link FencedWriter}.
     */
    void awaitApplied(Map<String, RecordMetadata> lastPerTopic) {
        for (Map.Entry<String, RecordMetadata> e : lastPerTopic.entrySet()) {
            StateTopicReader reader = readers.get(e.getKey());
            if (reader != null) {
                awaitApplied(reader, e.getValue());
            } else {
                // The commit marker follows the last record: the projector can only pass it once it is committed.
                projection.await(
                        e.getKey(), e.getValue().partition(), e.getValue().offset());
            }
        }
    }

    private void awaitApplied(StateTopicReader reader, RecordMetadata last) {
        try {
            if (!reader.awaitApplied(last.partition(), last.offset(), timeout)) {
                throw new StateWriteException("write to " + reader.topic() + " committed but not applied within "
                        + timeout + "; it will apply shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateWriteException("interrupted while waiting for " + reader.topic(), e);
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = producerFactory.get();
            producer.initTransactions();
        }
        return producer;
    }

    private void abortQuietly() {
        try {
            if (producer != null) {
                producer.abortTransaction();
            }
        } catch (KafkaException e) {
            discardProducer();
        }
    }

    private void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException ignored) {
                // already broken
            }
            producer = null;
        }
    }

    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}

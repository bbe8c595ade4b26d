package io.callguard.state;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * has committed them (acks=all) and this replica's reader has applied them: read-your-writes for the REST client
 * that made the change, and no change without its audit record.
 */
public final class StateTopicWriter {

    /** One change: the new value ({@code null} deletes the key) and, optionally, its audit record. */
    public record Change(String key, byte[] value, String auditKey, byte[] audit) {}

    private final Supplier<Producer<String, byte[]>> producerFactory;
    private final StateTopicReader reader;
    private final String auditTopic;
    private final Duration timeout;
    private Producer<String, byte[]> producer;

    /**
     * @param producerFactory creates a transactional producer (acks=all, idempotent, transactional.id set)
     * @param auditTopic where audit records go, or {@code null} if this state has no audit trail
     */
    public StateTopicWriter(
            Supplier<Producer<String, byte[]>> producerFactory,
            StateTopicReader reader,
            String auditTopic,
            Duration timeout) {
        this.producerFactory = Objects.requireNonNull(producerFactory, "producerFactory");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.auditTopic = auditTopic;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Writes one change; see {@link #writeAll}. */
    public RecordMetadata write(Change change) {
        return writeAll(List.of(change));
    }

    /**
     * Writes the changes atomically and waits until this replica has applied the last of them.
     *
     * @throws StateWriteException if they could not be committed or were not applied in time; nothing or everything
     *     of the batch is then visible, and repeating it is safe (changes are replacements)
     */
    public synchronized RecordMetadata writeAll(List<Change> changes) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("no changes to write");
        }
        RecordMetadata last;
        try {
            Producer<String, byte[]> p = producer();
            p.beginTransaction();
            Future<RecordMetadata> lastState = null;
            for (Change c : changes) {
                lastState = p.send(new ProducerRecord<>(reader.topic(), c.key(), c.value()));
                if (auditTopic != null && c.audit() != null) {
                    p.send(new ProducerRecord<>(auditTopic, c.auditKey(), c.audit()));
                }
            }
            p.commitTransaction();
            last = lastState.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ProducerFencedException e) {
            discardProducer();
            throw new StateWriteException("writer of " + reader.topic() + " was fenced; retry", e);
        } catch (KafkaException e) {
            abortQuietly();
            throw new StateWriteException(
                    "broker did not commit the write to " + reader.topic() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortQuietly();
            throw new StateWriteException("interrupted while writing to " + reader.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StateWriteException("broker did not acknowledge the write to " + reader.topic(), e);
        }
        try {
            if (!reader.awaitApplied(last.partition(), last.offset(), timeout)) {
                throw new StateWriteException("write to " + reader.topic() + " committed but not applied within "
                        + timeout + "; it will apply shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateWriteException("interrupted while waiting for " + reader.topic(), e);
        }
        return last;
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

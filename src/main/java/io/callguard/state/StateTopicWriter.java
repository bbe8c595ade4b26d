package io.callguard.state;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes one state change and returns only once the broker has acknowledged it (acks=all) and this replica's reader
 * has applied it: read-your-writes for the REST client that made the change.
 */
public final class StateTopicWriter {

    private final Producer<String, byte[]> producer;
    private final StateTopicReader reader;
    private final Duration timeout;

    public StateTopicWriter(Producer<String, byte[]> producer, StateTopicReader reader, Duration timeout) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * @param value the new value, or {@code null} to delete the key (tombstone)
     * @return the acknowledged position of the write
     * @throws StateWriteException if the broker did not acknowledge or the view did not apply it in time
     */
    public RecordMetadata write(String key, byte[] value) {
        Objects.requireNonNull(key, "key");
        try {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(reader.topic(), key, value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!reader.awaitApplied(metadata.partition(), metadata.offset(), timeout)) {
                throw new StateWriteException("write to " + reader.topic() + " acknowledged but not applied within "
                        + timeout + "; it will apply shortly");
            }
            return metadata;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateWriteException("interrupted while writing to " + reader.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StateWriteException("broker did not acknowledge the write to " + reader.topic(), e);
        }
    }
}

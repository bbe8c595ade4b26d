package io.callguard.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

import io.callguard.state.StateTopicWriter.Change;

/**
 * Check-then-write across every replica: all writers share one transactional id, and each write starts a producer
 * that initialises it. Initialising fences any other replica's producer of that id and aborts its open transaction (or
 * waits for one already committing), so between {@code initTransactions()} and the commit this writer is the only one;
 * a plan that reads the log up to its end first decides on everything committed before it. A writer fenced in the
 * middle has its transaction aborted and learns it: {@link ConcurrentWriteException}. Slow (a new producer per write),
 * meant for rare decisions such as resolving a dispute.
 */
public final class FencedWriter {

    /** The changes a plan decided on, and what the write answers. */
    public record Planned<T>(List<Change> changes, T result) {}

    /** Another replica's writer took the transactional id while this write was open: nothing of it is visible. */
    public static final class ConcurrentWriteException extends RuntimeException {
        ConcurrentWriteException(Throwable cause) {
            super("another replica wrote at the same time", cause);
        }
    }

    private final Supplier<Producer<String, byte[]>> producers;
    private final StateTopicWriter follower;
    private final Duration timeout;

    /**
     * @param producers creates a transactional producer with the shared transactional id
     * @param follower whose readers a write waits for (read-your-writes)
     */
    public FencedWriter(Supplier<Producer<String, byte[]>> producers, StateTopicWriter follower, Duration timeout) {
        this.producers = Objects.requireNonNull(producers, "producers");
        this.follower = Objects.requireNonNull(follower, "follower");
        this.timeout = timeout;
    }

    /**
     * Takes the transactional id, runs {@code plan} (which may refuse by throwing, writing nothing), writes its changes
     * in one transaction and waits until this replica has applied them.
     */
    public synchronized <T> T write(Supplier<Planned<T>> plan) {
        Map<String, RecordMetadata> acknowledged = new LinkedHashMap<>();
        Producer<String, byte[]> p = producers.get();
        try {
            Planned<T> planned;
            try {
                p.initTransactions();
                planned = plan.get();
                if (planned.changes().isEmpty()) {
                    return planned.result();
                }
                Map<String, Future<RecordMetadata>> lastPerTopic = new LinkedHashMap<>();
                p.beginTransaction();
                for (Change c : planned.changes()) {
                    lastPerTopic.put(c.topic(), p.send(new ProducerRecord<>(c.topic(), c.key(), c.value())));
                }
                p.commitTransaction();
                for (Map.Entry<String, Future<RecordMetadata>> e : lastPerTopic.entrySet()) {
                    acknowledged.put(e.getKey(), e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                }
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw new ConcurrentWriteException(e);
            } catch (KafkaException e) {
                throw new StateWriteException("broker did not commit the write: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateWriteException("interrupted while writing state", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new StateWriteException("broker did not acknowledge the write", e);
            }
            follower.awaitApplied(acknowledged);
            return planned.result();
        } finally {
            p.close(Duration.ofSeconds(5));
        }
    }
}

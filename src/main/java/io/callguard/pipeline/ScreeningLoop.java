package io.callguard.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.callguard.config.DeliveryMode;

/**
 * One screening thread: owns one consumer and one producer. Poll a batch, screen every record, wait until the broker
 * has acknowledged every output, then commit the batch's offsets (at-least-once), or do all of it in one transaction
 * (exactly-once). If outputs fail, the batch is rewound and screened again: outputs are deterministic per callId, so a
 * retry repeats and never invents.
 */
final class ScreeningLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ScreeningLoop.class);

    private final String name;
    private final String inputTopic;
    private final DeliveryMode mode;
    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final Supplier<Producer<byte[], byte[]>> producerFactory;
    private final CallSetupHandler handler;
    private final PipelineMetrics metrics;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private final LagGauges lagGauges;
    private final AtomicReference<Throwable> sendFailure = new AtomicReference<>();
    private final Callback onSent = (metadata, exception) -> {
        if (exception != null) {
            sendFailure.compareAndSet(null, exception);
        }
    };

    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile boolean stopped;
    private volatile Consumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> producer;

    ScreeningLoop(
            String name,
            String inputTopic,
            DeliveryMode mode,
            Supplier<Consumer<byte[], byte[]>> consumerFactory,
            Supplier<Producer<byte[], byte[]>> producerFactory,
            CallSetupHandler handler,
            PipelineMetrics metrics,
            Duration pollTimeout,
            Duration retryBackoff,
            LagGauges lagGauges) {
        this.name = name;
        this.inputTopic = inputTopic;
        this.mode = mode;
        this.consumerFactory = consumerFactory;
        this.producerFactory = producerFactory;
        this.handler = handler;
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
        this.lagGauges = lagGauges;
    }

    /** Whether this loop has joined the group and received an assignment (possibly empty). */
    boolean isAssigned() {
        return assigned;
    }

    boolean isStopped() {
        return stopped;
    }

    /** Asks the loop to finish its batch, commit and close. Safe from any thread. */
    void stop() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            consumer = consumerFactory.get();
            producer = producerFactory.get();
            if (mode == DeliveryMode.EXACTLY_ONCE) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(inputTopic), new Rebalance());
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(pollTimeout);
                } catch (WakeupException e) {
                    continue; // stop() was called; the loop condition ends it
                }
                if (records.isEmpty()) {
                    continue;
                }
                if (mode == DeliveryMode.EXACTLY_ONCE) {
                    processTransactionally(records);
                } else {
                    processAtLeastOnce(records);
                }
                updateLag(records);
            }
        } catch (Exception e) {
            LOG.errorf(e, "screening loop %s stopped by an unexpected error", name);
        } finally {
            closeClients();
            stopped = true;
            LOG.infof("screening loop %s closed", name);
        }
    }

    private void processAtLeastOnce(ConsumerRecords<byte[], byte[]> records) {
        long started = System.nanoTime();
        sendFailure.set(null);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            handler.handle(record, producer, onSent);
        }
        producer.flush();
        Throwable failure = sendFailure.get();
        if (failure != null) {
            metrics.produceFailure();
            LOG.warnf(
                    "outputs of a batch of %d were not acknowledged (%s); retrying the batch",
                    records.count(), failure);
            rewindAndBackOff(records);
            return;
        }
        commit(nextOffsets(records));
        metrics.commit(System.nanoTime() - started);
    }

    private void processTransactionally(ConsumerRecords<byte[], byte[]> records) {
        long started = System.nanoTime();
        try {
            producer.beginTransaction();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                handler.handle(record, producer, onSent);
            }
            producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
            producer.commitTransaction();
            metrics.transactionCommitted();
            metrics.commit(System.nanoTime() - started);
        } catch (ProducerFencedException
                | OutOfOrderSequenceException
                | AuthorizationException
                | InvalidProducerEpochException e) {
            // This producer can no longer write: start a fresh one and screen the batch again.
            LOG.warnf("transactional producer of %s fenced or broken (%s); recreating it", name, e);
            metrics.transactionAborted();
            producer.close(Duration.ZERO);
            producer = producerFactory.get();
            producer.initTransactions();
            rewindAndBackOff(records);
        } catch (KafkaException e) {
            LOG.warnf("transaction of %s aborted (%s); retrying the batch", name, e);
            metrics.transactionAborted();
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailure) {
                LOG.warnf("abort failed too (%s); recreating the producer", abortFailure.toString());
                producer.close(Duration.ZERO);
                producer = producerFactory.get();
                producer.initTransactions();
            }
            rewindAndBackOff(records);
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // stop() raced with the commit: the wakeup is spent, so the retry goes through.
            consumer.commitSync(offsets);
        } catch (RebalanceInProgressException e) {
            LOG.infof("commit of %s deferred by a rebalance; the batch's tail may be screened again", name);
        } catch (KafkaException e) {
            // The partitions may have moved: the new owner screens the tail again (same callIds, same decisions).
            LOG.warnf("offset commit of %s failed (%s)", name, e.toString());
        }
    }

    /** Back-pressure on output failure: pause input, wait, rewind to the batch start, resume. */
    private void rewindAndBackOff(ConsumerRecords<byte[], byte[]> records) {
        metrics.batchRetry();
        Collection<TopicPartition> partitions = records.partitions();
        consumer.pause(partitions);
        try {
            Thread.sleep(retryBackoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, records.records(tp).get(0).offset());
        }
        consumer.resume(partitions);
    }

    private void updateLag(ConsumerRecords<byte[], byte[]> records) {
        long now = System.currentTimeMillis();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
            long lag = consumer.currentLag(tp).orElse(0);
            lagGauges.update(tp, lag, part.get(part.size() - 1).timestamp(), now);
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

    private void closeClients() {
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            LOG.warnf("closing producer of %s: %s", name, e.toString());
        }
        try {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            LOG.warnf("closing consumer of %s: %s", name, e.toString());
        }
    }

    /**
     * Offsets are committed at the end of every batch, before the next poll, so nothing is pending when partitions are
     * revoked during that poll.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("%s: partitions revoked %s", name, partitions);
            }
            partitions.forEach(lagGauges::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = true;
            metrics.rebalance();
            LOG.infof("%s: partitions assigned %s", name, partitions);
        }
    }
}

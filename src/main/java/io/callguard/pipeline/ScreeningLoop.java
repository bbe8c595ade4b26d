package io.callguard.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.callguard.config.DeliveryMode;
import io.callguard.config.KafkaFailures;

/**
 * One screening thread: owns one consumer and one producer. At-least-once (the default) is pipelined: poll, screen,
 * send every output without waiting, poll again; every commit interval the offsets whose outputs (and all earlier
 * ones) the broker has acknowledged are committed ({@link AckWindows}). Exactly-once puts outputs and offsets into
 * transactions that span polls until they are old or large enough ({@link TransactionBounds}). If outputs fail, reading rewinds to the oldest input not committed and screens it again:
 * outputs are deterministic per callId, so a retry repeats and never invents.
 *
 * <p>Failures have two tiers, as in the Kafka client examples. Retriable ones (a broker restarting, a timeout) are
 * retried with an exponential backoff and counted, for at most {@code maxRetryDuration} without a success. Fatal ones
 * (missing rights, a record the broker will never take, an unknown topic, a fenced producer) end the loop at once and
 * loudly: an ERROR line, a metric, liveness DOWN so the pod is restarted. Never an endless silent retry, never a
 * fenced producer recreated under the same transactional id.
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
    private final Duration maxRetryDuration;
    private final LagGauges lagGauges;
    private final Duration warmupWindow;
    /** Per partition, the committed offset up to which records only rebuild in-memory windows. */
    private final Map<TopicPartition, Long> warmUntil = new HashMap<>();

    /** Outputs in flight and the input offsets they cover (at-least-once). */
    private final AckWindows windows = new AckWindows();

    private final long commitIntervalNanos;
    private long nextWindowCloseNanos;

    /** Exactly-once: the open transaction, if any, and what it covers. */
    private final TransactionBounds transactionBounds;

    private boolean inTransaction;
    private long transactionDeadlineNanos;
    private int transactionRecords;
    /** Per partition, the offset to commit with the transaction (after its last record). */
    private final Map<TopicPartition, OffsetAndMetadata> transactionOffsets = new HashMap<>();
    /** Per partition, the transaction's first screened record: where an abort reads again from. */
    private final Map<TopicPartition, Long> transactionFirstOffsets = new HashMap<>();

    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile boolean stopped;
    private volatile Throwable fatalFailure;
    private volatile Consumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> producer;
    /** Start of the current run of consecutive retriable failures, 0 when the last batch went through. */
    private long failingSinceNanos;

    private int consecutiveFailures;

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
            Duration maxRetryDuration,
            LagGauges lagGauges,
            Duration warmupWindow,
            Duration commitInterval,
            TransactionBounds transactionBounds) {
        this.name = name;
        this.inputTopic = inputTopic;
        this.mode = mode;
        this.consumerFactory = consumerFactory;
        this.producerFactory = producerFactory;
        this.handler = handler;
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
        this.maxRetryDuration = maxRetryDuration;
        this.lagGauges = lagGauges;
        this.warmupWindow = warmupWindow;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.transactionBounds = transactionBounds;
    }

    /** Whether this loop has joined the group and received an assignment (possibly empty). */
    boolean isAssigned() {
        return assigned;
    }

    boolean isStopped() {
        return stopped;
    }

    /** What ended the loop without being asked to, or {@code null}. */
    Throwable fatalFailure() {
        return fatalFailure;
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
                    long polled = System.nanoTime();
                    records = consumer.poll(inTransaction ? untilTransactionDeadline(polled) : pollTimeout);
                    metrics.poll(System.nanoTime() - polled, records.count());
                } catch (WakeupException e) {
                    continue; // stop() was called; the loop condition ends it
                }
                if (mode == DeliveryMode.EXACTLY_ONCE) {
                    if (!records.isEmpty()) {
                        addToTransaction(records);
                    }
                    if (inTransaction
                            && (transactionRecords >= transactionBounds.maxRecords()
                                    || System.nanoTime() - transactionDeadlineNanos >= 0)) {
                        commitTransaction();
                    }
                } else {
                    processAtLeastOnce(records);
                }
                if (!records.isEmpty()) {
                    updateLag(records);
                }
            }
            if (mode == DeliveryMode.AT_LEAST_ONCE && fatalFailure == null) {
                drain();
            }
            if (inTransaction && fatalFailure == null) {
                commitTransaction();
            }
        } catch (FatalLoopFailure e) {
            fail(e.getCause());
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (Exception e) {
            fail(e);
        } finally {
            closeClients();
            stopped = true;
            LOG.infof("screening loop %s closed", name);
        }
    }

    /**
     * Sends the batch's outputs without waiting for them, then commits whatever earlier windows have had acknowledged:
     * the loop polls again at once. A window closes every commit interval; its offsets are committed only when all its
     * outputs, and those of every window before it, are acknowledged. A send failure rewinds to the oldest window not
     * committed, so a crash or a failure replays, never loses.
     */
    private void processAtLeastOnce(ConsumerRecords<byte[], byte[]> records) {
        long started = System.nanoTime();
        try {
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
                long firstHandled = -1;
                Long until = warmUntil.isEmpty() ? null : warmUntil.get(tp);
                for (int i = 0; i < part.size(); i++) {
                    ConsumerRecord<byte[], byte[]> record = part.get(i);
                    if (until != null && record.offset() < until) {
                        handler.warm(record);
                        continue;
                    }
                    AckWindows.Window window = windows.open();
                    window.sent(handler.handle(record, producer, window));
                    if (firstHandled < 0) {
                        firstHandled = record.offset();
                    }
                }
                if (until != null && part.get(part.size() - 1).offset() + 1 >= until) {
                    warmUntil.remove(tp);
                }
                if (firstHandled >= 0) {
                    windows.handled(tp, firstHandled, part.get(part.size() - 1).offset());
                }
            }
        } catch (KafkaException e) {
            // send() also fails synchronously: same tiers as an asynchronous failure.
            recover(e);
            return;
        }
        if (started >= nextWindowCloseNanos) {
            windows.close();
            nextWindowCloseNanos = started + commitIntervalNanos;
        }
        Exception failure = windows.failure();
        if (failure != null) {
            recover(failure);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = windows.takeCommittable();
        if (!offsets.isEmpty()) {
            succeeded();
            commitAsync(offsets);
            metrics.commit(System.nanoTime() - started);
        }
    }

    /**
     * A send failed: wait for every output still in flight, commit the windows that made it, and read the rest again
     * from the oldest window not committed (after the back-off of its failure tier).
     */
    private void recover(Throwable failure) {
        metrics.produceFailure();
        try {
            producer.flush();
        } catch (KafkaException e) {
            // the failure at hand decides what happens next
        }
        Map<TopicPartition, OffsetAndMetadata> done = windows.takeCommittable();
        if (!done.isEmpty()) {
            commit(done);
        }
        retryOrFail(failure, windows.rewindAndForget());
    }

    /** Stopping: every output acknowledged, every window committed, before the clients close. */
    private void drain() {
        try {
            producer.flush();
        } catch (KafkaException e) {
            LOG.warnf("%s: outputs not acknowledged while stopping (%s); the next owner screens them again", name, e);
            return;
        }
        windows.close();
        if (windows.failure() == null) {
            Map<TopicPartition, OffsetAndMetadata> offsets = windows.takeCommittable();
            if (!offsets.isEmpty()) {
                commit(offsets);
            }
        }
    }

    private void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        consumer.commitAsync(offsets, (committed, e) -> {
            if (e != null) {
                // A later commit covers it; after a rebalance the new owner screens the tail again.
                LOG.debugf("asynchronous commit of %s failed: %s", name, e.toString());
            }
        });
    }

    /**
     * Exactly-once: screens a poll's records into the open transaction, beginning one if none is open. The transaction
     * keeps collecting polls until {@link TransactionBounds} says to commit.
     */
    private void addToTransaction(ConsumerRecords<byte[], byte[]> records) {
        try {
            if (!inTransaction) {
                producer.beginTransaction();
                inTransaction = true;
                transactionDeadlineNanos =
                        System.nanoTime() + transactionBounds.maxAge().toNanos();
            }
            for (TopicPartition tp : records.partitions()) {
                Long until = warmUntil.isEmpty() ? null : warmUntil.get(tp);
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (until != null && record.offset() < until) {
                        handler.warm(record);
                    } else {
                        // A failed send of a transaction fails its commitTransaction(): no callback needed.
                        handler.handle(record, producer, null);
                        transactionFirstOffsets.putIfAbsent(tp, record.offset());
                    }
                }
            }
            transactionRecords += records.count();
            transactionOffsets.putAll(nextOffsets(records));
        } catch (KafkaException e) {
            abortTransaction(e);
        }
    }

    private void commitTransaction() {
        long started = System.nanoTime();
        try {
            if (!transactionOffsets.isEmpty()) {
                producer.sendOffsetsToTransaction(transactionOffsets, consumer.groupMetadata());
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            abortTransaction(e);
            return;
        }
        forgetTransaction();
        succeeded();
        metrics.transactionCommitted();
        metrics.commit(System.nanoTime() - started);
    }

    /** Aborts the open transaction and reads its records again (after the back-off of the failure's tier). */
    private void abortTransaction(KafkaException e) {
        metrics.transactionAborted();
        if (KafkaFailures.tierOf(e) == KafkaFailures.Tier.FATAL) {
            // Fenced: another replica owns this transactional id now. Recreating the producer would fence it
            // back and start a ping-pong; only a restart with the right id is correct.
            throw new FatalLoopFailure(e);
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailure) {
            throw new FatalLoopFailure(abortFailure);
        }
        Map<TopicPartition, Long> rewindTo = new HashMap<>(transactionFirstOffsets);
        forgetTransaction();
        retryOrFail(e, rewindTo);
    }

    private void forgetTransaction() {
        inTransaction = false;
        transactionRecords = 0;
        transactionOffsets.clear();
        transactionFirstOffsets.clear();
    }

    /** Polls of an open transaction wait at most until it is due, so a quiet stream still commits on time. */
    private Duration untilTransactionDeadline(long now) {
        long left = transactionDeadlineNanos - now;
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(left, pollTimeout.toNanos()));
    }

    /** A retriable failure rewinds the batch and backs off; a fatal one, or retrying for too long, ends the loop. */
    private void retryOrFail(Throwable failure, Map<TopicPartition, Long> rewindTo) {
        KafkaFailures.Tier tier = KafkaFailures.tierOf(failure);
        String kind = KafkaFailures.kindOf(failure);
        metrics.loopFailure(tier.name(), kind);
        if (tier == KafkaFailures.Tier.FATAL) {
            throw new FatalLoopFailure(failure);
        }
        long now = System.nanoTime();
        if (failingSinceNanos == 0) {
            failingSinceNanos = now;
        } else if (now - failingSinceNanos > maxRetryDuration.toNanos()) {
            throw new FatalLoopFailure(new KafkaException(
                    "retriable failures for longer than " + maxRetryDuration + ", last: " + kind, failure));
        }
        consecutiveFailures++;
        long backoff = Math.min(30_000, retryBackoff.toMillis() << Math.min(consecutiveFailures - 1, 6));
        LOG.warnf(
                "%s: outputs for %d partition(s) were not acknowledged (%s: %s); retry %d in %d ms",
                name, rewindTo.size(), kind, KafkaFailures.unwrap(failure).getMessage(), consecutiveFailures, backoff);
        rewindAndBackOff(rewindTo, backoff);
    }

    private void succeeded() {
        failingSinceNanos = 0;
        consecutiveFailures = 0;
    }

    private void fail(Throwable failure) {
        fatalFailure = failure;
        metrics.loopFailure(KafkaFailures.Tier.FATAL.name(), KafkaFailures.kindOf(failure));
        LOG.errorf(
                failure,
                "screening loop %s stopped for good (%s): its partitions go to other replicas, liveness is DOWN",
                name,
                KafkaFailures.kindOf(failure));
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // stop() raced with the commit: the wakeup is spent, so the retry goes through.
            consumer.commitSync(offsets);
        } catch (RebalanceInProgressException e) {
            LOG.infof("commit of %s deferred by a rebalance; the batch's tail may be screened again", name);
        } catch (AuthorizationException e) {
            throw new FatalLoopFailure(e);
        } catch (KafkaException e) {
            // The partitions may have moved: the new owner screens the tail again (same callIds, same decisions).
            LOG.warnf("offset commit of %s failed (%s)", name, e.toString());
        }
    }

    /** Back-pressure on output failure: pause input, wait, rewind to the batch start, resume. */
    private void rewindAndBackOff(Map<TopicPartition, Long> rewindTo, long backoffMillis) {
        metrics.batchRetry();
        Collection<TopicPartition> partitions = new java.util.ArrayList<>(rewindTo.keySet());
        partitions.retainAll(consumer.assignment());
        consumer.pause(partitions);
        try {
            Thread.sleep(backoffMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, rewindTo.get(tp));
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

    /** Offsets to commit after a batch: never for records that only warmed the windows (already committed). */
    private Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
            long next = part.get(part.size() - 1).offset() + 1;
            Long until = warmUntil.get(tp);
            if (until != null) {
                if (next <= until) {
                    continue;
                }
                warmUntil.remove(tp);
            }
            offsets.put(tp, new OffsetAndMetadata(next));
        }
        return offsets;
    }

    /**
     * Velocity windows and notification de-duplication live in memory. On assignment, re-read the last window's worth
     * of already-answered records (from their timestamps up to the committed offset) to rebuild them, so a restart,
     * deploy or rebalance gives a redialling fraudster no fresh start and a replayed tail decides as before.
     */
    private void planWarmup(Collection<TopicPartition> partitions) {
        if (warmupWindow.isZero() || partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - warmupWindow.toMillis();
        for (TopicPartition tp : partitions) {
            if (committed.get(tp) != null) {
                since.put(tp, from);
            }
        }
        if (since.isEmpty()) {
            return;
        }
        consumer.offsetsForTimes(since).forEach((tp, found) -> {
            long commit = committed.get(tp).offset();
            if (found != null && found.offset() < commit) {
                warmUntil.put(tp, commit);
                consumer.seek(tp, found.offset());
                LOG.infof("%s: rebuilding windows of %s from offset %d to %d", name, tp, found.offset(), commit);
            }
        });
    }

    /** Carries a fatal failure out of the batch to the loop, which ends. */
    private static final class FatalLoopFailure extends RuntimeException {
        FatalLoopFailure(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
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
     * Before partitions move, exactly-once commits its open transaction (the next owner starts after it) and
     * at-least-once lets every output in flight be acknowledged and commits what they cover, so the next owner repeats
     * as little as possible.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("%s: partitions revoked %s", name, partitions);
                if (mode == DeliveryMode.AT_LEAST_ONCE && producer != null) {
                    drain();
                    windows.forget(partitions);
                }
                if (inTransaction) {
                    commitTransaction();
                }
            }
            partitions.forEach(lagGauges::remove);
            partitions.forEach(warmUntil::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            planWarmup(partitions);
            assigned = true;
            metrics.rebalance();
            LOG.infof("%s: partitions assigned %s", name, partitions);
        }
    }
}

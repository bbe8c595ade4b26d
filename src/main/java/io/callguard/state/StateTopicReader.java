package io.callguard.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.callguard.config.KafkaFailures;

/**
 * Materialises one compacted topic into memory, like a global table: reads every partition from the beginning, reports
 * caught-up once it has reached the end offsets it saw at start, then keeps following the topic.
 *
 * <p>One thread owns the consumer. Writers that need read-your-writes call {@link #awaitApplied} with the offset the
 * broker acknowledged.
 *
 * <p>Failures come in two tiers: retriable ones (a missing topic during a first deployment, a broker restart) are
 * retried every second while the view keeps what it has; anything else (missing rights, a sink that throws) stops the
 * reader for good and is reported by {@link #failure()}, so health turns DOWN instead of serving a frozen view.
 */
public final class StateTopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StateTopicReader.class);

    private final String topic;
    private final Supplier<Consumer<String, byte[]>> consumerFactory;
    private final StateSink sink;
    private final Duration pollTimeout;
    private final Object progress = new Object();
    private final Map<Integer, Long> nextOffsets = new HashMap<>();
    private final AtomicLong recordsApplied = new AtomicLong();
    private final AtomicLong lastAppliedAtMillis = new AtomicLong();
    private final AtomicLong caughtUpAtMillis = new AtomicLong();
    private volatile Map<Integer, Long> endOffsetsAtStart = Map.of();
    private volatile Map<Integer, Long> latestEndOffsets = Map.of();
    private volatile boolean caughtUp;
    private volatile Throwable failure;
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;
    private long startedAtMillis;
    private StateSnapshots snapshots;

    public StateTopicReader(
            String topic, Supplier<Consumer<String, byte[]>> consumerFactory, StateSink sink, Duration pollTimeout) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.consumerFactory = Objects.requireNonNull(consumerFactory, "consumerFactory");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    /** Loads the view from a snapshot at start when one is valid, and writes snapshots once caught up. */
    public synchronized StateTopicReader snapshotTo(StateSnapshots snapshots) {
        if (thread != null) {
            throw new IllegalStateException("reader of " + topic + " already started");
        }
        this.snapshots = snapshots;
        return this;
    }

    public String topic() {
        return topic;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("reader of " + topic + " already started");
        }
        startedAtMillis = System.currentTimeMillis();
        thread = new Thread(this::run, "state-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the view reached the end offsets seen at start, and the reader has not failed since. */
    public boolean isCaughtUp() {
        return caughtUp && failure == null;
    }

    /** Why the reader stopped for good, or {@code null} while it is healthy. */
    public Throwable failure() {
        return failure;
    }

    public long recordsApplied() {
        return recordsApplied.get();
    }

    /** Wall-clock time of the last applied record, 0 before the first. */
    public long lastAppliedAtMillis() {
        return lastAppliedAtMillis.get();
    }

    /** Milliseconds from start to caught-up, or -1 while still catching up. */
    public long catchUpMillis() {
        long at = caughtUpAtMillis.get();
        return at == 0 ? -1 : at - startedAtMillis;
    }

    /** Records between what this replica has applied and the end offsets last seen by it. */
    public long lag() {
        long lag = 0;
        synchronized (progress) {
            for (Map.Entry<Integer, Long> end : latestEndOffsets.entrySet()) {
                long next = nextOffsets.getOrDefault(end.getKey(), 0L);
                lag += Math.max(0, end.getValue() - next);
            }
        }
        return lag;
    }

    /**
     * Blocks until the record at {@code offset} of {@code partition} has been applied to the in-memory view.
     *
     * @return true if applied within the timeout
     */
    public boolean awaitApplied(int partition, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (nextOffsets.getOrDefault(partition, 0L) <= offset) {
                if (failure != null) {
                    return false;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, remaining);
            }
            return true;
        }
    }

    private void run() {
        while (running) {
            try (Consumer<String, byte[]> c = consumerFactory.get()) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                if (running) {
                    LOG.warnf("state reader of %s woken unexpectedly, restarting", topic);
                }
            } catch (MissingTopicException e) {
                // Expected before a first deployment's topics exist: the service stays not-ready meanwhile.
                LOG.warnf("state reader of %s: %s; retrying in 1 s", topic, e.getMessage());
                sleepQuietly(1000);
            } catch (RuntimeException e) {
                if (KafkaFailures.tierOf(e) == KafkaFailures.Tier.RETRIABLE) {
                    LOG.warnf(
                            "state reader of %s failed (%s: %s), retrying in 1 s",
                            topic, KafkaFailures.kindOf(e), e.getMessage());
                    sleepQuietly(1000);
                } else {
                    fail(e);
                }
            } catch (Error e) {
                fail(e);
                throw e;
            }
        }
        if (snapshots != null && isCaughtUp()) {
            // Stopping on purpose: the newest state on disk lets the next start read only what comes after.
            snapshots.write(appliedOffsets());
        }
    }

    private Map<Integer, Long> appliedOffsets() {
        synchronized (progress) {
            return Map.copyOf(nextOffsets);
        }
    }

    private void fail(Throwable e) {
        failure = e;
        running = false;
        LOG.errorf(e, "state reader of %s stopped: the view of this replica is no longer current", topic);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void follow(Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = partitionsOf(c);
        c.assign(partitions);
        if (snapshots != null && appliedOffsets().isEmpty()) {
            Map<Integer, Long> restored =
                    snapshots.load(byPartition(c.beginningOffsets(partitions)), byPartition(c.endOffsets(partitions)));
            if (restored != null) {
                synchronized (progress) {
                    nextOffsets.putAll(restored);
                }
            }
        }
        // Re-attach where we left off after a client failure; from the beginning the first time.
        synchronized (progress) {
            for (TopicPartition tp : partitions) {
                Long next = nextOffsets.get(tp.partition());
                if (next == null) {
                    c.seekToBeginning(List.of(tp));
                } else {
                    c.seek(tp, next);
                }
            }
        }
        if (!caughtUp) {
            endOffsetsAtStart = byPartition(c.endOffsets(partitions));
            latestEndOffsets = endOffsetsAtStart;
        }
        long lastEndCheck = 0;
        while (running) {
            ConsumerRecords<String, byte[]> records = c.poll(pollTimeout);
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.key() == null) {
                    sink.rejectKeyless();
                } else {
                    sink.apply(record.key(), record.value());
                }
            }
            if (!records.isEmpty()) {
                recordsApplied.addAndGet(records.count());
                lastAppliedAtMillis.set(System.currentTimeMillis());
            }
            synchronized (progress) {
                for (TopicPartition tp : partitions) {
                    nextOffsets.put(tp.partition(), c.position(tp));
                }
                progress.notifyAll();
            }
            long now = System.currentTimeMillis();
            if (now - lastEndCheck >= 1000) {
                lastEndCheck = now;
                latestEndOffsets = byPartition(c.endOffsets(partitions));
            }
            if (!caughtUp && reached(endOffsetsAtStart)) {
                sink.caughtUp();
                caughtUp = true;
                caughtUpAtMillis.set(now);
                LOG.infof(
                        "state topic %s caught up: %d records in %d ms", topic, recordsApplied.get(), catchUpMillis());
            }
            if (caughtUp && snapshots != null && snapshots.due()) {
                snapshots.write(appliedOffsets());
            }
        }
    }

    private boolean reached(Map<Integer, Long> targets) {
        synchronized (progress) {
            for (Map.Entry<Integer, Long> target : targets.entrySet()) {
                if (nextOffsets.getOrDefault(target.getKey(), 0L) < target.getValue()) {
                    return false;
                }
            }
            return true;
        }
    }

    private List<TopicPartition> partitionsOf(Consumer<String, byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new MissingTopicException("state topic " + topic + " does not exist (yet)");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** A state topic that does not exist yet: retried, unlike other failures. */
    static final class MissingTopicException extends RuntimeException {
        MissingTopicException(String message) {
            super(message, null, false, false);
        }
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((tp, offset) -> result.put(tp.partition(), offset));
        return Map.copyOf(result);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                // Long enough for the last snapshot of a large view (seconds at 10M entries).
                t.join(snapshots == null ? 5000 : 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

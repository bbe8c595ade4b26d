package io.callguard.pipeline;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The at-least-once bookkeeping of the pipelined loop: outputs are sent without waiting, grouped into commit windows
 * (one per commit interval); an input offset is committed only once every output of its window, and of every window
 * before it, is acknowledged. A window is also the producer callback of its sends, so tracking costs no allocation per
 * event. One loop thread opens, closes and takes windows; producer threads only complete them.
 */
final class AckWindows {

    /** The outputs sent while one commit window was open, and the input positions they cover. */
    static final class Window implements Callback {
        private final AtomicInteger pending = new AtomicInteger();
        private volatile Exception failure;
        /** Per input partition: the offset after the last record handled in this window. */
        final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        /** Per input partition: the first record handled in this window, where a replay must start. */
        final Map<TopicPartition, Long> first = new HashMap<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null && failure == null) {
                failure = exception;
            }
            pending.decrementAndGet();
        }

        /** Counts {@code n} outputs sent with this window as their callback (they may already be acknowledged). */
        void sent(int n) {
            pending.addAndGet(n);
        }

        boolean acknowledged() {
            return pending.get() == 0;
        }

        Exception failure() {
            return failure;
        }

        boolean isEmpty() {
            return next.isEmpty() && pending.get() == 0;
        }
    }

    private final ArrayDeque<Window> closed = new ArrayDeque<>();
    private Window open = new Window();

    /** The window new outputs belong to. */
    Window open() {
        return open;
    }

    /** Records that the input records {@code first..last} of {@code tp} were handled in the open window. */
    void handled(TopicPartition tp, long first, long last) {
        open.first.putIfAbsent(tp, first);
        open.next.put(tp, new OffsetAndMetadata(last + 1));
    }

    /** Ends the open window (if anything happened in it) and opens the next. */
    void close() {
        if (!open.isEmpty()) {
            closed.add(open);
            open = new Window();
        }
    }

    /** The first send failure of any window, or {@code null}. */
    Exception failure() {
        for (Window w : closed) {
            if (w.failure() != null) {
                return w.failure();
            }
        }
        return open.failure();
    }

    /**
     * Removes the oldest closed windows whose outputs are all acknowledged without failure and returns their offsets,
     * the latest per partition; stops at the first window still waiting or failed. Empty if there is nothing to commit.
     */
    Map<TopicPartition, OffsetAndMetadata> takeCommittable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        while (!closed.isEmpty()) {
            Window w = closed.peekFirst();
            if (!w.acknowledged() || w.failure() != null) {
                break;
            }
            offsets.putAll(w.next);
            closed.pollFirst();
        }
        return offsets;
    }

    /**
     * Where each partition must be read again from after a failure: the first record of the oldest window not yet
     * committed. Call after {@link #takeCommittable()}; forgets every window.
     */
    Map<TopicPartition, Long> rewindAndForget() {
        close();
        Map<TopicPartition, Long> from = new HashMap<>();
        for (Window w : closed) {
            w.first.forEach(from::putIfAbsent);
        }
        closed.clear();
        return from;
    }

    /** Forgets what concerns {@code tp} (revoked: its new owner reads from the committed offset). */
    void forget(java.util.Collection<TopicPartition> partitions) {
        for (Window w : closed) {
            partitions.forEach(w.next::remove);
            partitions.forEach(w.first::remove);
        }
        partitions.forEach(open.next::remove);
        partitions.forEach(open.first::remove);
    }

    /** Closed windows still waiting for acknowledgements. */
    int waiting() {
        return closed.size();
    }
}

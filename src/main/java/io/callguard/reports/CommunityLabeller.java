package io.callguard.reports;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.callguard.blocklist.AuditRecord;
import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistService;
import io.callguard.blocklist.BlocklistView;
import io.callguard.blocklist.EntryAction;
import io.callguard.blocklist.EntryKind;
import io.callguard.state.StateTopicWriter;

/**
 * Turns reports into community labels. One thread and one consumer of the labeller group: a reported number is the key
 * of its reports, so exactly one labeller (its partition's) ever writes its label.
 *
 * <p>Scores live in memory and are rebuilt on every assignment by reading the partition from its beginning (the
 * topic's retention is the score horizon). The group's committed offset says how far side effects (labels, DLQ copies,
 * metrics) are done: records below it only rebuild the score, records from it on act. Labels are written before the
 * offset is committed, and a label already there with the same or a later expiry is not written again, so a crash
 * repeats nothing visible.
 */
final class CommunityLabeller implements Runnable {

    private static final Logger LOG = Logger.getLogger(CommunityLabeller.class);
    static final String ACTOR = "community-reports";
    /** A label is extended only when further reports push its expiry out by at least this much. */
    private static final long REFRESH_STEP_MILLIS = Duration.ofHours(1).toMillis();

    /** What one partition knows: the scores of its numbers and its reporters' daily counts. */
    private static final class PartitionState {
        final Map<String, ReportScore> scores = new HashMap<>();
        final FloodGuard floods;
        long resumeAt;

        PartitionState(int dailyCap) {
            floods = new FloodGuard(dailyCap);
        }
    }

    private final Supplier<Consumer<String, byte[]>> consumerFactory;
    private final Supplier<Producer<byte[], byte[]>> dlqFactory;
    private final String topic;
    private final String dlqTopic;
    private final FraudReportReader reader;
    private final ScoringSettings settings;
    private final LabelExclusions exclusions;
    private final BlocklistView blocklist;
    private final BlocklistService entries;
    private final StateTopicWriter writer;
    private final ReportMetrics metrics;
    private final Clock clock;
    private final Duration pollTimeout;
    private final Duration horizon;
    private final long sweepEveryMillis;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private Producer<byte[], byte[]> dlq;
    private final List<Future<RecordMetadata>> dlqCopies = new java.util.ArrayList<>();
    private long nextSweep;

    record Topics(String reports, String dlq) {}

    CommunityLabeller(
            Supplier<Consumer<String, byte[]>> consumerFactory,
            Supplier<Producer<byte[], byte[]>> dlqFactory,
            Topics topics,
            FraudReportReader reader,
            ScoringSettings settings,
            LabelExclusions exclusions,
            BlocklistView blocklist,
            BlocklistService entries,
            StateTopicWriter writer,
            ReportMetrics metrics,
            Clock clock,
            Duration pollTimeout,
            Duration horizon,
            Duration sweepEvery) {
        this.consumerFactory = consumerFactory;
        this.dlqFactory = dlqFactory;
        this.topic = topics.reports();
        this.dlqTopic = topics.dlq();
        this.reader = reader;
        this.settings = settings;
        this.exclusions = exclusions;
        this.blocklist = blocklist;
        this.entries = entries;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
        this.horizon = horizon;
        this.sweepEveryMillis = sweepEvery.toMillis();
    }

    @Override
    public void run() {
        while (running) {
            try {
                consumeUntilStopped();
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                LOG.errorf(e, "labeller failed; rebuilding from the reports in 5 s");
                pause(5_000);
            } finally {
                closeClients();
            }
        }
    }

    private void consumeUntilStopped() {
        consumer = consumerFactory.get();
        dlq = dlqFactory.get();
        Consumer<String, byte[]> c = consumer;
        c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                revoked.forEach(partitions::remove);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new java.util.HashSet<>(assigned));
                for (TopicPartition tp : assigned) {
                    PartitionState state = new PartitionState(settings.reporterDailyCap());
                    OffsetAndMetadata o = committed.get(tp);
                    state.resumeAt = o == null ? 0 : o.offset();
                    partitions.put(tp, state);
                }
                c.seekToBeginning(assigned);
            }
        });
        while (running) {
            ConsumerRecords<String, byte[]> records = c.poll(pollTimeout);
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                PartitionState state = partitions.get(tp);
                if (state == null) {
                    continue;
                }
                boolean replaying = r.offset() < state.resumeAt;
                handle(r, state, replaying);
                if (!replaying) {
                    done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                }
            }
            if (!done.isEmpty()) {
                awaitDlqCopies();
                c.commitSync(done);
                done.forEach((tp, o) -> {
                    PartitionState s = partitions.get(tp);
                    if (s != null) {
                        s.resumeAt = o.offset();
                    }
                });
            }
            sweepWhenDue();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, PartitionState state, boolean replaying) {
        FraudReport report;
        try {
            report = reader.fromRecord(r.key(), r.value());
        } catch (InvalidReportException e) {
            if (!replaying) {
                toDlq(r, e);
                metrics.rejected(e.tooOld() ? "too_old" : "invalid");
            }
            return;
        }
        ReportScore score = state.scores.computeIfAbsent(report.reportedNumber(), n -> new ReportScore());
        if (score.isRepeat(report)) {
            if (!replaying) {
                metrics.rejected("duplicate");
            }
            return;
        }
        if (!state.floods.admit(report.reporterNumber(), report.reportedAt().toEpochMilli())) {
            if (!replaying) {
                metrics.flood();
            }
            return;
        }
        score.add(report);
        if (!replaying) {
            metrics.accepted(report.channel());
        }
        judge(report.reportedNumber(), score, replaying);
    }

    /** Labels the number, or extends its label, when its score is over the threshold and nothing forbids it. */
    private void judge(String number, ReportScore score, boolean replaying) {
        long at = score.latestAt();
        long since = exclusions.countedSince(number);
        double value = score.scoreAt(at, since, settings);
        if (value < settings.threshold()) {
            return;
        }
        LabelExclusions.Refusal refusal = exclusions.refusalFor(number, at);
        if (refusal != null) {
            if (!replaying) {
                metrics.refused(refusal);
            }
            return;
        }
        long expiresAt = settings.labelExpiry(value, at);
        score.labelledUntil = Math.max(score.labelledUntil, expiresAt);
        if (replaying || expiresAt <= clock.millis()) {
            return;
        }
        BlocklistEntry existing = blocklist.get(EntryKind.NUMBER, number);
        boolean live = existing != null && existing.isCommunityLabel() && existing.isLiveAt(clock.millis());
        if (live && existing.expiresAt().toEpochMilli() + REFRESH_STEP_MILLIS > expiresAt) {
            return;
        }
        int reporters = score.reporters(since);
        Instant now = clock.instant();
        BlocklistEntry label = new BlocklistEntry(
                EntryKind.NUMBER,
                number,
                EntryAction.BLOCK,
                score.topCategory(since),
                "reported by " + reporters + " people (score " + String.format(java.util.Locale.ROOT, "%.2f", value)
                        + ")",
                BlocklistEntry.COMMUNITY_SOURCE,
                ACTOR,
                live ? existing.createdAt() : now,
                now,
                Instant.ofEpochMilli(expiresAt));
        String why = "score " + String.format(java.util.Locale.ROOT, "%.2f", value) + " from " + reporters
                + " reporters reached the threshold " + settings.threshold();
        AuditRecord audit =
                new AuditRecord(label.key(), live ? "LABEL_EXTENDED" : "LABELLED", ACTOR, now, why, existing, label);
        writer.writeAll(List.of(entries.entryChange(label.key(), label), entries.auditChange(audit)));
        BlocklistService.logAudit(audit);
        if (live) {
            metrics.refreshed();
        } else {
            metrics.created();
        }
    }

    /** Removes this labeller's labels whose time is up (wall clock) and forgets numbers whose reports have faded. */
    private void sweepWhenDue() {
        long now = clock.millis();
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + sweepEveryMillis;
        long forgetBefore = now - horizon.toMillis();
        for (PartitionState state : partitions.values()) {
            state.floods.forgetBefore(now);
            state.scores.entrySet().removeIf(e -> {
                ReportScore score = e.getValue();
                if (score.labelledUntil != 0 && score.labelledUntil <= now) {
                    removeExpired(e.getKey(), now);
                    score.labelledUntil = 0;
                }
                return score.labelledUntil == 0 && score.latestAt() < forgetBefore;
            });
        }
    }

    private void removeExpired(String number, long now) {
        // Not get(): an expired label is no longer in the view's memory, but still in the topic.
        BlocklistEntry existing = blocklist.communityLabel(number);
        if (existing == null || existing.isLiveAt(now)) {
            return; // replaced by an analyst, removed, or extended meanwhile
        }
        AuditRecord audit = new AuditRecord(
                existing.key(), "LABEL_EXPIRED", ACTOR, Instant.ofEpochMilli(now), "no reports", existing, null);
        writer.writeAll(List.of(entries.entryChange(existing.key(), null), entries.auditChange(audit)));
        BlocklistService.logAudit(audit);
        metrics.expired();
    }

    private void toDlq(ConsumerRecord<String, byte[]> r, InvalidReportException e) {
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        headers.add("callguard.error.class", bytes("INVALID_REPORT"));
        headers.add("callguard.error.message", bytes(e.field() + ": " + e.getMessage()));
        headers.add("callguard.source.topic", bytes(r.topic()));
        headers.add("callguard.source.partition", bytes(Integer.toString(r.partition())));
        headers.add("callguard.source.offset", bytes(Long.toString(r.offset())));
        byte[] key = r.key() == null ? null : bytes(r.key());
        dlqCopies.add(dlq.send(new ProducerRecord<>(dlqTopic, null, key, r.value(), headers)));
    }

    /** A DLQ copy not acknowledged fails the batch: its offsets stay uncommitted and it is read again. */
    private void awaitDlqCopies() {
        try {
            for (Future<RecordMetadata> f : dlqCopies) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("DLQ copy of an invalid report not acknowledged", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        } finally {
            dlqCopies.clear();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void closeClients() {
        partitions.clear();
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException ignored) {
                // closing anyway
            }
            consumer = null;
        }
        if (dlq != null) {
            dlq.close(Duration.ofSeconds(5));
            dlq = null;
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

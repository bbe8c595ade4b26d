package io.callguard.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.callguard.notify.FamilyNotifier;
import io.callguard.notify.Notification;
import io.callguard.screening.CallSetup;
import io.callguard.screening.CallSetupDecoder;
import io.callguard.screening.Decision;
import io.callguard.screening.InvalidEventException;
import io.callguard.screening.InvalidEventKind;
import io.callguard.screening.Reason;
import io.callguard.screening.Screener;
import io.callguard.screening.Screening;
import io.callguard.screening.Verdict;

/**
 * Turns one call-setup record into its outputs: decode → screen → notify → encode → send. One per consumer thread (it
 * owns a reusable encoder).
 */
final class CallSetupHandler {

    static final String HEADER_ERROR_CLASS = "callguard.error.class";
    static final String HEADER_ERROR_MESSAGE = "callguard.error.message";
    static final String HEADER_SOURCE_TOPIC = "callguard.source.topic";
    static final String HEADER_SOURCE_PARTITION = "callguard.source.partition";
    static final String HEADER_SOURCE_OFFSET = "callguard.source.offset";

    private final CallSetupDecoder decoder;
    private final JsonEncoder encoder;
    private final Screener screener;
    private final FamilyNotifier notifier;
    private final Clock clock;
    private final long staleMillis;
    private final String decisionsTopic;
    private final String notificationsTopic;
    private final String dlqTopic;
    private final PipelineMetrics metrics;

    CallSetupHandler(
            CallSetupDecoder decoder,
            JsonEncoder encoder,
            Screener screener,
            FamilyNotifier notifier,
            Clock clock,
            long staleMillis,
            String decisionsTopic,
            String notificationsTopic,
            String dlqTopic,
            PipelineMetrics metrics) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.screener = screener;
        this.notifier = notifier;
        this.clock = clock;
        this.staleMillis = staleMillis;
        this.decisionsTopic = decisionsTopic;
        this.notificationsTopic = notificationsTopic;
        this.dlqTopic = dlqTopic;
        this.metrics = metrics;
    }

    /**
     * Replays an already-answered record into the in-memory windows (velocity, notification de-duplication) without
     * producing anything, so a restarted or newly assigned replica decides the next calls as the old owner would have.
     */
    void warm(ConsumerRecord<byte[], byte[]> record) {
        try {
            CallSetup setup = decoder.decode(record.value());
            notifier.rebuild(setup.callId(), screener.screen(setup), setup.setupTime());
        } catch (InvalidEventException e) {
            // It went to the DLQ the first time; nothing to rebuild from it.
        }
    }

    /** Screens one record and sends its outputs with {@code callback}; returns how many records it sent. */
    int handle(ConsumerRecord<byte[], byte[]> record, Producer<byte[], byte[]> producer, Callback callback) {
        long started = System.nanoTime();
        CallSetup setup;
        try {
            setup = decoder.decode(record.value());
        } catch (InvalidEventException e) {
            sendToDlq(record, e.kind(), e.getMessage(), producer, callback);
            if (e.callId() != null) {
                Decision failOpen = new Decision(
                        e.callId(),
                        Verdict.ALLOW,
                        Reason.INVALID_EVENT.alone(),
                        null,
                        null,
                        false,
                        null,
                        clock.millis(),
                        false,
                        null,
                        null);
                sendDecision(failOpen, producer, callback);
                return 2;
            }
            return 1;
        }
        int sent = 1;
        Screening screening = screener.screen(setup);
        if (screening.isInvalidEvent()) {
            sendToDlq(record, InvalidEventKind.INVALID_NUMBER, screening.invalidEvent(), producer, callback);
            sent++;
        }
        long decidedAt = clock.millis();
        boolean stale = decidedAt - setup.setupTime() > staleMillis;
        Decision decision = new Decision(
                setup.callId(),
                screening.verdict(),
                screening.reasons(),
                screening.caller(),
                screening.called(),
                screening.isProtectedLine(),
                setup.setupTime(),
                decidedAt,
                stale,
                screening.presentedNumber(),
                screening.matchedEntry());
        sendDecision(decision, producer, callback);
        if (screening.integrityCheck() != null) {
            metrics.integrity(screening.integrityCheck(), screening.verdict());
        }
        Notification notification = notifier.onScreened(setup.callId(), screening, setup.setupTime());
        if (notification != null) {
            producer.send(
                    new ProducerRecord<>(
                            notificationsTopic,
                            notification.protectedLine().getBytes(StandardCharsets.UTF_8),
                            encoder.encode(notification)),
                    callback);
            metrics.notification();
            sent++;
        }
        metrics.screeningStep(System.nanoTime() - started);
        metrics.setupToDecision(decidedAt - setup.setupTime());
        if (stale) {
            metrics.stale();
        }
        return sent;
    }

    private void sendDecision(Decision decision, Producer<byte[], byte[]> producer, Callback callback) {
        producer.send(
                new ProducerRecord<>(
                        decisionsTopic, decision.callId().getBytes(StandardCharsets.UTF_8), encoder.encode(decision)),
                callback);
        metrics.decision(decision.decision(), decision.decidingReason(), decision.protectedLine());
    }

    private void sendToDlq(
            ConsumerRecord<byte[], byte[]> record,
            InvalidEventKind kind,
            String message,
            Producer<byte[], byte[]> producer,
            Callback callback) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_ERROR_CLASS, bytes(kind.name()));
        headers.add(HEADER_ERROR_MESSAGE, bytes(message));
        headers.add(HEADER_SOURCE_TOPIC, bytes(record.topic()));
        headers.add(HEADER_SOURCE_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(HEADER_SOURCE_OFFSET, bytes(Long.toString(record.offset())));
        producer.send(new ProducerRecord<>(dlqTopic, null, record.key(), record.value(), headers), callback);
        metrics.dlq(kind);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.callguard.notify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.callguard.screening.Reason;
import io.callguard.screening.Verdict;

/**
 * Tells a senior's family that a fraud-like call to them was stopped, written to {@code family-notifications} keyed by
 * the protected line.
 *
 * @param notificationId derived from the callId, so a replay repeats the same id and the gateway can drop it
 * @param suppressedRepeats repeats of this (line, caller) suppressed since the previous notification
 */
public record Notification(
        String notificationId,
        String protectedLine,
        List<String> recipients,
        String callingNumber,
        String callId,
        Verdict decision,
        Reason reason,
        long occurredAt,
        int suppressedRepeats) {

    public static String idFor(String callId) {
        return UUID.nameUUIDFromBytes(("callguard-notification:" + callId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}

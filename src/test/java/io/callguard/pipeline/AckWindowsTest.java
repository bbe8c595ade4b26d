package io.callguard.pipeline;

import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipelined loop's at-least-once promise, as bookkeeping: nothing is committed past an unacknowledged output. */
class AckWindowsTest {

    static final TopicPartition P0 = new TopicPartition("call-setup", 0);
    static final TopicPartition P1 = new TopicPartition("call-setup", 1);

    final AckWindows windows = new AckWindows();

    /** Handles records first..last of tp, each with one output, in the open window; returns that window. */
    AckWindows.Window handle(TopicPartition tp, long first, long last) {
        AckWindows.Window w = windows.open();
        w.sent((int) (last - first + 1));
        windows.handled(tp, first, last);
        return w;
    }

    static void ack(AckWindows.Window w, int n) {
        for (int i = 0; i < n; i++) {
            w.onCompletion(null, null);
        }
    }

    @Test
    void aWindowIsCommittedOnlyWhenClosedAndEveryOutputAcknowledged() {
        AckWindows.Window w = handle(P0, 0, 9);
        ack(w, 10);
        assertThat(windows.takeCommittable()).as("still open").isEmpty();
        windows.close();
        assertThat(windows.takeCommittable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(10)));
        assertThat(windows.takeCommittable()).isEmpty();
    }

    @Test
    void aLaterWindowAcknowledgedFirst_waitsForTheEarlierOne() {
        AckWindows.Window first = handle(P0, 0, 4);
        windows.close();
        AckWindows.Window second = handle(P0, 5, 9);
        handle(P1, 0, 2);
        windows.close();
        ack(second, 8);
        assertThat(windows.takeCommittable()).isEmpty();
        ack(first, 4);
        assertThat(windows.takeCommittable()).isEmpty();
        ack(first, 1);
        assertThat(windows.takeCommittable())
                .containsOnly(Map.entry(P0, new OffsetAndMetadata(10)), Map.entry(P1, new OffsetAndMetadata(3)));
    }

    @Test
    void aFailureInTheMiddleWindow_commitsTheWindowBefore_andRewindsToItsFirstRecord() {
        AckWindows.Window w1 = handle(P0, 0, 4);
        windows.close();
        AckWindows.Window w2 = handle(P0, 5, 9);
        AckWindows.Window alsoW2 = handle(P1, 20, 21);
        assertThat(alsoW2).isSameAs(w2);
        windows.close();
        AckWindows.Window w3 = handle(P0, 10, 12);
        ack(w1, 5);
        w2.onCompletion(null, new TimeoutException("broker gone"));
        ack(w2, 6);
        ack(w3, 3);
        windows.close();

        assertThat(windows.failure()).isInstanceOf(TimeoutException.class);
        assertThat(windows.takeCommittable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(5)));
        assertThat(windows.rewindAndForget()).containsOnly(Map.entry(P0, 5L), Map.entry(P1, 20L));
        assertThat(windows.failure()).isNull();
        assertThat(windows.takeCommittable()).isEmpty();
    }

    @Test
    void revokedPartitions_areForgotten_othersStay() {
        AckWindows.Window w = handle(P0, 0, 4);
        handle(P1, 7, 8);
        windows.close();
        windows.forget(java.util.List.of(P0));
        ack(w, 7);
        assertThat(windows.takeCommittable()).containsExactly(Map.entry(P1, new OffsetAndMetadata(9)));
    }

    @Test
    void anAcknowledgementBeforeItsSendIsCounted_isHarmless() {
        AckWindows.Window w = windows.open();
        w.onCompletion(null, null);
        w.sent(1);
        windows.handled(P0, 0, 0);
        windows.close();
        assertThat(windows.takeCommittable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
    }
}

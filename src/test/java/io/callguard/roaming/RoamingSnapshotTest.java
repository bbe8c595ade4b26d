package io.callguard.roaming;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.callguard.state.StateSnapshots;
import io.callguard.state.StateSnapshots.LoadResult;
import io.callguard.state.StateTopicReader;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.StateTopics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roaming registry restored from a snapshot plus the topic's tail answers exactly as a full read: every entry, and
 * "roaming at t?" before, inside and after each period (open-ended ones too); a truncated snapshot is refused.
 */
class RoamingSnapshotTest {

    final ObjectMapper mapper =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final String topic = "roaming-snapshot-" + UUID.randomUUID();
    final List<String> seen = new ArrayList<>();
    final Instant t = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void snapshotAndTail_answerAsAFullRead_andATruncatedSnapshotIsRefused() throws Exception {
        StateTopics.createCompacted(topic, 2);
        KafkaTestClient kafka = KafkaTestClient.shared();
        String[] countries = {"JP", "TH", "DE", "US"};
        for (int i = 0; i < 300; i++) {
            Instant since = t.plusSeconds(3600L * i);
            write(
                    kafka,
                    new RoamingEntry(
                            number(i),
                            countries[i % 4],
                            since,
                            i % 5 == 0 ? null : since.plus(Duration.ofDays(1 + i % 9))));
        }
        RoamingView first = new RoamingView(mapper);
        StateSnapshots firstSnapshots = snapshots(first);
        StateTopicReader firstReader = StateTopics.startReader(topic, first, firstSnapshots);
        StateTopics.await(firstReader::isCaughtUp);
        firstReader.close();

        for (int i = 0; i < 300; i += 7) {
            kafka.send(topic, number(i), null);
        }
        for (int i = 3; i < 300; i += 11) {
            write(kafka, new RoamingEntry(number(i), "KR", t.plusSeconds(99), t.plus(Duration.ofDays(30))));
        }
        for (int i = 500; i < 530; i++) {
            write(kafka, new RoamingEntry(number(i), "GB", t, null));
        }

        RoamingView fast = new RoamingView(mapper);
        StateSnapshots fastSnapshots = snapshots(fast);
        StateTopicReader fastReader = StateTopics.startReader(topic, fast, fastSnapshots);
        RoamingView full = StateTopics.readWhole(topic, new RoamingView(mapper));
        StateTopics.await(fastReader::isCaughtUp);
        fastReader.close();
        assertThat(fastSnapshots.lastLoad()).isEqualTo(LoadResult.LOADED);
        assertThat(fastReader.recordsApplied()).isLessThan(150);
        assertSame(fast, full);

        byte[] whole = Files.readAllBytes(fastSnapshots.file());
        Files.write(fastSnapshots.file(), java.util.Arrays.copyOf(whole, whole.length - 9));
        RoamingView again = new RoamingView(mapper);
        StateSnapshots refused = snapshots(again);
        StateTopicReader againReader = StateTopics.startReader(topic, again, refused);
        StateTopics.await(againReader::isCaughtUp);
        againReader.close();
        assertThat(refused.lastLoad()).isEqualTo(LoadResult.CORRUPT);
        assertSame(again, full);
    }

    private void assertSame(RoamingView actual, RoamingView expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (String n : seen) {
            assertThat(actual.get(n)).as(n).isEqualTo(expected.get(n));
            for (long hours : new long[] {-1, 0, 5, 24 * 3, 24 * 40, 24 * 400}) {
                long at = t.plusSeconds(3600 * hours).toEpochMilli();
                assertThat(actual.isRoamingAt(n, at)).isEqualTo(expected.isRoamingAt(n, at));
            }
        }
    }

    private StateSnapshots snapshots(RoamingView view) {
        return StateTopics.snapshots(topic, dir, view, Duration.ofHours(12), new SimpleMeterRegistry());
    }

    private void write(KafkaTestClient kafka, RoamingEntry e) throws Exception {
        seen.add(e.number());
        kafka.send(topic, e.number(), mapper.writeValueAsString(e));
    }

    private static String number(int i) {
        return String.format("+86139%08d", i);
    }
}

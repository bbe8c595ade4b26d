package io.callguard.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

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
 * The protected lines restored from a snapshot plus the topic's tail are exactly the lines a full read gives: numbers,
 * policies (quiet hours, time zones), authors, times to the nanosecond, the family index; a corrupt snapshot is
 * refused. Through a real broker.
 */
class LinesSnapshotTest {

    final ObjectMapper mapper =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final String topic = "lines-snapshot-" + UUID.randomUUID();
    final Set<String> familySeen = new HashSet<>();
    final List<String> linesSeen = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void snapshotAndTail_giveTheLinesAFullReadGives_andACorruptSnapshotIsRefused() throws Exception {
        StateTopics.createCompacted(topic, 2);
        KafkaTestClient kafka = KafkaTestClient.shared();
        Instant at = Instant.parse("2026-11-30T08:15:30.123456789Z");
        LinePolicy night = new LinePolicy(
                true,
                false,
                null,
                true,
                new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 30)),
                ZoneId.of("Asia/Urumqi"),
                null,
                true);
        for (int i = 0; i < 200; i++) {
            // Family numbers shared by neighbouring lines, as a son caring for two parents.
            write(kafka, line(i, List.of(family(i / 2), family(1000 + i)), i % 3, i % 7 == 0 ? night : null, at, i));
        }
        ProtectedLinesView firstView = new ProtectedLinesView(mapper);
        StateSnapshots first = snapshots(firstView);
        StateTopicReader firstReader = reader(firstView, first);
        await(firstReader::isCaughtUp);
        firstReader.close();
        assertThat(first.file()).exists();

        for (int i = 0; i < 200; i += 9) {
            kafka.send(topic, number(i), null);
        }
        for (int i = 1; i < 200; i += 13) {
            write(kafka, line(i, List.of(family(7777)), 4, night, at.plusSeconds(60), i));
        }
        for (int i = 300; i < 320; i++) {
            write(kafka, line(i, List.of(family(i / 2), family(1000 + i), family(2000 + i)), 0, null, at, i));
        }

        ProtectedLinesView fast = new ProtectedLinesView(mapper);
        StateSnapshots fastSnapshots = snapshots(fast);
        StateTopicReader fastReader = reader(fast, fastSnapshots);
        ProtectedLinesView full = fullRead();
        await(fastReader::isCaughtUp);
        fastReader.close();
        assertThat(fastSnapshots.lastLoad()).isEqualTo(LoadResult.LOADED);
        assertThat(fastReader.recordsApplied()).isLessThan(80);
        assertSame(fast, full);

        byte[] corrupt = Files.readAllBytes(fastSnapshots.file());
        corrupt[corrupt.length / 3] ^= 0x01;
        Files.write(fastSnapshots.file(), corrupt);
        ProtectedLinesView again = new ProtectedLinesView(mapper);
        StateSnapshots refused = snapshots(again);
        StateTopicReader againReader = reader(again, refused);
        await(againReader::isCaughtUp);
        againReader.close();
        assertThat(refused.lastLoad()).isEqualTo(LoadResult.CORRUPT);
        assertSame(again, full);
    }

    private void assertSame(ProtectedLinesView actual, ProtectedLinesView expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(actual.all()).containsExactlyInAnyOrderElementsOf(expected.all());
        for (String l : linesSeen) {
            assertThat(actual.get(l)).as(l).isEqualTo(expected.get(l));
        }
        for (String f : familySeen) {
            assertThat(actual.linesOfFamily(f)).as(f).isEqualTo(expected.linesOfFamily(f));
        }
    }

    private ProtectedLine line(int i, List<String> family, int trusted, LinePolicy policy, Instant at, int author) {
        List<String> trustedNumbers = new ArrayList<>();
        for (int t = 0; t < trusted; t++) {
            trustedNumbers.add(String.format("+86137%08d", i * 10 + t));
        }
        return new ProtectedLine(number(i), family, trustedNumbers, policy, "admin-" + author % 5, at);
    }

    private void write(KafkaTestClient kafka, ProtectedLine line) throws Exception {
        linesSeen.add(line.line());
        familySeen.addAll(line.familyNumbers());
        kafka.send(topic, line.line(), mapper.writeValueAsString(line));
    }

    private ProtectedLinesView fullRead() throws Exception {
        return StateTopics.readWhole(topic, new ProtectedLinesView(mapper));
    }

    private StateSnapshots snapshots(ProtectedLinesView view) {
        return StateTopics.snapshots(topic, dir, view, Duration.ofHours(12), new SimpleMeterRegistry());
    }

    private StateTopicReader reader(ProtectedLinesView view, StateSnapshots snapshots) {
        return StateTopics.startReader(topic, view, snapshots);
    }

    private static String number(int i) {
        return String.format("+86139%08d", i);
    }

    private static String family(int i) {
        return String.format("+86138%08d", i);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        StateTopics.await(condition);
    }
}

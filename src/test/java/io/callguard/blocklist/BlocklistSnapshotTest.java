package io.callguard.blocklist;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.callguard.state.StateSnapshots;
import io.callguard.state.StateSnapshots.LoadResult;
import io.callguard.state.StateTopicReader;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.StateTopics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot fast path serves exactly the list a full read of the topic serves: entries, ALLOW exceptions,
 * prefixes, temporary entries live and expired, and every deletion made after the snapshot; and a snapshot that is
 * corrupt, torn, stale or of another topic is refused and the topic read whole. Through a real broker.
 */
class BlocklistSnapshotTest {

    static final Instant T = Instant.parse("2026-11-01T10:00:00Z");

    final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Instant now = Instant.now();

    @TempDir
    Path dir;

    String topic;
    KafkaTestClient kafka;
    /** Every value any record of the test named, to compare lookups of listed and no-longer-listed numbers. */
    final List<String> seen = new ArrayList<>();

    @BeforeEach
    void topic() throws Exception {
        topic = "blocklist-snapshot-" + UUID.randomUUID();
        StateTopics.createCompacted(topic, 2);
        kafka = KafkaTestClient.shared();
    }

    @Test
    void snapshotAndTail_serveExactlyWhatAFullReadServes() throws Exception {
        // Before the snapshot: permanent blocks and allows, temporary entries (two already expired), prefixes.
        for (int i = 0; i < 300; i++) {
            write(number(i, i % 10 == 0 ? EntryAction.ALLOW : EntryAction.BLOCK, "feed " + (i % 3), null));
        }
        for (int i = 300; i < 310; i++) {
            write(number(i, EntryAction.BLOCK, "for a day", i < 302 ? now.minusSeconds(60) : now.plusSeconds(3600)));
        }
        write(prefix("+86170", EntryAction.BLOCK, null));
        write(prefix("+861701", EntryAction.ALLOW, null));
        write(prefix("+86171", EntryAction.BLOCK, now.minusSeconds(5)));
        write(prefix("+86172", EntryAction.BLOCK, now.plusSeconds(3600)));
        for (int i = 0; i < 20; i++) {
            delete(numberValue(i * 7));
        }
        BlocklistView first = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        StateSnapshots firstSnapshots = snapshots(first, Duration.ofHours(12));
        StateTopicReader firstReader = reader(first, firstSnapshots);
        await(firstReader::isCaughtUp);
        firstReader.close();
        assertThat(firstSnapshots.lastLoad()).isEqualTo(LoadResult.NONE);
        assertThat(firstSnapshots.file()).exists();

        // After it: deletions of every kind of entry the snapshot holds, changes, new entries.
        for (int i = 1; i < 300; i += 9) {
            delete(numberValue(i));
        }
        delete(numberValue(305));
        delete(numberValue(300));
        delete(BlocklistEntry.PREFIX_KEY_PREFIX + "+86172");
        for (int i = 2; i < 300; i += 31) {
            write(number(i, EntryAction.ALLOW, "changed after the snapshot", null));
        }
        write(number(303, EntryAction.BLOCK, "made permanent", null));
        write(number(5, EntryAction.BLOCK, "made temporary", now.plusSeconds(600)));
        for (int i = 400; i < 450; i++) {
            write(number(i, EntryAction.BLOCK, "new", null));
        }
        write(prefix("+86173", EntryAction.DNO, null));

        BlocklistView fast = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        StateSnapshots fastSnapshots = snapshots(fast, Duration.ofHours(12));
        StateTopicReader fastReader = reader(fast, fastSnapshots);
        BlocklistView full = fullRead();
        await(fastReader::isCaughtUp);
        fastReader.close();

        assertThat(fastSnapshots.lastLoad()).isEqualTo(LoadResult.LOADED);
        assertThat(fastReader.recordsApplied())
                .as("only the tail was read")
                .isLessThan(150)
                .isPositive();
        assertSameList(fast, full);
        assertThat(loads(LoadResult.LOADED)).isEqualTo(1.0);
    }

    @Test
    void corruptTornStaleOrForeignSnapshots_areRefused_andTheTopicIsReadWhole() throws Exception {
        for (int i = 0; i < 100; i++) {
            write(number(i, EntryAction.BLOCK, "feed", null));
        }
        write(prefix("+86170", EntryAction.BLOCK, null));
        BlocklistView first = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        StateSnapshots firstSnapshots = snapshots(first, Duration.ofHours(12));
        StateTopicReader firstReader = reader(first, firstSnapshots);
        await(firstReader::isCaughtUp);
        firstReader.close();
        byte[] good = Files.readAllBytes(firstSnapshots.file());
        for (int i = 0; i < 10; i++) {
            delete(numberValue(i));
        }
        BlocklistView full = fullRead();

        // One flipped bit in the middle: the checksum fails before anything is loaded.
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10;
        Files.write(firstSnapshots.file(), flipped);
        assertRefusedAndReadWhole(LoadResult.CORRUPT, Duration.ofHours(12), full);

        // Torn: the last write did not reach the disk whole.
        Files.write(firstSnapshots.file(), java.util.Arrays.copyOf(good, good.length - 100));
        assertRefusedAndReadWhole(LoadResult.CORRUPT, Duration.ofHours(12), full);

        // Older than allowed: a deletion it misses could have been compacted away.
        Files.write(firstSnapshots.file(), good);
        Thread.sleep(20);
        assertRefusedAndReadWhole(LoadResult.STALE, Duration.ofMillis(10), full);

        // The topic was deleted and created again under the same name: another topic id.
        Files.write(firstSnapshots.file(), good);
        StateTopics.delete(topic);
        StateTopics.createCompacted(topic, 2);
        write(number(7, EntryAction.BLOCK, "the new topic", null));
        BlocklistView fullOfNew = fullRead();
        assertThat(fullOfNew.numberCount()).isEqualTo(1);
        assertRefusedAndReadWhole(LoadResult.OTHER_TOPIC, Duration.ofHours(12), fullOfNew);
        assertThat(loads(LoadResult.CORRUPT)).isEqualTo(2.0);
    }

    @Test
    void snapshotIsRewritten_whenTheReaderStopsOnPurpose_atTheOffsetsItApplied() throws Exception {
        for (int i = 0; i < 50; i++) {
            write(number(i, EntryAction.BLOCK, "feed", null));
        }
        BlocklistView view = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        StateSnapshots s = snapshots(view, Duration.ofHours(12));
        StateTopicReader reader = reader(view, s);
        await(reader::isCaughtUp);
        await(() -> Files.exists(s.file()));
        long firstSize = Files.size(s.file());
        for (int i = 50; i < 100; i++) {
            write(number(i, EntryAction.BLOCK, "feed", null));
        }
        await(() -> reader.recordsApplied() == 100);
        reader.close();
        assertThat(Files.size(s.file())).isGreaterThan(firstSize);

        BlocklistView again = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        StateSnapshots s2 = snapshots(again, Duration.ofHours(12));
        StateTopicReader second = reader(again, s2);
        await(second::isCaughtUp);
        second.close();
        assertThat(s2.lastLoad()).isEqualTo(LoadResult.LOADED);
        assertThat(second.recordsApplied()).isZero();
        assertSameList(again, view);
    }

    private void assertRefusedAndReadWhole(LoadResult expected, Duration maxAge, BlocklistView full) throws Exception {
        BlocklistView view = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        StateSnapshots s = snapshots(view, maxAge);
        StateTopicReader reader = reader(view, s);
        await(reader::isCaughtUp);
        reader.close();
        assertThat(s.lastLoad()).isEqualTo(expected);
        assertSameList(view, full);
    }

    private void assertSameList(BlocklistView actual, BlocklistView expected) {
        assertThat(contents(actual)).isEqualTo(contents(expected));
        long at = Instant.now().toEpochMilli();
        for (String value : seen) {
            assertThat(actual.longestMatch(value, at)).as(value).isEqualTo(expected.longestMatch(value, at));
        }
        for (String caller : List.of("+8617012345678", "+8617011111111", "+8617112345678", "+8617212345678")) {
            assertThat(actual.longestMatch(caller, at)).as(caller).isEqualTo(expected.longestMatch(caller, at));
        }
        assertThat(actual.allowCount()).isEqualTo(expected.allowCount());
    }

    private static Map<String, BlocklistEntry> contents(BlocklistView view) {
        Map<String, BlocklistEntry> all = new TreeMap<>();
        view.forEachNumber(e -> all.put(e.key(), e));
        view.prefixEntries().forEach(e -> all.put(e.key(), e));
        return all;
    }

    private BlocklistView fullRead() throws Exception {
        return StateTopics.readWhole(topic, new BlocklistView(Clock.systemUTC(), Ticker.systemTicker()));
    }

    private StateTopicReader reader(BlocklistView view, StateSnapshots snapshots) {
        return StateTopics.startReader(topic, view, snapshots);
    }

    private StateSnapshots snapshots(BlocklistView view, Duration maxAge) {
        return StateTopics.snapshots(topic, dir, view, maxAge, registry);
    }

    private double loads(LoadResult result) {
        return registry.get("callguard.state.snapshot.loads")
                .tag("result", result.name().toLowerCase())
                .counter()
                .count();
    }

    private void write(BlocklistEntry entry) throws Exception {
        seen.add(entry.value());
        kafka.send(topic, entry.key(), mapper.writeValueAsString(entry));
    }

    private void delete(String key) {
        kafka.send(topic, null, key.getBytes(StandardCharsets.UTF_8), null);
    }

    static String numberValue(int i) {
        return "+86139" + String.format("%08d", i);
    }

    static BlocklistEntry number(int i, EntryAction action, String reason, Instant expiresAt) {
        return new BlocklistEntry(
                EntryKind.NUMBER,
                numberValue(i),
                action,
                FraudCategory.IMPERSONATION,
                reason,
                "FRAUD_TEAM",
                "analyst-" + (i % 4),
                T,
                T.plusSeconds(i),
                expiresAt);
    }

    static BlocklistEntry prefix(String value, EntryAction action, Instant expiresAt) {
        return new BlocklistEntry(
                EntryKind.PREFIX, value, action, FraudCategory.LOAN, "range", "FRAUD_TEAM", "a", T, T, expiresAt);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        StateTopics.await(condition);
    }
}

package io.callguard.blocklist;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlocklistViewTest {

    static final Instant T = Instant.parse("2026-11-28T10:00:00Z");
    final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final BlocklistView view = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());

    static BlocklistEntry number(String n, EntryAction action, String reason, Instant expiresAt) {
        return new BlocklistEntry(
                EntryKind.NUMBER, n, action, FraudCategory.LOAN, reason, "FRAUD_TEAM", "a", T, T, expiresAt);
    }

    @Test
    void permanentNumber_roundTripsThroughTheCompactStore() {
        BlocklistEntry e = number("+8613800138000", EntryAction.BLOCK, "r", null);
        view.put(e);
        assertThat(view.get(EntryKind.NUMBER, "+8613800138000")).isEqualTo(e);
        assertThat(view.longestMatch("+8613800138000", T.toEpochMilli())).isEqualTo(e);
        assertThat(view.longestMatch("+8613800138001", T.toEpochMilli())).isNull();
        assertThat(view.numberCount()).isEqualTo(1);
    }

    @Test
    void entryMovingBetweenTemporaryAndPermanent_livesInExactlyOnePlace() {
        String n = "+8613800138000";
        view.put(number(n, EntryAction.BLOCK, "temporary", T.plusSeconds(3600)));
        view.put(number(n, EntryAction.BLOCK, "permanent", null));
        assertThat(view.get(EntryKind.NUMBER, n).reason()).isEqualTo("permanent");
        view.put(number(n, EntryAction.BLOCK, "temporary again", Instant.now().plusSeconds(3600)));
        assertThat(view.get(EntryKind.NUMBER, n).reason()).isEqualTo("temporary again");
        view.numberCache().cleanUp();
        assertThat(view.numberCount()).isEqualTo(1);
    }

    @Test
    void tombstone_removesFromBothStores_andAllowCountFollows() {
        view.apply("+8613800138000", json(number("+8613800138000", EntryAction.ALLOW, "bank", null)));
        view.apply("+8613800138001", json(number("+8613800138001", EntryAction.BLOCK, "x", null)));
        assertThat(view.allowCount()).isEqualTo(1);
        view.apply("+8613800138000", null);
        view.apply("+8613800138001", null);
        assertThat(view.get(EntryKind.NUMBER, "+8613800138000")).isNull();
        assertThat(view.numberCount()).isZero();
        assertThat(view.allowCount()).isZero();
    }

    @Test
    void apply_invalidRecords_areSkippedAndCounted() {
        view.apply("+8613800138000", "not json".getBytes(StandardCharsets.UTF_8));
        view.apply("+8613800138000", json(number("+8613800138009", EntryAction.BLOCK, "key mismatch", null)));
        view.apply(
                "13800138000",
                "{\"kind\":\"NUMBER\",\"value\":\"13800138000\",\"action\":\"BLOCK\"}"
                        .getBytes(StandardCharsets.UTF_8));
        view.rejectKeyless();
        assertThat(view.invalidRecords()).isEqualTo(4);
        assertThat(view.numberCount()).isZero();
    }

    @Test
    void apply_recordFromAnotherProducerWithExtraFields_isAccepted() {
        String feed = "{\"kind\":\"NUMBER\",\"value\":\"+8613800138000\",\"action\":\"BLOCK\","
                + "\"category\":\"ROBOCALL\",\"reason\":\"feed\",\"source\":\"NATIONAL_PLATFORM\","
                + "\"createdAt\":\"2026-11-28T10:00:00Z\",\"feedBatch\":{\"id\":7},\"tags\":[\"a\"]}";
        view.apply("+8613800138000", feed.getBytes(StandardCharsets.UTF_8));
        BlocklistEntry e = view.get(EntryKind.NUMBER, "+8613800138000");
        assertThat(e).isNotNull();
        assertThat(e.createdAt()).isEqualTo(T);
        assertThat(e.source()).isEqualTo("NATIONAL_PLATFORM");
        assertThat(view.invalidRecords()).isZero();
    }

    @Test
    void forEachNumber_visitsBothStores() {
        view.put(number("+8613800138000", EntryAction.BLOCK, "p", null));
        view.put(number("+8613800138001", EntryAction.BLOCK, "t", Instant.now().plusSeconds(60)));
        view.put(number("95588", EntryAction.BLOCK, "spoofed bank short code", null));
        List<String> seen = new ArrayList<>();
        view.forEachNumber(e -> seen.add(e.value()));
        assertThat(seen).containsExactlyInAnyOrder("+8613800138000", "+8613800138001", "95588");
    }

    @Test
    void concurrentReadsDuringWrites_neverSeeATornOrWrongEntry() throws Exception {
        // Readers run optimistic, lock-free lookups while the writer grows and rehashes the store.
        for (int i = 0; i < 1000; i++) {
            view.put(number(String.format("+86138%08d", i), EntryAction.BLOCK, "stable", null));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong checked = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread t = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    String n = String.format("+86138%08d", i++ % 1000);
                    BlocklistEntry e = view.longestMatch(n, 0);
                    if (e == null || !e.value().equals(n) || !"stable".equals(e.reason())) {
                        failure.compareAndSet(null, n + " -> " + e);
                    }
                    checked.incrementAndGet();
                }
            });
            t.start();
            readers.add(t);
        }
        for (int i = 0; i < 300_000; i++) {
            view.put(number(String.format("+86139%08d", i), EntryAction.BLOCK, "churn " + (i % 50), null));
            if (i % 3 == 0) {
                view.apply(String.format("+86139%08d", i / 2), null);
            }
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(checked.get()).isPositive();
    }

    private byte[] json(BlocklistEntry e) {
        try {
            return mapper.writeValueAsBytes(e);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void temporaryEntry_pastItsExpiry_isFreedByTheInjectedClock() {
        io.callguard.testing.FakeTime time = new io.callguard.testing.FakeTime(T);
        BlocklistView v = new BlocklistView(time, time);
        v.put(number("+8613800138000", EntryAction.BLOCK, "for a day", T.plus(java.time.Duration.ofDays(1))));
        v.numberCache().cleanUp();
        assertThat(v.numberCount()).isEqualTo(1);

        time.advance(java.time.Duration.ofHours(25));
        v.numberCache().cleanUp();

        assertThat(v.numberCount()).isZero();
        assertThat(v.get(EntryKind.NUMBER, "+8613800138000")).isNull();
    }
}

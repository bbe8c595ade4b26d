package io.callguard.state;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.callguard.bench.BlocklistLookupBenchmark;
import io.callguard.blocklist.BlocklistView;

/**
 * The blocklist snapshot alone, without Kafka: write, checksum pass and load of an N-number view, each timed, best of
 * three. {@code ./mvnw -Pbench package -Dbench.args="snapshot --entries 10000000"}
 */
public final class SnapshotBench {

    public static void main(String[] args) throws Exception {
        int entries = args.length >= 2 ? Integer.parseInt(args[1]) : 10_000_000;
        Path dir = Files.createDirectories(Path.of("target", "bench", "snapshot-bench"));
        if (java.util.List.of(args).contains("--load-only")) {
            // A fresh JVM that only loads the snapshot the last run wrote: the cost a restarting replica pays.
            BlocklistView fresh = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
            StateSnapshots reader = snapshots(dir, fresh);
            long t0 = System.nanoTime();
            reader.load(Map.of(0, 0L), Map.of(0, (long) entries));
            System.out.printf(
                    "| load in a fresh JVM | %d ms, %s, %,d numbers |%n",
                    (System.nanoTime() - t0) / 1_000_000, reader.lastLoad(), fresh.numberCount());
            System.exit(0);
        }
        BlocklistView view = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        for (int i = 0; i < entries; i++) {
            view.put(BlocklistLookupBenchmark.entry(BlocklistLookupBenchmark.number(2L * i)));
        }
        StateSnapshots snapshots = snapshots(dir, view);
        long write = Long.MAX_VALUE;
        long verify = Long.MAX_VALUE;
        long load = Long.MAX_VALUE;
        long firstLoad = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            snapshots.write(Map.of(0, (long) entries));
            write = Math.min(write, System.nanoTime() - t0);
            t0 = System.nanoTime();
            try (FileChannel c = FileChannel.open(snapshots.file(), StandardOpenOption.READ)) {
                if (!SnapshotInput.verify(c)) {
                    throw new IllegalStateException("checksum");
                }
            }
            verify = Math.min(verify, System.nanoTime() - t0);
            BlocklistView fresh = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
            StateSnapshots reader = snapshots(dir, fresh);
            t0 = System.nanoTime();
            if (reader.load(Map.of(0, 0L), Map.of(0, (long) entries)) == null) {
                throw new IllegalStateException("not loaded: " + reader.lastLoad());
            }
            load = Math.min(load, System.nanoTime() - t0);
            firstLoad = round == 0 ? System.nanoTime() - t0 : firstLoad;
            if (fresh.numberCount() != entries) {
                throw new IllegalStateException("loaded " + fresh.numberCount());
            }
        }
        System.out.printf(
                "| blocklist snapshot, %,d numbers, %,d B | ms (best of 3) |%n|---|---:|%n| write (forced to disk) | %d |%n"
                        + "| checksum pass | %d |%n| load (checksum + parse + insert) | %d |%n"
                        + "| first load of the JVM (code not yet compiled) | %d |%n",
                entries,
                Files.size(snapshots.file()),
                write / 1_000_000,
                verify / 1_000_000,
                load / 1_000_000,
                firstLoad / 1_000_000);
        System.exit(0);
    }

    /** Snapshots of a view of a topic "bench" that never changes identity. */
    private static StateSnapshots snapshots(Path dir, BlocklistView view) {
        StateSnapshots.TopicFacts facts = new StateSnapshots.TopicFacts("bench", Duration.ofDays(1));
        return new StateSnapshots(
                "bench",
                dir,
                view,
                Duration.ofHours(1),
                Duration.ofHours(1),
                () -> facts,
                Clock.systemUTC(),
                new SimpleMeterRegistry());
    }
}

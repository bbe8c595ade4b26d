package io.callguard.bench;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistView;
import io.callguard.blocklist.CompactNumberStore;
import io.callguard.blocklist.EntryAction;
import io.callguard.blocklist.EntryKind;
import io.callguard.blocklist.FraudCategory;

/**
 * One caller lookup in a blocklist of {@code size} numbers, callers Zipf-distributed over twice as many numbers (half
 * listed, half not), for the structure the service uses ({@code compact}: compact permanent store, Caffeine for the
 * rest) against all-Caffeine, a plain HashMap and a bare primitive long set (the floor: no entry details at all).
 *
 * <pre>./mvnw -Pbench package -Dbench.args="jmh BlocklistLookupBenchmark"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx14g", "-XX:+UseG1GC"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
public class BlocklistLookupBenchmark {

    private static final int CALLERS = 1 << 20;
    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    @Param({"1000000", "10000000"})
    int size;

    @Param({"compact", "caffeine", "hashmap", "longset"})
    String impl;

    private String[] callers;
    private int next;
    private BlocklistView view;
    private Map<String, BlocklistEntry> map;
    private LongOpenHashSet set;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        switch (impl) {
            case "compact" -> view = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker(), true);
            case "caffeine" -> view = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker(), false);
            case "hashmap" -> map = new HashMap<>(size * 2);
            case "longset" -> set = new LongOpenHashSet(size);
            default -> throw new IllegalArgumentException(impl);
        }
        for (int i = 0; i < size; i++) {
            String n = number(2L * i);
            switch (impl) {
                case "compact", "caffeine" -> view.put(entry(n));
                case "hashmap" -> map.put(n, entry(n));
                default -> set.add(CompactNumberStore.keyOf(n));
            }
        }
        Zipf zipf = new Zipf(2L * size, 42);
        callers = new String[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            // Scatter ranks over the population so hot callers are both listed (even) and not (odd).
            long rank = zipf.next();
            callers[i] = number((rank * 7_919L) % (2L * size));
        }
        now = T.toEpochMilli();
    }

    public static String number(long i) {
        return "+86139" + String.format("%08d", i);
    }

    public static BlocklistEntry entry(String n) {
        return new BlocklistEntry(
                EntryKind.NUMBER,
                n,
                EntryAction.BLOCK,
                FraudCategory.IMPERSONATION,
                "national feed",
                "NATIONAL_PLATFORM",
                "import",
                T,
                T,
                null);
    }

    @Benchmark
    public Object lookup() {
        String caller = callers[next++ & (CALLERS - 1)];
        return switch (impl) {
            case "compact", "caffeine" -> view.longestMatch(caller, now);
            case "hashmap" -> map.get(caller);
            default -> set.contains(CompactNumberStore.keyOf(caller)) ? Boolean.TRUE : null;
        };
    }
}

package io.callguard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistView;
import io.callguard.blocklist.CompactNumberStore;
import io.callguard.lines.ProtectedLinesView;
import io.callguard.roaming.RoamingEntry;
import io.callguard.roaming.RoamingView;

/**
 * Heap bytes per blocklist number (used heap after full GC, filled minus empty), for each structure and size, each
 * measured in a fresh JVM so one does not disturb the other.
 *
 * <pre>./mvnw -Pbench package -Dbench.args="memory 1000000 10000000"
 * ./mvnw -Pbench package -Dbench.args="memory --roaming 1000000"
 * ./mvnw -Pbench package -Dbench.args="memory --lines 1000000"</pre>
 *
 * With {@code --roaming}: bytes per roaming-registry entry, the primitive view used against a map of entry objects.
 */
public final class MemoryFootprint {

    static final List<String> IMPLS = List.of("compact", "caffeine", "hashmap", "longset");
    static final List<String> ROAMING_IMPLS = List.of("roaming-view", "roaming-objects");
    static final List<String> LINES_IMPLS = List.of("lines-view");

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--one")) {
            System.out.println("RESULT " + measure(args[1], Integer.parseInt(args[2])));
            return;
        }
        List<Integer> sizes = new ArrayList<>();
        List<String> impls = IMPLS;
        for (String a : args) {
            if (a.equals("--roaming")) {
                impls = ROAMING_IMPLS;
            } else if (a.equals("--lines")) {
                impls = LINES_IMPLS;
            } else {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000_000, 10_000_000);
        }
        StringBuilder table = new StringBuilder("| structure | entries | bytes/entry |\n|---|---:|---:|\n");
        for (int size : sizes) {
            for (String impl : impls) {
                double perEntry = runIsolated(impl, size);
                System.out.printf("%-9s %,12d entries: %6.1f B/entry%n", impl, size, perEntry);
                table.append(String.format("| %s | %,d | %.1f |%n", impl, size, perEntry));
            }
        }
        Path out = Paths.get("target", "bench", "memory.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
        System.out.println(table);
        System.out.println("written to " + out);
    }

    static double runIsolated(String impl, int size) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx14g",
                        "-XX:+UseG1GC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MemoryFootprint.class.getName(),
                        "--one",
                        impl,
                        Integer.toString(size))
                .redirectErrorStream(true)
                .start();
        double result = Double.NaN;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = Double.parseDouble(line.substring(7));
                }
            }
        }
        p.waitFor();
        return result;
    }

    /** Filled minus empty heap; each structure owns what it keeps, as it would when fed from the topic. */
    static double measure(String impl, int size) {
        long before = usedAfterGc();
        Object keep;
        switch (impl) {
            case "compact", "caffeine" -> {
                BlocklistView v = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker(), impl.equals("compact"));
                for (int i = 0; i < size; i++) {
                    v.put(BlocklistLookupBenchmark.entry(BlocklistLookupBenchmark.number(2L * i)));
                }
                keep = v;
            }
            case "roaming-view" -> {
                RoamingView v = new RoamingView(new ObjectMapper().findAndRegisterModules());
                for (int i = 0; i < size; i++) {
                    v.put(roamingEntry(i));
                }
                keep = v;
            }
            case "lines-view" -> {
                // As the state reader fills it: each line decoded from its own JSON record (three family numbers, two
                // trusted numbers, the default policy), with the family → lines index of the family API.
                ProtectedLinesView v = new ProtectedLinesView(new ObjectMapper().findAndRegisterModules());
                for (int i = 0; i < size; i++) {
                    String line = BlocklistLookupBenchmark.number(6L * i);
                    v.apply(line, lineJson(i, line).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                v.caughtUp(); // as the reader does at the end of the topic
                keep = v;
            }
            case "roaming-objects" -> {
                Map<String, RoamingEntry> m = new ConcurrentHashMap<>();
                for (int i = 0; i < size; i++) {
                    RoamingEntry e = roamingEntry(i);
                    m.put(e.number(), e);
                }
                keep = m;
            }
            case "hashmap" -> {
                Map<String, BlocklistEntry> m = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    String n = BlocklistLookupBenchmark.number(2L * i);
                    m.put(n, BlocklistLookupBenchmark.entry(n));
                }
                keep = m;
            }
            default -> {
                LongOpenHashSet s = new LongOpenHashSet();
                for (int i = 0; i < size; i++) {
                    s.add(CompactNumberStore.keyOf(BlocklistLookupBenchmark.number(2L * i)));
                }
                keep = s;
            }
        }
        long after = usedAfterGc();
        java.lang.ref.Reference.reachabilityFence(keep);
        return (after - before) / (double) size;
    }

    private static final String[] COUNTRIES = {"JP", "KR", "TH", "DE", "US", "GB", "FR", "SG"};
    private static final Instant SINCE = Instant.parse("2026-11-25T00:00:00Z");

    static RoamingEntry roamingEntry(int i) {
        return new RoamingEntry(
                BlocklistLookupBenchmark.number(2L * i),
                COUNTRIES[i % COUNTRIES.length],
                SINCE.plusSeconds(i % 86_400),
                SINCE.plus(Duration.ofDays(7 + i % 30)));
    }

    static String lineJson(int i, String line) {
        return "{\"line\":\"" + line + "\",\"familyNumbers\":[\"" + BlocklistLookupBenchmark.number(6L * i + 1)
                + "\",\"" + BlocklistLookupBenchmark.number(6L * i + 2) + "\",\""
                + BlocklistLookupBenchmark.number(6L * i + 3)
                + "\"],\"trustedNumbers\":[\"" + BlocklistLookupBenchmark.number(6L * i + 4) + "\",\""
                + BlocklistLookupBenchmark.number(6L * i + 5) + "\"],\"policy\":{},\"updatedBy\":\"line-admin-3\","
                + "\"updatedAt\":\"2026-11-28T10:00:00Z\"}";
    }

    static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

package io.callguard.bench;

import java.util.Arrays;

/**
 * Entry point of the benchmarks: {@code ./mvnw -Pbench package -Dbench.args="<what> [options]"}.
 *
 * <ul>
 *   <li>{@code jmh [regex] [jmh options]}: JMH benchmarks (HotPathBenchmark, BlocklistLookupBenchmark)
 *   <li>{@code memory [--roaming] [sizes]}: heap bytes per blocklist (or roaming) entry, per structure, each in its
 *       own JVM
 *   <li>{@code load [--events N] [--seconds S] [--throughput-only yes] [--baseline-jar J]}: the service against a
 *       plain Kafka passthrough (and another build), side by side
 *   <li>{@code coldstart [--entries N] [--state roaming]}: time to ready with an N-entry state topic against a bare
 *       consumer
 *   <li>{@code snapshot [--entries N]}: write, checksum and load of an N-number blocklist snapshot, without Kafka
 *   <li>{@code readmodel [--records N] [--scans S]}: projector throughput and history latency against their
 *       baselines
 *   <li>{@code writes [--numbers N] [--puts P]}: bulk import and single PUTs against plain producer writes
 * </ul>
 */
public final class BenchMain {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException(
                    "which benchmark? jmh | memory | load | coldstart | snapshot | writes | readmodel");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "memory" -> MemoryFootprint.main(rest);
            case "load" -> LoadHarness.main(rest);
            case "coldstart" -> ColdStart.main(rest);
            case "snapshot" -> io.callguard.state.SnapshotBench.main(rest);
            case "writes" -> WriteBench.main(rest);
            case "readmodel" -> ReadModelBench.main(rest);
            default -> throw new IllegalArgumentException("unknown benchmark " + args[0]);
        }
    }
}

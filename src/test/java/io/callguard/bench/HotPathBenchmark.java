package io.callguard.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.callguard.blocklist.BlocklistView;
import io.callguard.lines.LinePolicy;
import io.callguard.lines.ProtectedLine;
import io.callguard.lines.ProtectedLinesView;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.pipeline.JsonEncoder;
import io.callguard.roaming.RoamingView;
import io.callguard.screening.CallSetup;
import io.callguard.screening.CallSetupDecoder;
import io.callguard.screening.Decision;
import io.callguard.screening.InvalidEventException;
import io.callguard.screening.Screener;
import io.callguard.screening.Screening;
import io.callguard.screening.ScreeningSettings;
import io.callguard.screening.VelocityTracker;
import io.callguard.screening.Verdict;
import io.callguard.tools.CallMix;

/**
 * The screening step of the pipeline without Kafka: JSON bytes → decode → normalise → all rules → encode, over the
 * simulator's call mix, with a 1M-number blocklist and 10,000 protected lines. Sample mode gives the p99.
 *
 * <pre>./mvnw -Pbench package -Dbench.args="jmh HotPathBenchmark"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HotPathBenchmark {

    private static final int EVENTS = 1 << 16;

    private byte[][] events;
    private int next;
    private CallSetupDecoder decoder;
    private JsonEncoder encoder;
    private Screener screener;

    @Setup(Level.Trial)
    public void setUp() {
        NumberNormalizer numbers = new NumberNormalizer("CN", 200_000);
        BlocklistView blocklist = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
        for (int i = 0; i < 1_000_000; i++) {
            blocklist.put(BlocklistLookupBenchmark.entry(BlocklistLookupBenchmark.number(2L * i)));
        }
        ProtectedLinesView lines = new ProtectedLinesView(new ObjectMapper());
        for (String line : CallMix.SENIOR_LINES) {
            lines.put(new ProtectedLine(line, CallMix.FAMILY, List.of(), LinePolicy.DEFAULTS, "bench", Instant.now()));
        }
        for (int i = 0; i < 10_000; i++) {
            lines.put(new ProtectedLine(
                    String.format("+86158%08d", i),
                    CallMix.FAMILY,
                    List.of(),
                    LinePolicy.DEFAULTS,
                    "bench",
                    Instant.now()));
        }
        VelocityTracker velocity = new VelocityTracker(Duration.ofSeconds(60), 10, 500_000, Ticker.systemTicker());
        screener = new Screener(
                numbers,
                blocklist,
                lines,
                new RoamingView(new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()),
                velocity,
                new ScreeningSettings(
                        Set.of("110", "96110"), Verdict.BLOCK, List.of("+86170", "+86171"), 5, 10, Verdict.BLOCK));
        JsonFactory factory = new JsonFactory();
        decoder = new CallSetupDecoder(factory, 16384, 128);
        encoder = new JsonEncoder(factory);
        CallMix mix = new CallMix(7, 0);
        events = new byte[EVENTS][];
        long t = System.currentTimeMillis();
        for (int i = 0; i < EVENTS; i++) {
            events[i] = mix.next("bench-" + i, t + i).json().getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public byte[] screenOneEvent() throws InvalidEventException {
        byte[] in = events[next++ & (EVENTS - 1)];
        CallSetup setup = decoder.decode(in);
        Screening s = screener.screen(setup);
        Decision d = new Decision(
                setup.callId(),
                s.verdict(),
                s.reasons(),
                s.caller(),
                s.called(),
                s.isProtectedLine(),
                setup.setupTime(),
                setup.setupTime() + 1,
                false,
                s.presentedNumber(),
                s.matchedEntry());
        return encoder.encode(d);
    }
}

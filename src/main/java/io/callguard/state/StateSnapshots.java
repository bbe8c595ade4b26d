package io.callguard.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

/**
 * Snapshots of one state topic's view in a local file, so that a restarting replica loads the view and reads only the
 * topic's tail instead of all of it.
 *
 * <p>A snapshot is used only when it is certainly the same list a full read would give. It names the topic by its
 * topic id (a topic deleted and created again under the same name is another topic) and records, per partition, the
 * offset up to which it holds the topic. It is refused, and the topic read from the beginning, when: the file is
 * missing, torn or fails its CRC-32; the topic id or the partitions differ; an offset lies outside what the topic
 * holds now; or it is older than {@code maxAge}, which is at most half the topic's {@code delete.retention.ms}: a
 * compacted topic keeps a tombstone only that long, so an older snapshot could hold an entry whose deletion the tail
 * no longer shows.
 */
public final class StateSnapshots {

    private static final Logger LOG = Logger.getLogger(StateSnapshots.class);
    private static final int MAGIC = 0x43475331; // "CGS1"

    /** What is known about the topic now, from the broker. */
    public record TopicFacts(String topicId, Duration deleteRetention) {

        /** Kafka's default when a topic does not set delete.retention.ms. */
        private static final long DEFAULT_DELETE_RETENTION_MS = 86_400_000L;

        /** Asks the broker for the topic's id and tombstone retention. */
        public static TopicFacts lookup(Map<String, Object> adminConfig, String topic) {
            try (Admin admin = Admin.create(adminConfig)) {
                String id = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic)
                        .topicId()
                        .toString();
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .get(resource);
                ConfigEntry retention = config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
                long millis = retention == null || retention.value() == null
                        ? DEFAULT_DELETE_RETENTION_MS
                        : Long.parseLong(retention.value());
                return new TopicFacts(id, Duration.ofMillis(millis));
            } catch (ExecutionException | TimeoutException e) {
                throw new KafkaException("topic facts of " + topic + " unavailable: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted", e);
            }
        }
    }

    /** Why a snapshot was or was not used; the tag of {@code callguard_state_snapshot_loads_total}. */
    public enum LoadResult {
        LOADED,
        NONE,
        CORRUPT,
        OTHER_TOPIC,
        STALE,
        OUT_OF_RANGE,
        FAILED
    }

    private final String topic;
    private final Path file;
    private final Snapshottable view;
    private final Duration interval;
    private final Duration maxAge;
    private final Supplier<TopicFacts> facts;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Timer writes;
    private volatile LoadResult lastLoad;
    private TopicFacts current;
    private long nextWriteAtMillis;

    public StateSnapshots(
            String topic,
            Path directory,
            Snapshottable view,
            Duration interval,
            Duration maxAge,
            Supplier<TopicFacts> facts,
            Clock clock,
            MeterRegistry registry) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.file = directory.resolve(topic + ".snapshot");
        this.view = Objects.requireNonNull(view, "view");
        this.interval = interval;
        this.maxAge = maxAge;
        this.facts = facts;
        this.clock = clock;
        this.registry = registry;
        this.writes = Timer.builder("callguard.state.snapshot.writes")
                .tag("topic", topic)
                .description("Snapshots of a state view written to local disk, and how long they took")
                .register(registry);
    }

    public Path file() {
        return file;
    }

    /** The result of the last load attempt, {@code null} before the first. */
    public LoadResult lastLoad() {
        return lastLoad;
    }

    /**
     * Loads the snapshot into the (empty) view if it is valid for the topic as it is now.
     *
     * @param logStart per partition, the first offset the topic still holds
     * @param end per partition, the end offset
     * @return per partition, the offset to read on from; {@code null} to read everything (the view is empty then)
     */
    Map<Integer, Long> load(Map<Integer, Long> logStart, Map<Integer, Long> end) {
        long started = System.nanoTime();
        LoadResult result;
        Map<Integer, Long> offsets = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (!SnapshotInput.verify(channel)) {
                result = LoadResult.CORRUPT;
            } else {
                SnapshotInput in = new SnapshotInput(channel);
                offsets = new HashMap<>();
                result = header(in, logStart, end, offsets);
                if (result == LoadResult.LOADED) {
                    view.readSnapshot(in);
                    if (!in.atEnd()) {
                        throw new SnapshotInput.CorruptSnapshotException("bytes left after the view");
                    }
                }
            }
        } catch (NoSuchFileException e) {
            result = LoadResult.NONE;
        } catch (SnapshotInput.CorruptSnapshotException e) {
            view.clear();
            result = LoadResult.CORRUPT;
        } catch (IOException | RuntimeException e) {
            view.clear();
            LOG.warnf(e, "snapshot %s could not be loaded", file);
            result = LoadResult.FAILED;
        }
        lastLoad = result;
        registry.counter(
                        "callguard.state.snapshot.loads",
                        "topic",
                        topic,
                        "result",
                        result.name().toLowerCase())
                .increment();
        if (result != LoadResult.LOADED) {
            if (result != LoadResult.NONE) {
                LOG.warnf("snapshot %s not used (%s): reading %s from the beginning", file, result, topic);
            }
            return null;
        }
        nextWriteAtMillis = clock.millis() + interval.toMillis();
        LOG.infof(
                "state topic %s: snapshot loaded in %d ms, reading on from offsets %s",
                topic, (System.nanoTime() - started) / 1_000_000, offsets);
        return offsets;
    }

    private LoadResult header(
            SnapshotInput in, Map<Integer, Long> logStart, Map<Integer, Long> end, Map<Integer, Long> offsets)
            throws IOException {
        if (in.readInt() != MAGIC) {
            return LoadResult.CORRUPT;
        }
        String topicName = in.readString();
        String topicId = in.readString();
        long writtenAt = in.readLong();
        int partitions = in.readCount(12);
        for (int i = 0; i < partitions; i++) {
            offsets.put(in.readInt(), in.readLong());
        }
        current = facts.get();
        if (!topic.equals(topicName) || !current.topicId().equals(topicId)) {
            return LoadResult.OTHER_TOPIC;
        }
        if (clock.millis() - writtenAt > maxAge().toMillis() || writtenAt > clock.millis() + 60_000) {
            return LoadResult.STALE;
        }
        if (!offsets.keySet().equals(end.keySet())) {
            return LoadResult.OTHER_TOPIC;
        }
        for (Map.Entry<Integer, Long> o : offsets.entrySet()) {
            long from = logStart.getOrDefault(o.getKey(), 0L);
            if (o.getValue() < from || o.getValue() > end.get(o.getKey())) {
                return LoadResult.OUT_OF_RANGE;
            }
        }
        return LoadResult.LOADED;
    }

    /** The configured age limit, cut to half the topic's tombstone retention. */
    Duration maxAge() {
        TopicFacts f = current != null ? current : facts.get();
        Duration half = f.deleteRetention().dividedBy(2);
        return half.compareTo(maxAge) < 0 ? half : maxAge;
    }

    /** Whether a periodic snapshot is due (the reader asks between polls, once caught up). */
    boolean due() {
        return clock.millis() >= nextWriteAtMillis;
    }

    /**
     * Writes the view and the offsets it holds the topic up to: to a temporary file, forced to disk, then renamed over
     * the previous snapshot, so a crash mid-write leaves the previous one. Failures are logged, never thrown: a
     * replica without a snapshot only starts slower.
     */
    void write(Map<Integer, Long> nextOffsets) {
        nextWriteAtMillis = clock.millis() + interval.toMillis();
        long started = System.nanoTime();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            TopicFacts f = current != null ? current : facts.get();
            current = f;
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                SnapshotOutput out = new SnapshotOutput(channel);
                out.writeInt(MAGIC);
                out.writeString(topic);
                out.writeString(f.topicId());
                out.writeLong(clock.millis());
                out.writeInt(nextOffsets.size());
                for (Map.Entry<Integer, Long> o : nextOffsets.entrySet()) {
                    out.writeInt(o.getKey());
                    out.writeLong(o.getValue());
                }
                view.writeSnapshot(out);
                out.finish();
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long nanos = System.nanoTime() - started;
            writes.record(Duration.ofNanos(nanos));
            LOG.infof(
                    "state topic %s: snapshot written at offsets %s in %d ms (%d bytes)",
                    topic, nextOffsets, nanos / 1_000_000, Files.size(file));
        } catch (IOException | RuntimeException e) {
            registry.counter("callguard.state.snapshot.write.failures", "topic", topic)
                    .increment();
            LOG.warnf("state topic %s: snapshot not written (%s)", topic, e.toString());
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the next write truncates it
            }
        }
    }
}

package io.callguard.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** All callguard settings, under the {@code callguard.} prefix. Kafka client settings stay under {@code kafka.}. */
@ConfigMapping(prefix = "callguard")
public interface CallguardConfig {

    /** Topic names. */
    Topics topics();

    /** Number normalisation. */
    Numbers numbers();

    /** The screening consume/produce loop. */
    Pipeline pipeline();

    /** Screening rules. */
    Rules rules();

    /** Family notifications. */
    Notifications notifications();

    /** Compacted state topics (blocklist, protected lines). */
    State state();

    /** The REST API. */
    Rest rest();

    /** The people's read model in PostgreSQL (the database itself: {@code quarkus.datasource.*}). */
    ReadModel readModel();

    /** Fraud reports from the public and the community labels they earn. */
    Reports reports();

    /** Disputes of blocks by the owners of blocked numbers. */
    Disputes disputes();

    interface Reports {
        /** Consumer group of the labellers: each reported number has exactly one labeller (its partition's). */
        @WithDefault("callguard-labeller")
        String groupId();

        /** Whether this replica runs a labeller. */
        @WithDefault("true")
        boolean labellerEnabled();

        /** A report's weight halves every half-life (event time: the report's {@code reportedAt}). */
        @WithDefault("7d")
        Duration halfLife();

        /**
         * Score (sum of decayed, channel-weighted distinct reporters) from which a number is labelled: three ordinary
         * reports of the last few days, or one checked by support and one more.
         */
        @WithDefault("2.5")
        double threshold();

        /** Weight of a report per channel; SUPPORT reports were checked by an agent on the phone. */
        @WithDefault("1.0")
        double weightIvr();

        @WithDefault("1.0")
        double weightSms();

        @WithDefault("1.0")
        double weightApp();

        @WithDefault("2.0")
        double weightSupport();

        /** Reports one reporter may make per day (UTC, event time) before the rest are ignored as a flood. */
        @WithDefault("20")
        int reporterDailyCap();

        /** Shortest life of a label from the report that kept it over the threshold. */
        @WithDefault("24h")
        Duration labelMinDuration();

        /** Longest life of a label from the report that kept it over the threshold. */
        @WithDefault("30d")
        Duration labelMaxDuration();

        /** How long a number cleared by an analyst or lifted by a dispute is not labelled again. */
        @WithDefault("90d")
        Duration clearedFor();

        /** Reports older than this (event time) are refused and no longer counted. */
        @WithDefault("60d")
        Duration horizon();

        /** Poll timeout of the labeller. */
        @WithDefault("200ms")
        Duration pollTimeout();

        /** How often the labeller removes labels that have expired (wall clock). */
        @WithDefault("1m")
        Duration sweepEvery();
    }

    interface Disputes {
        /** When a dispute is due, from its opening; the alert fires for an open dispute past it. */
        @WithDefault("24h")
        Duration dueAfter();

        /**
         * Transactional id that every replica's dispute resolutions share: taking it fences the others, so two analysts
         * on two replicas cannot both resolve one dispute. Must start with the prefix the Kafka ACL grants.
         */
        @WithDefault("callguard-disputes")
        String transactionalId();
    }

    interface ReadModel {
        /** Whether this replica runs a projector (the consumer group shares the work between replicas). */
        @WithDefault("true")
        boolean projectorEnabled();

        /** Consumer group of the projector; its offsets live in the database, not in Kafka. */
        @WithDefault("callguard-projector")
        String groupId();

        /** How long BLOCK/WARN decisions and notifications are kept (audit records are kept for good). */
        @WithDefault("90d")
        Duration retention();

        /** Most records projected in one database transaction. */
        @WithDefault("5000")
        int maxBatch();

        /** Poll timeout of the projector. */
        @WithDefault("200ms")
        Duration pollTimeout();

        /** How long a REST write waits for its audit record to reach the read model (history shows it at once). */
        @WithDefault("3s")
        Duration writeWait();
    }

    interface Rest {
        /** Sustained writes per second allowed to one authenticated subject. */
        @WithDefault("50")
        double writesPerSecond();

        /** Writes one subject may make at once before the rate applies. */
        @WithDefault("100")
        double writeBurst();

        /** Largest page of a listing. */
        @WithDefault("1000")
        int maxPageSize();

        /** Rejected lines reported in detail by an import (all are counted). */
        @WithDefault("100")
        int importReportedRejections();

        /** Entries per transaction during an import; each chunk costs one write of the rate limit. */
        @WithDefault("2000")
        int importChunkSize();

        /** Largest import body, in bytes; reading stops there with 413. */
        @WithDefault("2G")
        MemorySize importMaxBytes();

        /** Most lines one import may hold; reading stops there with 413. */
        @WithDefault("20000000")
        long importMaxRows();

        /** Largest body of every request other than an import, counted on the bytes read (chunked included). */
        @WithDefault("1M")
        MemorySize maxDocumentBytes();

        /** Sustained reads per second allowed to one authenticated subject. */
        @WithDefault("20")
        double readsPerSecond();

        /** Reads one subject may make at once before the rate applies. */
        @WithDefault("200")
        double readBurst();

        /**
         * Digits a prefix must have after its country code: a shorter one ({@code +86}, {@code +8617}) would catch
         * millions of subscribers with one request.
         */
        @WithDefault("3")
        int minPrefixSubscriberDigits();
    }

    interface Topics {
        /** Input: one event per call attempt, keyed by calling number. */
        @WithDefault("call-setup")
        String callSetup();

        /** Output: one decision per input event with a callId, keyed by callId. */
        @WithDefault("call-decisions")
        String callDecisions();

        /** Output: family notifications, keyed by protected line. */
        @WithDefault("family-notifications")
        String familyNotifications();

        /** Output: raw copies of malformed input, with error headers. */
        @WithDefault("call-setup-dlq")
        String callSetupDlq();

        /** State: compacted fraud blocklist. */
        @WithDefault("fraud-blocklist")
        String fraudBlocklist();

        /** State: compacted protected-line registry. */
        @WithDefault("protected-lines")
        String protectedLines();

        /** Append-only audit trail of blocklist changes. */
        @WithDefault("blocklist-audit")
        String blocklistAudit();

        /** Append-only audit trail of protected-line changes. */
        @WithDefault("protected-lines-audit")
        String protectedLinesAudit();

        /** State: compacted roaming registry, fed by the roaming platform; read-only for callguard. */
        @WithDefault("roaming-subscribers")
        String roamingSubscribers();

        /** State: compacted changes that wait for a second fraud analyst's approval (ALLOW and DNO prefixes). */
        @WithDefault("blocklist-approvals")
        String blocklistApprovals();

        /** Input: fraud reports from the public (SMS gateway, IVR, app, support), keyed by reported number. */
        @WithDefault("fraud-reports")
        String fraudReports();

        /** Raw copies of fraud reports that could not be read, with error headers. */
        @WithDefault("fraud-reports-dlq")
        String fraudReportsDlq();

        /** State: compacted disputes, keyed by dispute id. */
        @WithDefault("disputes")
        String disputes();

        /** State: compacted clearances, numbers not to be labelled again for a while, keyed by number. */
        @WithDefault("report-clearances")
        String reportClearances();

        /** Create missing topics at start (local runs and tests; in Kubernetes, Strimzi KafkaTopics do it). */
        @WithDefault("false")
        boolean autoCreate();

        /** Partitions of auto-created event topics. */
        @WithDefault("4")
        int partitions();

        /** Replication factor of auto-created topics; -1 takes the broker default. */
        @WithDefault("-1")
        short replicationFactor();
    }

    interface Numbers {
        /** ISO 3166 region used for national-format numbers. */
        @WithDefault("CN")
        String defaultRegion();

        /** Maximum number of slow-path (libphonenumber) results kept in memory. */
        @WithDefault("200000")
        long parseCacheSize();
    }

    interface Pipeline {
        /** Consumer group of the screening loop. */
        @WithDefault("callguard-screening")
        String groupId();

        /** Consumer threads (each owns one consumer and one producer). */
        @WithDefault("2")
        int threads();

        /** AT_LEAST_ONCE (default) or EXACTLY_ONCE (transactions, read_committed). */
        @WithDefault("AT_LEAST_ONCE")
        DeliveryMode delivery();

        /** Events older than this on arrival are decided with {@code "stale":true}. */
        @WithDefault("2s")
        Duration staleThreshold();

        /**
         * At-least-once: how often the input offsets whose outputs are all acknowledged are committed. The loop never
         * waits for acknowledgements; a crash screens at most this much (plus what was in flight) again.
         */
        @WithDefault("100ms")
        Duration commitInterval();

        /**
         * Exactly-once: how long one transaction may stay open while the loop keeps polling. Fewer, larger
         * transactions cost fewer commit round trips; a decision is visible to read-committed readers only when its
         * transaction commits, so this adds to their latency. 0 commits after every poll. 20 ms measured best (README,
         * "Benchmarks").
         */
        @WithDefault("20ms")
        Duration transactionMaxAge();

        /** Exactly-once: input records after which a transaction commits at once, however young it is. */
        @WithDefault("500")
        int transactionMaxRecords();

        /** Poll timeout of the screening consumer. */
        @WithDefault("100ms")
        Duration pollTimeout();

        /** Largest callId accepted, in characters. */
        @WithDefault("128")
        int maxCallIdLength();

        /** Largest event accepted, in bytes; larger records go to the DLQ. */
        @WithDefault("16384")
        int maxEventBytes();

        /** First pause after a retriable produce failure; doubles per consecutive failure up to 30 s. */
        @WithDefault("500ms")
        Duration retryBackoff();

        /**
         * How long retriable failures may go on without a single success before the loop gives up loudly (liveness
         * DOWN, so the pod is restarted).
         */
        @WithDefault("5m")
        Duration maxRetryDuration();

        /** Whether the screening loop starts at all (off for REST-only replicas and some tests). */
        @WithDefault("true")
        boolean enabled();

        /** Prefix of transactional.id when delivery is EXACTLY_ONCE; the thread index is appended. */
        @WithDefault("callguard-screening")
        String transactionalIdPrefix();
    }

    interface Rules {
        /** Callers that are always allowed (rule 2): emergency and official lines. */
        @WithDefault("110,112,119,120,122,96110")
        List<String> globalAllowlist();

        /** Decision for a blocklisted caller to an ordinary (unprotected) line: BLOCK or WARN. */
        @WithDefault("BLOCK")
        String ordinaryLineBlocklistAction();

        /**
         * Decision for an ordinary (unprotected) line when a home-country number or short code arrives on an
         * international trunk and its owner is not roaming (rule I.b): BLOCK or WARN. Protected lines always BLOCK.
         */
        @WithDefault("BLOCK")
        String spoofedOrdinaryLineAction();

        /** High-risk number ranges (E.164 prefixes), e.g. virtual-operator ranges. */
        @WithDefault("+86170,+86171,+86162,+86165,+86167")
        List<String> highRiskPrefixes();

        /** Velocity rule settings. */
        Velocity velocity();

        interface Velocity {
            /** Sliding window over which distinct callees are counted. */
            @WithDefault("60s")
            Duration window();

            /** Distinct callees in the window from which a call is WARNed. */
            @WithDefault("5")
            int warnThreshold();

            /** Distinct callees in the window from which a call to a protected line is BLOCKed. */
            @WithDefault("10")
            int blockThreshold();

            /** Maximum callers tracked at once; least recently seen are evicted beyond it. */
            @WithDefault("500000")
            long maxTrackedCallers();
        }
    }

    interface Notifications {
        /** Repeats for the same (line, caller) inside this window are suppressed and counted. */
        @WithDefault("10m")
        Duration dedupWindow();

        /** Maximum (line, caller) pairs tracked for de-duplication. */
        @WithDefault("200000")
        long maxTrackedPairs();

        /** Whether QUIET_HOURS blocks notify the family. */
        @WithDefault("false")
        boolean notifyOnQuietHours();
    }

    interface State {
        /** Poll timeout of the state-topic readers. */
        @WithDefault("100ms")
        Duration pollTimeout();

        /** How long a REST write waits for its own replica to apply it. */
        @WithDefault("10s")
        Duration applyTimeout();

        /** Client id prefix of the state readers (a random suffix keeps replicas apart). */
        Optional<String> clientIdPrefix();

        Snapshot snapshot();
    }

    /** Local snapshots of the large state views (the blocklist), so a restart reads only the topic's tail. */
    interface Snapshot {
        /** Directory of the snapshot files; unset, there are none and every start reads the topics whole. */
        Optional<String> dir();

        /** How often a caught-up replica writes a snapshot (and always when it stops on purpose). */
        @WithDefault("15m")
        Duration interval();

        /** Oldest snapshot still loaded; the topic's delete.retention.ms / 2 caps it (tombstones outlive it). */
        @WithDefault("12h")
        Duration maxAge();
    }
}

package io.callguard.blocklist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.regex.Pattern;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import io.callguard.config.CallguardConfig;
import io.callguard.numbers.Masked;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Reasons;
import io.callguard.rest.Text;
import io.callguard.state.StateTopicWriter.Change;

/** What the fraud team can do to the list: every write goes to Kafka with its audit record, then applies here. */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class BlocklistService {

    private static final Logger AUDIT = Logger.getLogger("io.callguard.audit");
    private static final Pattern SOURCE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    private static final Duration MAX_TTL = Duration.ofDays(3650);

    private final BlocklistState state;
    private final NumberNormalizer numbers;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final CallguardConfig config;
    private final Map<String, Counter> writeCounters = new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry registry;

    @Inject
    public BlocklistService(
            BlocklistState state,
            NumberNormalizer numbers,
            ObjectMapper mapper,
            Clock clock,
            CallguardConfig config,
            MeterRegistry registry) {
        this.state = state;
        this.numbers = numbers;
        this.mapper = mapper;
        this.clock = clock;
        this.config = config;
        this.registry = registry;
        List.of("create", "replace", "delete").forEach(op -> writeCounter(op));
    }

    /** The outcome of a PUT: the stored entry and whether it was new. */
    public record PutOutcome(BlocklistEntry entry, boolean created) {}

    /**
     * Whether a change switches screening off (or on) for a whole range: an ALLOW prefix is never blocked by any later
     * rule, a DNO prefix blocks every call presenting the range, so one analyst (or one stolen token) must not be able
     * to make either alone.
     */
    public static boolean needsSecondApprover(EntryKind kind, EntryAction action) {
        return kind == EntryKind.PREFIX && (action == EntryAction.ALLOW || action == EntryAction.DNO);
    }

    public String canonicalValue(EntryKind kind, String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalid(field, field + " is required");
        }
        if (kind == EntryKind.PREFIX) {
            if (!BlocklistEntry.PREFIX.matcher(raw).matches()) {
                throw ProblemException.invalid(
                        field, "'" + Text.abbreviate(raw, 40) + "' is not a prefix: '+' and 2 to 15 digits");
            }
            int country = Integer.toString(numbers.countryCodeOf(raw)).length();
            int minDigits = (numbers.countryCodeOf(raw) == 0 ? 3 : country)
                    + config.rest().minPrefixSubscriberDigits();
            if (raw.length() - 1 < minDigits) {
                throw ProblemException.invalid(
                        field,
                        "prefix " + raw + " is too broad: at least " + minDigits
                                + " digits (the country code and "
                                + config.rest().minPrefixSubscriberDigits()
                                + " more) are required");
            }
            return raw;
        }
        String canonical = numbers.canonicalOrNull(raw);
        if (canonical == null || !BlocklistEntry.NUMBER.matcher(canonical).matches()) {
            throw ProblemException.invalid(field, "'" + Text.abbreviate(raw, 40) + "' is not a valid phone number");
        }
        return canonical;
    }

    public PutOutcome put(EntryKind kind, String value, EntryAction action, EntryRequest request, String actor) {
        if (needsSecondApprover(kind, action)) {
            throw new IllegalStateException("an " + action + " " + kind + " needs a second approver");
        }
        BlocklistEntry proposed = validated(kind, value, action, request, actor, clock.instant());
        return apply(proposed, actor, proposed.reason());
    }

    /** Writes an entry that passed every check (and, where needed, its second approval). */
    PutOutcome apply(BlocklistEntry proposed, String actor, String why) {
        BlocklistEntry existing = state.view().get(proposed.kind(), proposed.value());
        BlocklistEntry entry =
                existing == null ? proposed : withOrigin(proposed, existing.createdBy(), existing.createdAt());
        boolean created = existing == null;
        write(entry.key(), entry, existing, created ? "CREATED" : "REPLACED", actor, why);
        count(created ? "create" : "replace");
        return new PutOutcome(entry, created);
    }

    /** Deletes the entry if it exists with this action; {@code false} if there was none. */
    public boolean delete(EntryKind kind, String value, EntryAction action, String actor, String why) {
        BlocklistEntry existing = get(kind, value, action);
        if (existing == null) {
            return false;
        }
        if (why != null) {
            Reasons.requireValid(why);
        }
        write(existing.key(), null, existing, "DELETED", actor, why);
        count("delete");
        return true;
    }

    /** The live entry with this action, or {@code null}. */
    public BlocklistEntry get(EntryKind kind, String value, EntryAction action) {
        BlocklistEntry e = state.view().get(kind, value);
        if (e == null || e.action() != action || !e.isLiveAt(clock.millis())) {
            return null;
        }
        return e;
    }

    public EntryPage list(
            EntryAction action, String keyPrefix, FraudCategory category, String source, int limit, String cursor) {
        Paging.requireLimit(limit, config.rest().maxPageSize());
        String after = Paging.decodeCursor(cursor);
        long now = clock.millis();
        // The limit+1 smallest keys after the cursor, without sorting the whole list.
        PriorityQueue<BlocklistEntry> page =
                new PriorityQueue<>(Comparator.comparing(BlocklistEntry::key).reversed());
        java.util.function.Consumer<BlocklistEntry> consider = e -> {
            if (e.action() == action
                    && e.isLiveAt(now)
                    && (keyPrefix == null
                            || e.value().startsWith(keyPrefix)
                            || e.key().startsWith(keyPrefix))
                    && (category == null || e.category() == category)
                    && (source == null || source.equals(e.source()))
                    && (after == null || e.key().compareTo(after) > 0)) {
                page.add(e);
                if (page.size() > limit + 1) {
                    page.poll();
                }
            }
        };
        state.view().prefixEntries().forEach(consider);
        state.view().forEachNumber(consider);
        List<BlocklistEntry> items = new ArrayList<>(page);
        items.sort(Comparator.comparing(BlocklistEntry::key));
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            next = Paging.encodeCursor(items.get(limit - 1).key());
        }
        return new EntryPage(List.copyOf(items), next);
    }

    /** An export of the whole list is personal data leaving the system: it is audited like a change. */
    public void recordExport(String actor) {
        AuditRecord audit = new AuditRecord("export", "EXPORTED", actor, clock.instant(), "CSV export", null, null);
        state.writer().writeAll(List.of(auditChange(audit)));
        logAudit(audit);
    }

    /** Writes a change with its audit record, then logs it as a structured audit line. */
    void write(String key, BlocklistEntry after, BlocklistEntry before, String change, String actor, String why) {
        AuditRecord audit = new AuditRecord(key, change, actor, clock.instant(), why, before, after);
        state.writer().writeAll(List.of(entryChange(key, after), auditChange(audit)));
        logAudit(audit);
    }

    public Change entryChange(String key, BlocklistEntry entry) {
        return new Change(config.topics().fraudBlocklist(), key, entry == null ? null : json(entry));
    }

    public Change auditChange(AuditRecord audit) {
        return new Change(config.topics().blocklistAudit(), audit.key(), json(audit));
    }

    /** The audit log line: structured, the number masked (the audit topic keeps it whole), the text escaped. */
    public static void logAudit(AuditRecord audit) {
        AUDIT.infof(
                "blocklist change=%s key=%s actor=%s why=\"%s\"",
                audit.change(), Masked.key(audit.key()), Text.forLog(audit.actor()), Text.forLog(audit.why()));
    }

    List<Change> changeFor(BlocklistEntry entry, BlocklistEntry before, String actor, Instant at) {
        AuditRecord audit = new AuditRecord(
                entry.key(), before == null ? "CREATED" : "REPLACED", actor, at, entry.reason(), before, entry);
        return List.of(entryChange(entry.key(), entry), auditChange(audit));
    }

    BlocklistEntry validated(
            EntryKind kind, String value, EntryAction action, EntryRequest request, String actor, Instant at) {
        // Stored with millisecond precision, as the compact store keeps it.
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON body with category, reason and source is required");
        }
        if (action == EntryAction.BLOCK && request.category() == null) {
            throw ProblemException.invalid("category", "category is required: " + List.of(FraudCategory.values()));
        }
        String reason = request.reason();
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("reason", "reason is required: why is this number listed?");
        }
        Reasons.requireValid(reason);
        if (request.source() == null || !SOURCE.matcher(request.source()).matches()) {
            throw ProblemException.invalid(
                    "source", "source is required, an upper-case code such as FRAUD_TEAM or NATIONAL_PLATFORM");
        }
        if (request.source().equals(BlocklistEntry.COMMUNITY_SOURCE)) {
            throw ProblemException.invalid(
                    "source",
                    "source COMMUNITY is reserved for labels that reports earn; confirm a reported number"
                            + " through /api/v1/reports/numbers/{number}/confirm");
        }
        Instant expiresAt = request.expiresAt();
        if (expiresAt != null && request.ttl() != null) {
            throw ProblemException.invalid("ttl", "give expiresAt or ttl, not both");
        }
        if (request.ttl() != null) {
            if (request.ttl().isNegative()
                    || request.ttl().isZero()
                    || request.ttl().compareTo(MAX_TTL) > 0) {
                throw ProblemException.invalid("ttl", "ttl must be positive and at most " + MAX_TTL.toDays() + " days");
            }
            expiresAt = now.plus(request.ttl());
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ProblemException.invalid("expiresAt", "expiresAt must be in the future");
        }
        return new BlocklistEntry(
                kind,
                value,
                action,
                request.category() == null ? FraudCategory.OTHER : request.category(),
                reason,
                request.source(),
                actor,
                now,
                now,
                expiresAt);
    }

    /** Whether {@code proposed} would change nothing that matters in {@code existing} (timestamps aside). */
    static boolean sameContent(BlocklistEntry existing, BlocklistEntry proposed) {
        return existing != null
                && existing.action() == proposed.action()
                && existing.category() == proposed.category()
                && Objects.equals(existing.reason(), proposed.reason())
                && Objects.equals(existing.source(), proposed.source())
                && Objects.equals(existing.expiresAt(), proposed.expiresAt());
    }

    static BlocklistEntry withOrigin(BlocklistEntry e, String createdBy, Instant createdAt) {
        return new BlocklistEntry(
                e.kind(),
                e.value(),
                e.action(),
                e.category(),
                e.reason(),
                e.source(),
                createdBy,
                createdAt,
                e.updatedAt(),
                e.expiresAt());
    }

    BlocklistState state() {
        return state;
    }

    Clock clock() {
        return clock;
    }

    void count(String operation) {
        writeCounter(operation).increment();
    }

    private Counter writeCounter(String operation) {
        return writeCounters.computeIfAbsent(
                operation,
                op -> Counter.builder("callguard.blocklist.writes")
                        .description("Blocklist and allowlist changes made over REST")
                        .tag("operation", op)
                        .register(registry));
    }

    byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}

package io.callguard.disputes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.blocklist.AuditRecord;
import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistService;
import io.callguard.blocklist.BlocklistState;
import io.callguard.blocklist.EntryAction;
import io.callguard.blocklist.EntryKind;
import io.callguard.blocklist.FraudCategory;
import io.callguard.config.CallguardConfig;
import io.callguard.reports.ReportReview;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Reasons;
import io.callguard.screening.MatchedEntry;
import io.callguard.state.FencedWriter;
import io.callguard.state.StateTopicWriter.Change;

/**
 * Opens and resolves disputes. A resolution is one transaction: the dispute's new version, the blocklist change a
 * LIFT makes, the clearance that keeps reports from labelling the number again, and their audit records. Resolutions
 * are serialised across all replicas ({@link FencedWriter}: one shared transactional id) and checked against the
 * version the analyst saw ({@code If-Match}), so of two analysts resolving the same dispute exactly one wins.
 */
@ApplicationScoped
public class DisputeService {

    static final int MAX_STATEMENT = 2000;
    static final int MAX_CONTACT = 200;
    private static final Duration MIN_DUE = Duration.ofSeconds(1);
    private static final Duration MAX_DUE = Duration.ofDays(7);
    /** Source of the ALLOW exceptions that a lifted dispute adds under a blocked prefix. */
    public static final String DISPUTE_SOURCE = "DISPUTE";

    /** @param dueIn when the dispute is due, if sooner or later than the default (e.g. a regulator's deadline) */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record OpenRequest(String number, String statement, String contact, String callId, Duration dueIn) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ResolveRequest(Resolution resolution, String note) {}

    private final BlocklistState blocklist;
    private final BlocklistService entries;
    private final DisputesState disputes;
    private final ReportReview review;
    private final CallguardConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    @Inject
    public DisputeService(
            BlocklistState blocklist,
            BlocklistService entries,
            DisputesState disputes,
            ReportReview review,
            CallguardConfig config,
            ObjectMapper mapper,
            Clock clock) {
        this.blocklist = blocklist;
        this.entries = entries;
        this.disputes = disputes;
        this.review = review;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    public Dispute open(OpenRequest request, String actor) {
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON body with number and statement is required");
        }
        String number = entries.canonicalValue(EntryKind.NUMBER, request.number(), "number");
        String statement = text("statement", request.statement(), MAX_STATEMENT, true);
        String contact = text("contact", request.contact(), MAX_CONTACT, false);
        String callId = text("callId", request.callId(), 128, false);
        Duration dueIn = request.dueIn() == null ? config.disputes().dueAfter() : request.dueIn();
        if (dueIn.compareTo(MIN_DUE) < 0 || dueIn.compareTo(MAX_DUE) > 0) {
            throw ProblemException.invalid("dueIn", "dueIn must be between 1 second and 7 days");
        }
        Instant now = now();
        BlocklistEntry entry = blocklist.view().longestMatch(number, now.toEpochMilli());
        Dispute dispute = new Dispute(
                UUID.randomUUID().toString(),
                number,
                DisputeStatus.OPEN,
                statement,
                contact,
                callId,
                MatchedEntry.of(entry),
                entry,
                actor,
                now,
                now.plus(dueIn),
                null,
                null,
                null,
                1);
        List<Change> changes = new ArrayList<>();
        changes.add(disputeChange(dispute));
        if (entry != null) {
            changes.add(entries.auditChange(new AuditRecord(
                    entry.key(), "DISPUTED", actor, now, "dispute " + dispute.disputeId() + " opened", entry, entry)));
        }
        blocklist.writer().writeAll(changes);
        disputes.opened();
        return dispute;
    }

    public Dispute get(String disputeId) {
        Dispute d = disputeId == null ? null : disputes.view().get(disputeId);
        if (d == null) {
            throw ProblemException.notFound("no dispute " + disputeId);
        }
        return d;
    }

    public Dispute resolve(String disputeId, String ifMatch, ResolveRequest request, String actor) {
        if (request == null || request.resolution() == null) {
            throw ProblemException.invalid("resolution", "resolution is required: LIFT or UPHOLD");
        }
        String note = text("note", request.note(), Reasons.MAX_LENGTH, true);
        try {
            Dispute resolved =
                    disputes.resolutions().write(() -> plan(disputeId, ifMatch, request.resolution(), note, actor));
            disputes.resolved(request.resolution());
            return resolved;
        } catch (FencedWriter.ConcurrentWriteException e) {
            throw ProblemException.conflict("another analyst resolved dispute " + disputeId
                    + " at the same moment on another replica; reload it");
        }
    }

    /**
     * Decides the resolution while this replica holds the resolutions' transactional id: every other replica's
     * resolution committed before is in the view by then, so the version check is exact across the cluster.
     */
    private FencedWriter.Planned<Dispute> plan(
            String disputeId, String ifMatch, Resolution resolution, String note, String actor) {
        disputes.catchUpToEnd();
        Dispute d = get(disputeId);
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.preconditionRequired(
                    "resolving needs If-Match with the dispute's ETag (" + d.etag() + ")");
        }
        if (!sameVersion(ifMatch, d.version())) {
            throw ProblemException.preconditionFailed("the dispute changed since you read it: it is now version "
                    + d.version() + ", " + d.status() + (d.resolvedBy() == null ? "" : " by " + d.resolvedBy()));
        }
        if (!d.isOpen()) {
            throw ProblemException.conflict("dispute " + disputeId + " is already " + d.status());
        }
        Instant now = now();
        String why = "dispute " + d.disputeId() + " " + resolution + ": " + note;
        List<Change> changes = new ArrayList<>();
        Dispute resolved;
        if (resolution == Resolution.LIFT) {
            resolved = d.resolved(DisputeStatus.LIFTED, actor, now, note);
            changes.addAll(lift(d.number(), actor, why, now));
            changes.addAll(review.clearing(d.number(), actor, why, "DISPUTE", now));
        } else {
            resolved = d.resolved(DisputeStatus.UPHELD, actor, now, note);
            BlocklistEntry entry = blocklist.view().longestMatch(d.number(), now.toEpochMilli());
            if (entry != null) {
                changes.add(entries.auditChange(
                        new AuditRecord(entry.key(), "DISPUTE_UPHELD", actor, now, why, entry, entry)));
            }
        }
        changes.add(0, disputeChange(resolved));
        return new FencedWriter.Planned<>(changes, resolved);
    }

    /**
     * What lifting the block of {@code number} changes in the list: its own entry goes; under a blocked (or DNO)
     * prefix an ALLOW exception for the number is added; nothing if no entry blocks it.
     */
    private List<Change> lift(String number, String actor, String why, Instant now) {
        BlocklistEntry entry = blocklist.view().longestMatch(number, now.toEpochMilli());
        if (entry == null || entry.action() == EntryAction.ALLOW) {
            return List.of();
        }
        if (entry.kind() == EntryKind.NUMBER) {
            AuditRecord audit = new AuditRecord(entry.key(), "DELETED", actor, now, why, entry, null);
            BlocklistService.logAudit(audit);
            return List.of(entries.entryChange(entry.key(), null), entries.auditChange(audit));
        }
        BlocklistEntry allow = new BlocklistEntry(
                EntryKind.NUMBER,
                number,
                EntryAction.ALLOW,
                FraudCategory.OTHER,
                why.length() > Reasons.MAX_LENGTH ? why.substring(0, Reasons.MAX_LENGTH) : why,
                DISPUTE_SOURCE,
                actor,
                now,
                now,
                null);
        AuditRecord audit = new AuditRecord(allow.key(), "CREATED", actor, now, why, null, allow);
        BlocklistService.logAudit(audit);
        return List.of(entries.entryChange(allow.key(), allow), entries.auditChange(audit));
    }

    static boolean sameVersion(String ifMatch, long version) {
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.equals(Long.toString(version));
    }

    private static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ProblemException.invalid(field, field + " is required");
            }
            return null;
        }
        if (value.length() > max) {
            throw ProblemException.invalid(field, field + " is longer than " + max + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw ProblemException.invalid(field, field + " holds control characters");
        }
        return value;
    }

    private Change disputeChange(Dispute d) {
        try {
            return new Change(config.topics().disputes(), d.disputeId(), mapper.writeValueAsBytes(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

package io.callguard.blocklist;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.callguard.config.CallguardConfig;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Reasons;
import io.callguard.state.StateTopicWriter.Change;

/**
 * The two-person rule: a change that opens (or closes) a whole range waits in {@code blocklist-approvals} until a
 * second, different fraud analyst approves it. Request, approval and rejection are each one transaction with their
 * audit record; the approval also writes the entry and removes the request.
 */
@ApplicationScoped
public class ApprovalService {

    private final BlocklistService service;
    private final BlocklistState state;
    private final CallguardConfig config;
    private final Clock clock;

    @Inject
    public ApprovalService(BlocklistService service, BlocklistState state, CallguardConfig config, Clock clock) {
        this.service = service;
        this.state = state;
        this.config = config;
        this.clock = clock;
    }

    public PendingChange request(EntryKind kind, String value, EntryAction action, EntryRequest request, String actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        BlocklistEntry entry = service.validated(kind, value, action, request, actor, now);
        PendingChange pending = new PendingChange(UUID.randomUUID().toString(), entry.key(), actor, now, entry);
        BlocklistEntry current = state.view().get(kind, value);
        AuditRecord audit = new AuditRecord(entry.key(), "REQUESTED", actor, now, entry.reason(), current, entry);
        state.writer().writeAll(List.of(pendingChange(entry.key(), pending), service.auditChange(audit)));
        BlocklistService.logAudit(audit);
        return pending;
    }

    /** Applies the pending change; the approver must be a fraud analyst other than the one who asked. */
    public BlocklistEntry approve(String approvalId, String approver) {
        PendingChange pending = found(approvalId);
        if (pending.requestedBy().equals(approver)) {
            throw ProblemException.forbidden(
                    "a second fraud analyst must approve: " + approver + " requested this change");
        }
        BlocklistEntry existing =
                state.view().get(pending.entry().kind(), pending.entry().value());
        BlocklistEntry entry = existing == null
                ? pending.entry()
                : BlocklistService.withOrigin(pending.entry(), existing.createdBy(), existing.createdAt());
        String why = "approved the change requested by " + pending.requestedBy() + ": "
                + pending.entry().reason();
        AuditRecord audit = new AuditRecord(pending.key(), "APPROVED", approver, clock.instant(), why, existing, entry);
        state.writer()
                .writeAll(List.of(
                        service.entryChange(pending.key(), entry),
                        pendingChange(pending.key(), null),
                        service.auditChange(audit)));
        BlocklistService.logAudit(audit);
        service.count(existing == null ? "create" : "replace");
        return entry;
    }

    /** Drops the pending change (the requester withdrawing it, or another analyst refusing it). */
    public void reject(String approvalId, String actor, String reason) {
        PendingChange pending = found(approvalId);
        if (reason != null) {
            Reasons.requireValid(reason);
        }
        BlocklistEntry current =
                state.view().get(pending.entry().kind(), pending.entry().value());
        AuditRecord audit =
                new AuditRecord(pending.key(), "REJECTED", actor, clock.instant(), reason, current, current);
        state.writer().writeAll(List.of(pendingChange(pending.key(), null), service.auditChange(audit)));
        BlocklistService.logAudit(audit);
    }

    public List<PendingChange> pending() {
        return state.pending().all().stream()
                .sorted(Comparator.comparing(PendingChange::requestedAt))
                .toList();
    }

    public PendingChange get(String approvalId) {
        return found(approvalId);
    }

    private PendingChange found(String approvalId) {
        PendingChange pending = approvalId == null ? null : state.pending().byId(approvalId);
        if (pending == null) {
            throw ProblemException.notFound("no pending change " + approvalId);
        }
        return pending;
    }

    private Change pendingChange(String key, PendingChange pending) {
        return new Change(config.topics().blocklistApprovals(), key, pending == null ? null : service.json(pending));
    }
}

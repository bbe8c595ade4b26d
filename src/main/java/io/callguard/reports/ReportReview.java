package io.callguard.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
import io.callguard.rest.ProblemException;
import io.callguard.rest.Reasons;
import io.callguard.state.StateTopicWriter.Change;

/**
 * An analyst's verdict on a reported number. Confirm: a permanent BLOCK (source {@code COMMUNITY_CONFIRMED}) replaces
 * the label. Clear: the label goes (or an ALLOW entry takes its place), and a clearance keeps reports from labelling
 * the number again for a while. Each is one transaction with its audit record. Disputes clear numbers the same way.
 */
@ApplicationScoped
public class ReportReview {

    /** Source of the entries that an analyst's review of reports made. */
    public static final String REVIEW_SOURCE = "COMMUNITY_CONFIRMED";

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ConfirmRequest(FraudCategory category, String reason) {}

    /** @param allow also add an ALLOW entry, so that no range block or feed catches the number either */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ClearRequest(String reason, Boolean allow) {}

    @Inject
    BlocklistState blocklist;

    @Inject
    BlocklistService entries;

    @Inject
    CallguardConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    public BlocklistEntry confirm(String rawNumber, ConfirmRequest request, String actor) {
        String number = entries.canonicalValue(EntryKind.NUMBER, rawNumber, "number");
        if (request == null || request.category() == null) {
            throw ProblemException.invalid("category", "category is required: " + List.of(FraudCategory.values()));
        }
        requireReason(request.reason());
        Instant now = now();
        BlocklistEntry existing = live(number, now);
        if (existing != null && existing.action() != EntryAction.BLOCK) {
            throw ProblemException.conflict(
                    number + " has an " + existing.action() + " entry; remove it before confirming the reports");
        }
        BlocklistEntry entry = new BlocklistEntry(
                EntryKind.NUMBER,
                number,
                EntryAction.BLOCK,
                request.category(),
                request.reason(),
                REVIEW_SOURCE,
                actor,
                now,
                now,
                null);
        AuditRecord audit = new AuditRecord(entry.key(), "CONFIRMED", actor, now, request.reason(), existing, entry);
        blocklist.writer().writeAll(List.of(entries.entryChange(entry.key(), entry), entries.auditChange(audit)));
        BlocklistService.logAudit(audit);
        return entry;
    }

    public Clearance clear(String rawNumber, ClearRequest request, String actor) {
        String number = entries.canonicalValue(EntryKind.NUMBER, rawNumber, "number");
        if (request == null) {
            throw ProblemException.invalid("reason", "reason is required: why are the reports wrong?");
        }
        requireReason(request.reason());
        Instant now = now();
        BlocklistEntry existing = live(number, now);
        if (existing != null && !existing.isCommunityLabel() && existing.action() != EntryAction.ALLOW) {
            throw ProblemException.conflict(number + " has an analyst's " + existing.action()
                    + " entry, not a community label; remove it through the blocklist or a dispute");
        }
        List<Change> changes = new ArrayList<>(clearing(number, actor, request.reason(), "REVIEW", now));
        BlocklistEntry after = null;
        if (Boolean.TRUE.equals(request.allow())) {
            after = new BlocklistEntry(
                    EntryKind.NUMBER,
                    number,
                    EntryAction.ALLOW,
                    FraudCategory.OTHER,
                    request.reason(),
                    REVIEW_SOURCE,
                    actor,
                    now,
                    now,
                    null);
        }
        boolean removesLabel = existing != null && existing.isCommunityLabel();
        if (removesLabel || after != null) {
            changes.add(entries.entryChange(BlocklistEntry.keyOf(EntryKind.NUMBER, number), after));
        } else {
            after = existing;
        }
        AuditRecord audit = new AuditRecord(number, "CLEARED", actor, now, request.reason(), existing, after);
        changes.add(entries.auditChange(audit));
        blocklist.writer().writeAll(changes);
        BlocklistService.logAudit(audit);
        return clearance(number, actor, request.reason(), "REVIEW", now);
    }

    /**
     * The record that keeps reports from labelling {@code number} for {@code callguard.reports.cleared-for}; part of
     * the caller's transaction.
     */
    public List<Change> clearing(String number, String actor, String why, String via, Instant at) {
        return List.of(
                new Change(config.topics().reportClearances(), number, json(clearance(number, actor, why, via, at))));
    }

    private Clearance clearance(String number, String actor, String why, String via, Instant at) {
        return new Clearance(number, at, at.plus(config.reports().clearedFor()), actor, why, via);
    }

    private BlocklistEntry live(String number, Instant now) {
        BlocklistEntry e = blocklist.view().get(EntryKind.NUMBER, number);
        return e == null || !e.isLiveAt(now.toEpochMilli()) ? null : e;
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("reason", "reason is required");
        }
        Reasons.requireValid(reason);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

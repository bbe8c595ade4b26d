package io.callguard.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistService;
import io.callguard.blocklist.BlocklistState;
import io.callguard.blocklist.EntryKind;
import io.callguard.readmodel.DecisionQueries;
import io.callguard.readmodel.DecisionRow;
import io.callguard.readmodel.DisputeQueries;
import io.callguard.readmodel.HistoryEntry;
import io.callguard.readmodel.HistoryQueries;
import io.callguard.readmodel.ReadModelUnavailableException;
import io.callguard.readmodel.ReportQueueQueries;
import io.callguard.reports.ReportsState;
import io.callguard.rest.Roles;
import io.callguard.roaming.RoamingState;

/** {@code GET /api/v1/numbers/{number}}: one number as support and analysts see it (the console's number page). */
@Path("/api/v1/numbers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "support")
public class NumberProfileResource {

    static final int HISTORY = 20;
    static final int DECISIONS = 20;
    static final Duration RECENT = Duration.ofDays(7);

    @Inject
    BlocklistService entries;

    @Inject
    BlocklistState blocklist;

    @Inject
    ReportsState reports;

    @Inject
    RoamingState roaming;

    @Inject
    HistoryQueries history;

    @Inject
    ReportQueueQueries reportQueries;

    @Inject
    DisputeQueries disputes;

    @Inject
    DecisionQueries decisions;

    @Inject
    Clock clock;

    @GET
    @Path("{number}")
    @RolesAllowed({Roles.FRAUD_ANALYST, Roles.SUPPORT_AGENT, Roles.VIEWER})
    public NumberProfile profile(@PathParam("number") String raw) {
        String number = entries.canonicalValue(EntryKind.NUMBER, raw, "number");
        Instant now = clock.instant();
        BlocklistEntry entry = blocklist.view().longestMatch(number, now.toEpochMilli());
        List<HistoryEntry> changes = List.of();
        ReportQueueQueries.ReportedNumber reported = null;
        List<DisputeQueries.DisputeRow> disputed = List.of();
        List<DecisionRow> recent = List.of();
        boolean readModel = true;
        try {
            String key = entry == null ? number : entry.key();
            changes = history.history(HistoryQueries.LISTS, key, HISTORY, null).items();
            reported = reportQueries.number(number);
            disputed = disputes.list(null, number, HISTORY, null).items();
            recent = decisions
                    .decisions(
                            new DecisionQueries.Filter(number, null, now.minus(RECENT), now, null),
                            DECISIONS,
                            null,
                            false)
                    .items();
        } catch (ReadModelUnavailableException e) {
            readModel = false; // the live parts (entry, clearance, roaming) still answer
        }
        return new NumberProfile(
                number,
                entry,
                changes,
                reported,
                reports.clearances().get(number),
                disputed,
                roaming.view().get(number),
                recent,
                readModel);
    }
}

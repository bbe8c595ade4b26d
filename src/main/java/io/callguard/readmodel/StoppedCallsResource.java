package io.callguard.readmodel;

import java.time.Clock;
import java.time.Duration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.lines.LineService;
import io.callguard.rest.Paging;
import io.callguard.rest.Roles;

/** What was stopped (BLOCK) or flagged (WARN) for a senior's line, and whether the family was told; newest first. */
@Path("/api/v1/protected-lines/{line}/stopped-calls")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "protected-lines")
public class StoppedCallsResource {

    @Inject
    DecisionQueries queries;

    @Inject
    LineService lines;

    @Inject
    Clock clock;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPPORT_AGENT, Roles.LINE_ADMIN, Roles.FRAUD_ANALYST})
    public DecisionPage stoppedCalls(
            @PathParam("line") String line,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("cursor") String cursor) {
        TimeRange range = TimeRange.of(from, to, clock.instant(), Duration.ofDays(30));
        return queries.decisions(
                new DecisionQueries.Filter(null, lines.canonicalLine(line), range.from(), range.to(), null),
                Paging.limit(limit, HistoryQueries.MAX_PAGE),
                cursor,
                true);
    }
}

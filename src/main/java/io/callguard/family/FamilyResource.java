package io.callguard.family;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.lines.LineService;
import io.callguard.lines.LinesState;
import io.callguard.lines.ProtectedLine;
import io.callguard.readmodel.DecisionPage;
import io.callguard.readmodel.DecisionQueries;
import io.callguard.readmodel.HistoryQueries;
import io.callguard.rest.Paging;
import io.callguard.rest.Roles;
import io.callguard.rest.WriteRateLimiter;

/**
 * The family self-service API for the carrier's app: the lines a family member is bound to, what was stopped for
 * them in the last 30 days, and the few settings a family may change. Every line in a path goes through
 * {@link FamilyAccess}.
 */
@Path("/api/v1/family")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.FAMILY)
@Tag(name = "family")
public class FamilyResource {

    static final Duration STOPPED_CALLS_WINDOW = Duration.ofDays(30);

    @Inject
    FamilyAccess access;

    @Inject
    FamilyChanges changes;

    @Inject
    LinesState lines;

    @Inject
    LineService lineService;

    @Inject
    DecisionQueries decisions;

    @Inject
    WriteRateLimiter rateLimiter;

    @Inject
    JsonWebToken token;

    @Inject
    Clock clock;

    @GET
    @Path("lines")
    public List<FamilyLine> myLines() {
        String member = access.member(token);
        if (member == null) {
            return List.of();
        }
        return lines.view().linesOfFamily(member).stream()
                .map(lines.view()::get)
                .filter(Objects::nonNull)
                .filter(l -> l.familyNumbers().contains(member))
                .sorted(Comparator.comparing(ProtectedLine::line))
                .map(l -> FamilyLine.of(l, member))
                .toList();
    }

    @GET
    @Path("lines/{line}")
    public FamilyLine line(@PathParam("line") String line) {
        String member = access.member(token);
        return FamilyLine.of(access.line(member, line), member);
    }

    @GET
    @Path("lines/{line}/stopped-calls")
    public StoppedCall.Page stoppedCalls(
            @PathParam("line") String line,
            @QueryParam("limit") @DefaultValue("50") String limit,
            @QueryParam("cursor") String cursor) {
        ProtectedLine l = access.line(access.member(token), line);
        Instant now = clock.instant();
        DecisionPage page = decisions.decisions(
                new DecisionQueries.Filter(null, l.line(), now.minus(STOPPED_CALLS_WINDOW), now, null),
                Paging.limit(limit, HistoryQueries.MAX_PAGE),
                cursor,
                true);
        return new StoppedCall.Page(page.items().stream().map(StoppedCall::of).toList(), page.nextCursor());
    }

    @PATCH
    @Path("lines/{line}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public FamilyLine change(@PathParam("line") String line, JsonNode body) {
        String member = access.member(token);
        ProtectedLine l = access.line(member, line);
        rateLimiter.acquire("family:" + member);
        ProtectedLine changed = lineService.patch(l.line(), changes.toLinePatch(body), "family:" + member, null);
        return FamilyLine.of(changed, member);
    }
}

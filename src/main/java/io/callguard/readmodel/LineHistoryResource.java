package io.callguard.readmodel;

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
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;

/** Who changed a senior's line, when and why, with the line before and after; newest first. */
@Path("/api/v1/protected-lines/{line}/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "protected-lines")
public class LineHistoryResource {

    @Inject
    HistoryQueries queries;

    @Inject
    LineService lines;

    @GET
    @RolesAllowed({Roles.LINE_ADMIN, Roles.FRAUD_ANALYST})
    public HistoryPage history(
            @PathParam("line") String line,
            @QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("cursor") String cursor) {
        String canonical = lines.canonicalLine(line);
        HistoryPage page =
                queries.history(HistoryQueries.LINES, canonical, Paging.limit(limit, HistoryQueries.MAX_PAGE), cursor);
        if (page.items().isEmpty() && cursor == null) {
            throw ProblemException.notFound("no changes recorded for line " + canonical);
        }
        return page;
    }
}

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

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistService;
import io.callguard.blocklist.EntryKind;
import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;

/**
 * Every change of a list entry (block, allow or DNO; they share one key space), newest first, from the read model:
 * who, when, what before and after, and why.
 */
@Path("/api/v1/blocklist/{kind: numbers|prefixes}/{value}/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "blocklist")
public class ListHistoryResource {

    @Inject
    HistoryQueries queries;

    @Inject
    BlocklistService service;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPPORT_AGENT, Roles.FRAUD_ANALYST})
    public HistoryPage history(
            @PathParam("kind") String kind,
            @PathParam("value") String value,
            @QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("cursor") String cursor) {
        EntryKind entryKind = kind.equals("prefixes") ? EntryKind.PREFIX : EntryKind.NUMBER;
        String field = entryKind == EntryKind.PREFIX ? "prefix" : "number";
        String key = BlocklistEntry.keyOf(entryKind, service.canonicalValue(entryKind, value, field));
        HistoryPage page =
                queries.history(HistoryQueries.LISTS, key, Paging.limit(limit, HistoryQueries.MAX_PAGE), cursor);
        if (page.items().isEmpty() && cursor == null) {
            throw ProblemException.notFound("no changes recorded for " + key);
        }
        return page;
    }
}

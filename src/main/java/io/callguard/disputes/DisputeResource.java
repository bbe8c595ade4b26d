package io.callguard.disputes;

import java.net.URI;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.blocklist.BlocklistService;
import io.callguard.blocklist.EntryKind;
import io.callguard.readmodel.DisputeQueries;
import io.callguard.readmodel.HistoryQueries;
import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;
import io.callguard.rest.WriteRateLimiter;

/** Support opens disputes, analysts resolve them (with {@code If-Match}); listings come from the read model. */
@Path("/api/v1/disputes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "disputes")
public class DisputeResource {

    @Inject
    DisputeService disputes;

    @Inject
    DisputeQueries queries;

    @Inject
    BlocklistService entries;

    @Inject
    WriteRateLimiter rateLimiter;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPPORT_AGENT)
    public Response open(DisputeService.OpenRequest body) {
        String actor = identity.getPrincipal().getName();
        rateLimiter.acquire(actor);
        Dispute d = disputes.open(body, actor);
        return Response.created(URI.create("/api/v1/disputes/" + d.disputeId()))
                .tag(new jakarta.ws.rs.core.EntityTag(Long.toString(d.version())))
                .entity(d)
                .build();
    }

    @GET
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.FRAUD_ANALYST, Roles.VIEWER})
    public DisputeQueries.DisputePage list(
            @QueryParam("status") String status,
            @QueryParam("number") String number,
            @QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("cursor") String cursor) {
        if (status != null) {
            try {
                DisputeStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("status", "status must be one of OPEN, LIFTED, UPHELD");
            }
        }
        String canonical = number == null ? null : entries.canonicalValue(EntryKind.NUMBER, number, "number");
        return queries.list(status, canonical, Paging.limit(limit, HistoryQueries.MAX_PAGE), cursor);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.FRAUD_ANALYST, Roles.VIEWER})
    public Response get(@PathParam("id") String id) {
        Dispute d = disputes.get(id);
        return Response.ok(d)
                .tag(new jakarta.ws.rs.core.EntityTag(Long.toString(d.version())))
                .build();
    }

    @POST
    @Path("{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public Response resolve(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, DisputeService.ResolveRequest body) {
        String actor = identity.getPrincipal().getName();
        rateLimiter.acquire(actor);
        Dispute d = disputes.resolve(id, ifMatch, body, actor);
        return Response.ok(d)
                .tag(new jakarta.ws.rs.core.EntityTag(Long.toString(d.version())))
                .build();
    }
}

package io.callguard.blocklist;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.rest.Roles;
import io.callguard.rest.WriteRateLimiter;

/** Changes waiting for a second fraud analyst (ALLOW prefixes): list, approve, reject. */
@Path("/api/v1/approvals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "approvals")
public class ApprovalResource {

    @Inject
    ApprovalService approvals;

    @Inject
    WriteRateLimiter rateLimiter;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.FRAUD_ANALYST})
    public List<PendingChange> pending() {
        return approvals.pending();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.FRAUD_ANALYST})
    public PendingChange get(@PathParam("id") String id) {
        return approvals.get(id);
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public BlocklistEntry approve(@PathParam("id") String id) {
        String actor = identity.getPrincipal().getName();
        rateLimiter.acquire(actor);
        return approvals.approve(id, actor);
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public Response reject(@PathParam("id") String id, @QueryParam("reason") String reason) {
        String actor = identity.getPrincipal().getName();
        rateLimiter.acquire(actor);
        approvals.reject(id, actor, reason);
        return Response.noContent().build();
    }
}

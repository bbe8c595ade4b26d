package io.callguard.lines;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;
import io.callguard.rest.WriteRateLimiter;

/** The registry of protected senior lines: family numbers, trusted callers and policy per line. */
@Path("/api/v1/protected-lines")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "protected-lines")
public class ProtectedLineResource {

    @Inject
    LineService service;

    @Inject
    WriteRateLimiter rateLimiter;

    @Inject
    SecurityIdentity identity;

    @PUT
    @Path("{line}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LINE_ADMIN)
    public Response put(
            @PathParam("line") String line,
            @QueryParam("reason") String reason,
            LineRequest request,
            @Context UriInfo uri) {
        String actor = actor();
        rateLimiter.acquire(actor);
        LineService.PutOutcome outcome = service.put(service.canonicalLine(line), request, actor, reason);
        return outcome.created()
                ? Response.created(uri.getRequestUri()).entity(outcome.line()).build()
                : Response.ok(outcome.line()).build();
    }

    @PATCH
    @Path("{line}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.LINE_ADMIN)
    public ProtectedLine patch(@PathParam("line") String line, @QueryParam("reason") String reason, JsonNode patch) {
        String actor = actor();
        rateLimiter.acquire(actor);
        return service.patch(service.canonicalLine(line), patch, actor, reason);
    }

    /** One line at a time; family numbers masked unless the reader is a line-admin. */
    @GET
    @Path("{line}")
    @RolesAllowed({Roles.VIEWER, Roles.LINE_ADMIN, Roles.FRAUD_ANALYST, Roles.SUPPORT_AGENT})
    public LineView get(@PathParam("line") String line) {
        ProtectedLine found = service.get(service.canonicalLine(line));
        if (found == null) {
            throw ProblemException.notFound("line " + line + " is not protected");
        }
        return LineView.of(found, !identity.hasRole(Roles.LINE_ADMIN));
    }

    @DELETE
    @Path("{line}")
    @RolesAllowed(Roles.LINE_ADMIN)
    public Response delete(@PathParam("line") String line, @QueryParam("reason") String reason) {
        String actor = actor();
        rateLimiter.acquire(actor);
        if (!service.delete(service.canonicalLine(line), actor, reason)) {
            throw ProblemException.notFound("line " + line + " is not protected");
        }
        return Response.noContent().build();
    }

    /** Bulk listing: the registry's administrators only; support looks lines up one at a time. */
    @GET
    @RolesAllowed(Roles.LINE_ADMIN)
    public LinePage list(@QueryParam("limit") @DefaultValue("100") String limit, @QueryParam("cursor") String cursor) {
        return service.list(Paging.parseLimit(limit), cursor);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}

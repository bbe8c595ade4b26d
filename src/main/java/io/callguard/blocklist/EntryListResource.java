package io.callguard.blocklist;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.security.identity.SecurityIdentity;

import io.callguard.rest.Paging;
import io.callguard.rest.Roles;
import io.callguard.rest.Text;
import io.callguard.rest.WriteRateLimiter;

/**
 * The endpoints the blocklist, the allowlist and the DNO list share: numbers and prefixes, create/replace, read,
 * delete, list. The lists share one topic and one key space: putting a number on the allowlist replaces its block, and
 * back.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class EntryListResource {

    @Inject
    BlocklistService service;

    @Inject
    ApprovalService approvals;

    @Inject
    WriteRateLimiter rateLimiter;

    @Inject
    SecurityIdentity identity;

    /** BLOCK for the blocklist, ALLOW for the allowlist, DNO for the Do-Not-Originate list. */
    protected abstract EntryAction action();

    @PUT
    @Path("numbers/{number}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public Response putNumber(
            @PathParam("number") String number, EntryRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        return put(EntryKind.NUMBER, service.canonicalValue(EntryKind.NUMBER, number, "number"), request, uri);
    }

    @PUT
    @Path("prefixes/{prefix}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public Response putPrefix(
            @PathParam("prefix") String prefix, EntryRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        return put(EntryKind.PREFIX, service.canonicalValue(EntryKind.PREFIX, prefix, "prefix"), request, uri);
    }

    @GET
    @Path("numbers/{number}")
    @RolesAllowed({Roles.VIEWER, Roles.FRAUD_ANALYST, Roles.LINE_ADMIN})
    public BlocklistEntry getNumber(@PathParam("number") String number) {
        return found(
                service.get(EntryKind.NUMBER, service.canonicalValue(EntryKind.NUMBER, number, "number"), action()));
    }

    @GET
    @Path("prefixes/{prefix}")
    @RolesAllowed({Roles.VIEWER, Roles.FRAUD_ANALYST, Roles.LINE_ADMIN})
    public BlocklistEntry getPrefix(@PathParam("prefix") String prefix) {
        return found(
                service.get(EntryKind.PREFIX, service.canonicalValue(EntryKind.PREFIX, prefix, "prefix"), action()));
    }

    @DELETE
    @Path("numbers/{number}")
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public Response deleteNumber(@PathParam("number") String number, @QueryParam("reason") String reason) {
        return delete(EntryKind.NUMBER, service.canonicalValue(EntryKind.NUMBER, number, "number"), reason);
    }

    @DELETE
    @Path("prefixes/{prefix}")
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public Response deletePrefix(@PathParam("prefix") String prefix, @QueryParam("reason") String reason) {
        return delete(EntryKind.PREFIX, service.canonicalValue(EntryKind.PREFIX, prefix, "prefix"), reason);
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.FRAUD_ANALYST, Roles.LINE_ADMIN})
    public EntryPage list(
            @QueryParam("prefix") String prefix,
            @QueryParam("category") String category,
            @QueryParam("source") String source,
            @QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("cursor") String cursor) {
        return service.list(action(), prefix, category(category), source, Paging.parseLimit(limit), cursor);
    }

    protected String actor() {
        return identity.getPrincipal().getName();
    }

    private Response put(EntryKind kind, String value, EntryRequest request, UriInfo uri) {
        String actor = actor();
        rateLimiter.acquire(actor);
        if (BlocklistService.needsSecondApprover(kind, action())) {
            PendingChange pending = approvals.request(kind, value, action(), request, actor);
            return Response.accepted(pending)
                    .location(uri.getBaseUriBuilder()
                            .path("api/v1/approvals/" + pending.approvalId())
                            .build())
                    .build();
        }
        BlocklistService.PutOutcome outcome = service.put(kind, value, action(), request, actor);
        if (outcome.created()) {
            return Response.created(uri.getRequestUri()).entity(outcome.entry()).build();
        }
        return Response.ok(outcome.entry()).build();
    }

    private Response delete(EntryKind kind, String value, String reason) {
        String actor = actor();
        rateLimiter.acquire(actor);
        if (!service.delete(kind, value, action(), actor, reason)) {
            throw io.callguard.rest.ProblemException.notFound(
                    kind.name().toLowerCase() + " " + value + " is not on the " + listName());
        }
        return Response.noContent().build();
    }

    private BlocklistEntry found(BlocklistEntry e) {
        if (e == null) {
            throw io.callguard.rest.ProblemException.notFound("not on the " + listName());
        }
        return e;
    }

    private String listName() {
        return switch (action()) {
            case BLOCK -> "blocklist";
            case ALLOW -> "allowlist";
            case DNO -> "Do-Not-Originate list";
        };
    }

    private static FraudCategory category(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return FraudCategory.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw io.callguard.rest.ProblemException.invalid(
                    "category", "'" + Text.abbreviate(raw, 40) + "' is not one of " + List.of(FraudCategory.values()));
        }
    }
}

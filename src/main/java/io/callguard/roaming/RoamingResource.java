package io.callguard.roaming;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.numbers.NumberNormalizer;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;
import io.callguard.rest.Text;

/** "Is my son really abroad?": the roaming registry, read-only, one number at a time. */
@Path("/api/v1/roaming")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "roaming")
public class RoamingResource {

    @Inject
    RoamingState state;

    @Inject
    NumberNormalizer numbers;

    @GET
    @Path("{number}")
    @RolesAllowed({Roles.VIEWER, Roles.FRAUD_ANALYST, Roles.LINE_ADMIN})
    public RoamingEntry get(@PathParam("number") String number) {
        String canonical = numbers.canonicalOrNull(number);
        if (canonical == null || NumberNormalizer.isShortCode(canonical)) {
            throw ProblemException.invalid(
                    "number", "'" + Text.abbreviate(number, 40) + "' is not a subscriber number");
        }
        RoamingEntry entry = state.view().get(canonical);
        if (entry == null) {
            throw ProblemException.notFound(canonical + " is not registered abroad");
        }
        return entry;
    }
}

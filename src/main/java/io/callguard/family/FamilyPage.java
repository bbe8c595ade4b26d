package io.callguard.family;

import java.util.Set;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.callguard.rest.WebAssets;

/** The family page ({@code /family}): a static page and its script over the family API. */
@Path("/family")
@PermitAll
public class FamilyPage {

    private static final WebAssets ASSETS = new WebAssets("family", Set.of("index.html", "family.js", "family.css"));

    @GET
    @Operation(hidden = true)
    public Response page() {
        return ASSETS.serve("index.html");
    }

    @GET
    @Path("{file}")
    @Operation(hidden = true)
    public Response file(@PathParam("file") String file) {
        return ASSETS.serve(file.equals("index.html") ? null : file);
    }
}

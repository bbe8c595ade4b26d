package io.callguard.console;

import java.util.Set;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.callguard.rest.WebAssets;

/** The console ({@code /console}) for the fraud team and support: a static page and its script over the API. */
@Path("/console")
@PermitAll
public class ConsolePage {

    private static final WebAssets ASSETS =
            new WebAssets("console", Set.of("index.html", "console.js", "i18n.js", "console.css"));

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

package io.callguard.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Only the bulk import streams large bodies (up to {@code quarkus.http.limits.max-body-size}); every other request
 * body is a small JSON document that is read whole, so it is held to 1 MB.
 */
@Provider
public class RequestSizeFilter implements ContainerRequestFilter {

    static final long MAX_DOCUMENT_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().endsWith("/import")) {
            return;
        }
        if (request.getLength() > MAX_DOCUMENT_BYTES) {
            request.abortWith(Problem.of(
                            Response.Status.REQUEST_ENTITY_TOO_LARGE,
                            "too-large",
                            "request body of " + request.getLength() + " bytes; at most " + MAX_DOCUMENT_BYTES,
                            "body")
                    .toResponse());
        }
    }
}

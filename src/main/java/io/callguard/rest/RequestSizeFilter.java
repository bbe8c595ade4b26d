package io.callguard.rest;

import java.lang.reflect.Method;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import io.callguard.config.CallguardConfig;

/**
 * Holds every request body to {@code callguard.rest.max-document-bytes}, counted on the bytes actually read, so a
 * chunked body cannot grow past it either. Only methods marked {@link LargeBody} (chosen by the resource method, never
 * by a path) stream more, under their own caps.
 */
@Provider
public class RequestSizeFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    /** Looked up per request: providers are created before runtime configuration exists. */
    @Inject
    Instance<CallguardConfig> config;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method != null && method.isAnnotationPresent(LargeBody.class)) {
            return;
        }
        String verb = request.getMethod();
        if (!verb.equals("POST") && !verb.equals("PUT") && !verb.equals("PATCH")) {
            return;
        }
        long max = config.get().rest().maxDocumentBytes().asLongValue();
        if (request.getLength() > max) {
            request.abortWith(ProblemException.tooLarge(
                            "body", "request body of " + request.getLength() + " bytes; at most " + max)
                    .toResponse());
            return;
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), max));
    }
}

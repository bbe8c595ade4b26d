package io.callguard.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.identity.SecurityIdentity;

/** Charges every authenticated GET of the API to its subject's read bucket. */
@Provider
public class ReadRateLimitFilter implements ContainerRequestFilter {

    @Inject
    ReadRateLimiter limiter;

    @Inject
    SecurityIdentity identity;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.getMethod().equals("GET") || identity.isAnonymous()) {
            return;
        }
        try {
            limiter.acquire(identity.getPrincipal().getName());
        } catch (ProblemException e) {
            request.abortWith(e.toResponse());
        }
    }
}

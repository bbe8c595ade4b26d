package io.callguard.readmodel;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.callguard.rest.ProblemException;

/** 503 with Retry-After and a problem body: the database is down or not configured; nothing else is affected. */
@Provider
public class ReadModelUnavailableMapper implements ExceptionMapper<ReadModelUnavailableException> {

    @Override
    public Response toResponse(ReadModelUnavailableException e) {
        return ProblemException.unavailable(e.getMessage(), 10).toResponse();
    }
}

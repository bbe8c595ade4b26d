package io.callguard.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body that grew past its limit while it was read: 413 with a problem body. */
@Provider
public class BodyTooLargeMapper implements ExceptionMapper<BodyTooLargeException> {

    @Override
    public Response toResponse(BodyTooLargeException e) {
        return e.problem().toResponse();
    }
}

package io.callguard.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Takes precedence over the framework's own mapper for this type, so the answer is a problem body too. */
@Provider
@Priority(1)
public class MismatchedInputMapper implements ExceptionMapper<MismatchedInputException> {

    private final JsonInputMapper delegate = new JsonInputMapper();

    @Override
    public Response toResponse(MismatchedInputException e) {
        return delegate.toResponse(e);
    }
}

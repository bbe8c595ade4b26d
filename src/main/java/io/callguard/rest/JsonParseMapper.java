package io.callguard.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonParseException;

/** Malformed JSON syntax: a problem body, not the framework's default answer. */
@Provider
@Priority(1)
public class JsonParseMapper implements ExceptionMapper<JsonParseException> {

    private final JsonInputMapper delegate = new JsonInputMapper();

    @Override
    public Response toResponse(JsonParseException e) {
        return delegate.toResponse(e);
    }
}

package io.callguard.rest;

import java.util.stream.Collectors;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** A request body that is not valid JSON for its type: 400 naming the field Jackson stopped at. */
@Provider
public class JsonInputMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException e) {
        String field = null;
        String detail;
        if (e instanceof UnrecognizedPropertyException u) {
            field = u.getPropertyName();
            detail = "unknown field '" + field + "'";
        } else if (e instanceof JsonMappingException m) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            Throwable cause = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause() : e;
            detail =
                    firstLine(cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage());
            if (field.isEmpty()) {
                field = null;
            }
        } else {
            detail = "malformed JSON: " + firstLine(e.getOriginalMessage());
        }
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-input", detail, field)
                .toResponse();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid input";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}

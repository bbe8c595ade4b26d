package io.callguard.rest;

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
        return problem(e).toResponse();
    }

    /** The 400 for {@code e}, its field written like {@code policy.quietHours.from} or {@code familyNumbers[3]}. */
    public static ProblemException problem(JsonProcessingException e) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
        if (tooLarge != null) {
            return tooLarge.problem();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return ProblemException.invalid(u.getPropertyName(), "unknown field '" + u.getPropertyName() + "'");
        }
        if (e instanceof JsonMappingException m) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
                } else {
                    field.append('[').append(r.getIndex()).append(']');
                }
            }
            Throwable cause = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause() : e;
            String detail = Text.firstLine(
                    cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage());
            return ProblemException.invalid(field.length() == 0 ? null : field.toString(), detail);
        }
        return ProblemException.invalid(null, "malformed JSON: " + Text.firstLine(e.getOriginalMessage()));
    }
}

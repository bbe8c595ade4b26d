package io.callguard.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The framework's own refusals (unknown path, wrong method, unsupported media type, unreadable body) as problems. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
        if (tooLarge != null) {
            return tooLarge.problem().toResponse();
        }
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return new JsonInputMapper().toResponse(json);
        }
        if (original.hasEntity()) {
            return original;
        }
        Response.Status status = Response.Status.fromStatusCode(original.getStatus());
        String detail = e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null && original.getStatus() == 400) {
            detail = "malformed request body: " + Text.firstLine(e.getCause().getMessage());
        }
        Problem problem = new Problem(
                "https://callguard.io/problems/" + status.getStatusCode(),
                status.getReasonPhrase(),
                status.getStatusCode(),
                detail,
                null,
                original.getStatus() == 400 ? "body" : null);
        Response.ResponseBuilder b =
                Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
        original.getHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Type")) {
                v.forEach(value -> b.header(k, value));
            }
        });
        return b.build();
    }
}

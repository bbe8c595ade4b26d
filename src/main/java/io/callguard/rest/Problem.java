package io.callguard.rest;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code field} names the offending input, so a client can point at it.
 *
 * @param type a URI naming the kind of problem
 * @param field the request field, path or query parameter that was refused, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://callguard.io/problems/";

    public static Problem of(Response.Status status, String kind, String detail, String field) {
        return new Problem(TYPE_BASE + kind, status.getReasonPhrase(), status.getStatusCode(), detail, null, field);
    }

    /** For statuses {@link Response.Status} does not name, such as 428. */
    public static Problem of(int status, String title, String kind, String detail, String field) {
        return new Problem(TYPE_BASE + kind, title, status, detail, null, field);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}

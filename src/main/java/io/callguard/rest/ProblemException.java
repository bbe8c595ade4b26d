package io.callguard.rest;

import jakarta.ws.rs.core.Response;

/** Refuses a request with a problem body; thrown by resources, mapped by {@link ProblemExceptionMapper}. */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Integer retryAfterSeconds;

    public ProblemException(Problem problem, Integer retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "invalid-input", detail, field), null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(Response.Status.FORBIDDEN, "forbidden", detail, null), null);
    }

    public static ProblemException tooLarge(String field, String detail) {
        return new ProblemException(
                Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too-large", detail, field), null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", detail, null), null);
    }

    /** The request contradicts the current state (an entry that forbids it, a dispute already resolved). */
    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(Response.Status.CONFLICT, "conflict", detail, null), null);
    }

    /** {@code If-Match} names a version that is no longer current: someone else changed it first. */
    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(
                Problem.of(Response.Status.PRECONDITION_FAILED, "stale-version", detail, "If-Match"), null);
    }

    /** A change that needs {@code If-Match} came without it. */
    public static ProblemException preconditionRequired(String detail) {
        return new ProblemException(
                Problem.of(428, "Precondition Required", "version-required", detail, "If-Match"), null);
    }

    public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ProblemException(
                Problem.of(Response.Status.TOO_MANY_REQUESTS, "rate-limited", detail, null), retryAfterSeconds);
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(
                Problem.of(Response.Status.SERVICE_UNAVAILABLE, "not-confirmed", detail, null), retryAfterSeconds);
    }

    public Problem problem() {
        return problem;
    }

    public Response toResponse() {
        Response.ResponseBuilder b =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (retryAfterSeconds != null) {
            b.header("Retry-After", retryAfterSeconds);
        }
        return b.build();
    }
}

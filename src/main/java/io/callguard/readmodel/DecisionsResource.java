package io.callguard.readmodel;

import java.time.Clock;
import java.time.Duration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.numbers.NumberNormalizer;
import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;
import io.callguard.rest.Text;

/**
 * "A call to my mother at 14:05 was blocked, why?": BLOCK and WARN decisions by caller ({@code number}) and called
 * line ({@code line}), in a time range, newest first, with their reasons and the entry that decided.
 */
@Path("/api/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "decisions")
public class DecisionsResource {

    /** Without a number or a line, a query may span at most this much: the whole table is not for browsing. */
    static final Duration MAX_UNFILTERED_SPAN = Duration.ofDays(1);

    @Inject
    DecisionQueries queries;

    @Inject
    NumberNormalizer numbers;

    @Inject
    Clock clock;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPPORT_AGENT, Roles.FRAUD_ANALYST})
    public DecisionPage decisions(
            @QueryParam("number") String number,
            @QueryParam("line") String line,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("decision") String decision,
            @QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("cursor") String cursor) {
        String caller = canonical("number", number);
        String called = canonical("line", line);
        TimeRange range = TimeRange.of(from, to, clock.instant(), Duration.ofDays(30));
        if (caller == null && called == null && range.span().compareTo(MAX_UNFILTERED_SPAN) > 0) {
            throw ProblemException.invalid(
                    "number",
                    "give a number or a line, or a time range of at most " + MAX_UNFILTERED_SPAN.toHours() + " h");
        }
        if (decision != null && !decision.equals("BLOCK") && !decision.equals("WARN")) {
            throw ProblemException.invalid("decision", "decision must be BLOCK or WARN (ALLOW is not kept)");
        }
        return queries.decisions(
                new DecisionQueries.Filter(caller, called, range.from(), range.to(), decision),
                Paging.limit(limit, HistoryQueries.MAX_PAGE),
                cursor,
                false);
    }

    private String canonical(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String c = numbers.canonicalOrNull(raw);
        if (c == null) {
            throw ProblemException.invalid(field, "'" + Text.abbreviate(raw, 40) + "' is not a phone number");
        }
        return c;
    }
}

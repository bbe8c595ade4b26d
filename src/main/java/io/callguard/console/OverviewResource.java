package io.callguard.console;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.disputes.DisputesState;
import io.callguard.lines.LinePolicy;
import io.callguard.readmodel.OverviewQueries;
import io.callguard.rest.Roles;

/** {@code GET /api/v1/overview}: the console's front page ("today" is the day in the lines' default time zone). */
@Path("/api/v1/overview")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "support")
public class OverviewResource {

    /** The read model's figures, and the disputes open and overdue now. */
    public record Overview(OverviewQueries.Overview decisions, long openDisputes, long overdueDisputes) {}

    @Inject
    OverviewQueries queries;

    @Inject
    DisputesState disputes;

    @Inject
    Clock clock;

    @GET
    @RolesAllowed({Roles.FRAUD_ANALYST, Roles.SUPPORT_AGENT, Roles.VIEWER})
    public Overview overview() {
        Instant now = clock.instant();
        Instant startOfDay = LocalDate.ofInstant(now, LinePolicy.DEFAULTS.timeZone())
                .atStartOfDay(LinePolicy.DEFAULTS.timeZone())
                .toInstant();
        return new Overview(
                queries.overview(now, startOfDay),
                disputes.view().open(),
                disputes.view().overdueAt(now));
    }
}

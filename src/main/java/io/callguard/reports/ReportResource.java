package io.callguard.reports;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.EntryKind;
import io.callguard.config.CallguardConfig;
import io.callguard.readmodel.HistoryQueries;
import io.callguard.readmodel.ReportQueueQueries;
import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;
import io.callguard.rest.WriteRateLimiter;
import io.callguard.state.StateTopicWriter.Change;

/**
 * Reports from the public ({@code POST /api/v1/reports}, the app's and IVR's way in; the SMS gateway may write the
 * topic directly) and the analysts' review of reported numbers: confirm or clear.
 */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "reports")
public class ReportResource {

    @Inject
    ReportsState state;

    @Inject
    ReportReview review;

    @Inject
    io.callguard.blocklist.BlocklistState blocklist;

    @Inject
    CallguardConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    ReportMetrics metrics;

    @Inject
    ReportQueueQueries queries;

    @Inject
    java.time.Clock clock;

    @Inject
    WriteRateLimiter rateLimiter;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.REPORT_INTAKE)
    public Response report(JsonNode body) {
        rateLimiter.acquire(identity.getPrincipal().getName());
        FraudReport report;
        try {
            report = state.reports().fromRequest(body);
        } catch (InvalidReportException e) {
            metrics.rejected("invalid");
            throw ProblemException.invalid(e.field(), e.getMessage());
        }
        blocklist
                .writer()
                .writeAll(List.of(new Change(config.topics().fraudReports(), report.reportedNumber(), json(report))));
        return Response.accepted(report).build();
    }

    /** A reported number in the analysts' queue, with its label and clearance as this replica sees them now. */
    public record QueueItem(ReportQueueQueries.ReportedNumber reports, BlocklistEntry entry, Clearance clearance) {}

    @GET
    @Path("queue")
    @RolesAllowed({Roles.FRAUD_ANALYST, Roles.VIEWER})
    public List<QueueItem> queue(@QueryParam("limit") @DefaultValue("100") String limit) {
        long now = clock.millis();
        return queries.queue(Paging.limit(limit, HistoryQueries.MAX_PAGE)).stream()
                .map(r -> {
                    BlocklistEntry e = blocklist.view().get(EntryKind.NUMBER, r.number());
                    return new QueueItem(
                            r,
                            e == null || !e.isLiveAt(now) ? null : e,
                            state.clearances().get(r.number()));
                })
                .toList();
    }

    @POST
    @Path("numbers/{number}/confirm")
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public BlocklistEntry confirm(@PathParam("number") String number, ReportReview.ConfirmRequest body) {
        String actor = identity.getPrincipal().getName();
        rateLimiter.acquire(actor);
        return review.confirm(number, body, actor);
    }

    @POST
    @Path("numbers/{number}/clear")
    @RolesAllowed(Roles.FRAUD_ANALYST)
    public Clearance clear(@PathParam("number") String number, ReportReview.ClearRequest body) {
        String actor = identity.getPrincipal().getName();
        rateLimiter.acquire(actor);
        return review.clear(number, body, actor);
    }

    private byte[] json(FraudReport report) {
        try {
            return mapper.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

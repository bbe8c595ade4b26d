package io.callguard.blocklist;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.rest.LargeBody;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;

/** The fraud blocklist: numbers and prefixes to block, bulk import and export (histories: the read model). */
@Path("/api/v1/blocklist")
@Tag(name = "blocklist")
public class BlocklistResource extends EntryListResource {

    public static final String NDJSON = "application/x-ndjson";

    @Inject
    BlocklistImporter importer;

    @Override
    protected EntryAction action() {
        return EntryAction.BLOCK;
    }

    @POST
    @Path("import")
    @Consumes({"text/csv", NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FRAUD_ANALYST)
    @LargeBody
    public ImportReport importFile(@HeaderParam("Content-Type") String contentType, InputStream body) {
        String actor = actor();
        rateLimiter.acquire(actor);
        BlocklistImporter.Format format = contentType != null && contentType.startsWith(NDJSON)
                ? BlocklistImporter.Format.NDJSON
                : BlocklistImporter.Format.CSV;
        return importer.importFrom(body, format, actor);
    }

    @GET
    @Path("export")
    @Produces("text/csv")
    @RolesAllowed({Roles.VIEWER, Roles.FRAUD_ANALYST})
    public Response export(@QueryParam("action") @DefaultValue("BLOCK") String actionParam) {
        EntryAction action = exportAction(actionParam);
        service.recordExport(actor());
        StreamingOutput csv = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write("number,category,reason,source,expiresAt,createdBy,createdAt,updatedAt\n");
            long now = System.currentTimeMillis();
            java.util.function.Consumer<BlocklistEntry> row = e -> {
                if (e.action() == action && e.isLiveAt(now)) {
                    try {
                        w.write(CsvLine.quote(e.kind() == EntryKind.PREFIX ? e.key() : e.value()));
                        w.write(',');
                        w.write(e.category().name());
                        w.write(',');
                        w.write(CsvLine.quoteText(e.reason()));
                        w.write(',');
                        w.write(CsvLine.quoteText(e.source()));
                        w.write(',');
                        w.write(e.expiresAt() == null ? "" : e.expiresAt().toString());
                        w.write(',');
                        w.write(CsvLine.quoteText(e.createdBy()));
                        w.write(',');
                        w.write(String.valueOf(e.createdAt()));
                        w.write(',');
                        w.write(String.valueOf(e.updatedAt()));
                        w.write('\n');
                    } catch (java.io.IOException io) {
                        throw new java.io.UncheckedIOException(io);
                    }
                }
            };
            service.state().view().prefixEntries().forEach(row);
            service.state().view().forEachNumber(row);
            w.flush();
        };
        return Response.ok(csv)
                .header("Content-Disposition", "attachment; filename=\"blocklist.csv\"")
                .build();
    }

    private static EntryAction exportAction(String raw) {
        try {
            return EntryAction.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("action", "action must be BLOCK, ALLOW or DNO");
        }
    }
}

package io.callguard.blocklist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import io.callguard.config.CallguardConfig;
import io.callguard.rest.BodyTooLargeException;
import io.callguard.rest.LimitedInputStream;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Text;
import io.callguard.rest.WriteRateLimiter;
import io.callguard.state.StateTopicWriter.Change;

/**
 * Streams a bulk file (CSV or NDJSON) into the blocklist: line by line, never the whole file in memory, in
 * transactions of a few thousand entries. Lines identical to what is stored are skipped, so importing the same file
 * twice changes nothing; bad lines are reported and skipped, good ones are written regardless.
 *
 * <p>Bounded everywhere: a line is read into at most {@value #MAX_LINE} characters, an import stops at
 * {@code callguard.rest.import-max-bytes} and {@code import-max-rows} (413), each chunk written costs its author one
 * write of the rate limit, and one import runs at a time per replica (429 for a second one).
 *
 * <p>CSV columns: {@code number,category,reason,source,expiresAt,action} ({@code expiresAt} optional, ISO-8601;
 * {@code action} optional, BLOCK or DNO); a number column of {@code prefix:+86170} imports a prefix. A first line starting with {@code number} is a header. NDJSON: one
 * object per line with the same field names.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class BlocklistImporter {

    private static final Logger LOG = Logger.getLogger(BlocklistImporter.class);
    private static final int MAX_LINE = 2048;

    public enum Format {
        CSV,
        NDJSON
    }

    private final BlocklistService service;
    private final CallguardConfig config;
    private final WriteRateLimiter rateLimiter;
    private final Semaphore oneAtATime = new Semaphore(1);
    private final ObjectReader lineReader;
    private final Counter written;
    private final Counter unchanged;
    private final Counter rejected;

    @Inject
    public BlocklistImporter(
            BlocklistService service,
            CallguardConfig config,
            WriteRateLimiter rateLimiter,
            ObjectMapper mapper,
            MeterRegistry registry) {
        this.service = service;
        this.config = config;
        this.rateLimiter = rateLimiter;
        this.lineReader = mapper.readerFor(ImportLine.class);
        this.written = importCounter(registry, "written");
        this.unchanged = importCounter(registry, "unchanged");
        this.rejected = importCounter(registry, "rejected");
    }

    /** One NDJSON line; unknown fields are refused. {@code action} is BLOCK (default) or DNO. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    record ImportLine(
            String number,
            FraudCategory category,
            String reason,
            String source,
            Instant expiresAt,
            Duration ttl,
            EntryAction action) {}

    public ImportReport importFrom(InputStream body, Format format, String actor) {
        if (!oneAtATime.tryAcquire()) {
            throw ProblemException.tooManyRequests("another import is running on this replica; try again later", 10);
        }
        try {
            return importLocked(body, format, actor);
        } finally {
            oneAtATime.release();
        }
    }

    /** Whether an import is running on this replica now. */
    public boolean isRunning() {
        return oneAtATime.availablePermits() == 0;
    }

    private ImportReport importLocked(InputStream body, Format format, String actor) {
        int reportLimit = config.rest().importReportedRejections();
        int chunkSize = config.rest().importChunkSize();
        long maxRows = config.rest().importMaxRows();
        long maxBytes = config.rest().importMaxBytes().asLongValue();
        List<ImportReport.Rejection> rejections = new ArrayList<>();
        List<Change> chunk = new ArrayList<>(chunkSize);
        long lines = 0;
        long writtenCount = 0;
        long unchangedCount = 0;
        long rejectedCount = 0;
        Instant now = service.clock().instant();
        LimitedInputStream counted = new LimitedInputStream(body, maxBytes);
        BoundedLineReader in = new BoundedLineReader(new InputStreamReader(counted, StandardCharsets.UTF_8), MAX_LINE);
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                if (lines > maxRows) {
                    throw ProblemException.tooLarge(
                            "body",
                            "import of more than " + maxRows + " lines refused at line " + lines + "; " + writtenCount
                                    + " entries of the lines before were written");
                }
                if (line.isBlank() || (lines == 1 && format == Format.CSV && isHeader(line))) {
                    continue;
                }
                try {
                    if (in.lastLineTooLong()) {
                        throw ProblemException.invalid("line", "line longer than " + MAX_LINE + " characters");
                    }
                    BlocklistEntry entry = parse(line, format, actor, now);
                    BlocklistEntry existing = service.state().view().get(entry.kind(), entry.value());
                    if (BlocklistService.sameContent(existing, entry)) {
                        unchangedCount++;
                        continue;
                    }
                    BlocklistEntry stored = existing == null
                            ? entry
                            : BlocklistService.withOrigin(entry, existing.createdBy(), existing.createdAt());
                    chunk.addAll(service.changeFor(stored, existing, actor, now));
                    writtenCount++;
                    if (writtenCount % chunkSize == 0) {
                        flush(chunk, actor);
                    }
                } catch (ProblemException e) {
                    if (e.problem().status() != 400) {
                        throw e;
                    }
                    rejectedCount++;
                    if (rejections.size() < reportLimit) {
                        String field = e.problem().field();
                        rejections.add(new ImportReport.Rejection(
                                lines,
                                (field == null ? "" : field + ": ")
                                        + e.problem().detail()));
                    }
                }
            }
            if (!chunk.isEmpty()) {
                flush(chunk, actor);
            }
        } catch (BodyTooLargeException e) {
            throw ProblemException.tooLarge(
                    "body",
                    "import larger than " + maxBytes + " bytes refused at line " + lines + "; " + writtenCount
                            + " entries of the lines before were written");
        } catch (IOException e) {
            throw new UncheckedIOException("import stream broke after line " + lines, e);
        } finally {
            written.increment(writtenCount);
            unchanged.increment(unchangedCount);
            rejected.increment(rejectedCount);
            LOG.infof(
                    "blocklist import actor=%s lines=%d written=%d unchanged=%d rejected=%d bytes=%d",
                    Text.forLog(actor), lines, writtenCount, unchangedCount, rejectedCount, counted.count());
        }
        return new ImportReport(lines, writtenCount, unchangedCount, rejectedCount, List.copyOf(rejections));
    }

    /** Writes one chunk; it costs its author one write of the rate limit. */
    private void flush(List<Change> chunk, String actor) {
        rateLimiter.acquire(actor);
        service.state().writer().writeAll(List.copyOf(chunk));
        chunk.clear();
    }

    private BlocklistEntry parse(String line, Format format, String actor, Instant now) {
        ImportLine parsed = format == Format.CSV ? csv(line) : ndjson(line);
        String raw = parsed.number();
        EntryKind kind = EntryKind.NUMBER;
        if (raw != null && raw.startsWith(BlocklistEntry.PREFIX_KEY_PREFIX)) {
            kind = EntryKind.PREFIX;
            raw = raw.substring(BlocklistEntry.PREFIX_KEY_PREFIX.length());
        }
        String value = service.canonicalValue(kind, raw, "number");
        EntryAction action = parsed.action() == null ? EntryAction.BLOCK : parsed.action();
        if (action == EntryAction.ALLOW) {
            throw ProblemException.invalid("action", "imports add BLOCK or DNO entries; allow entries go one by one");
        }
        if (BlocklistService.needsSecondApprover(kind, action)) {
            throw ProblemException.invalid(
                    "action", "a " + action + " prefix needs a second fraud analyst: PUT /api/v1/dno/prefixes/…");
        }
        EntryRequest request =
                new EntryRequest(parsed.category(), parsed.reason(), parsed.source(), parsed.expiresAt(), parsed.ttl());
        return service.validated(kind, value, action, request, actor, now);
    }

    private ImportLine ndjson(String line) {
        try {
            return lineReader.readValue(line);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "invalid JSON" : e.getMessage();
            int nl = message.indexOf('\n');
            throw ProblemException.invalid("line", nl < 0 ? message : message.substring(0, nl));
        }
    }

    private static ImportLine csv(String line) {
        List<String> cols = CsvLine.split(line);
        if (cols.size() < 4 || cols.size() > 6) {
            throw ProblemException.invalid(
                    "line",
                    "expected 4 to 6 columns (number,category,reason,source[,expiresAt[,action]]), got " + cols.size());
        }
        FraudCategory category;
        try {
            category = cols.get(1).isEmpty()
                    ? null
                    : FraudCategory.valueOf(cols.get(1).trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("category", "'" + cols.get(1) + "' is not a category");
        }
        Instant expiresAt = null;
        EntryAction action = null;
        if (cols.size() == 6 && !cols.get(5).isBlank()) {
            try {
                action = EntryAction.valueOf(cols.get(5).trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("action", "'" + cols.get(5) + "' is not BLOCK or DNO");
            }
        }
        if (cols.size() >= 5 && !cols.get(4).isBlank()) {
            try {
                expiresAt = Instant.parse(cols.get(4).trim());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("expiresAt", "'" + cols.get(4) + "' is not an ISO-8601 instant");
            }
        }
        return new ImportLine(
                cols.get(0).trim(), category, cols.get(2), cols.get(3).trim(), expiresAt, null, action);
    }

    private static boolean isHeader(String line) {
        return line.regionMatches(true, 0, "number", 0, 6);
    }

    private static Counter importCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("callguard.blocklist.import.rows")
                .description("Rows of bulk imports, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}

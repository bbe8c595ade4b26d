package io.callguard.lines;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import io.callguard.config.CallguardConfig;
import io.callguard.numbers.Masked;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.rest.JsonInputMapper;
import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Reasons;
import io.callguard.rest.Text;
import io.callguard.state.StateTopicWriter.Change;

/**
 * Registers, changes and removes protected senior lines; every write is one transaction with its audit record and is
 * applied here before it returns.
 */
@ApplicationScoped
public class LineService {

    private static final Logger AUDIT = Logger.getLogger("io.callguard.audit");
    private static final Set<String> PATCHABLE = Set.of("familyNumbers", "trustedNumbers", "policy");

    private final LinesState state;
    private final NumberNormalizer numbers;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final CallguardConfig config;

    @Inject
    public LineService(
            LinesState state, NumberNormalizer numbers, ObjectMapper mapper, Clock clock, CallguardConfig config) {
        this.state = state;
        this.numbers = numbers;
        this.mapper = mapper;
        this.clock = clock;
        this.config = config;
    }

    /** The outcome of a PUT: the stored line and whether it was new. */
    public record PutOutcome(ProtectedLine line, boolean created) {}

    public String canonicalLine(String raw) {
        String canonical = raw == null ? null : numbers.canonicalOrNull(raw);
        if (canonical == null || NumberNormalizer.isShortCode(canonical)) {
            throw ProblemException.invalid("line", "'" + Text.abbreviate(raw, 40) + "' is not a subscriber number");
        }
        return canonical;
    }

    public ProtectedLine get(String line) {
        return state.view().get(line);
    }

    public PutOutcome put(String line, LineRequest request, String actor, String why) {
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON body with familyNumbers is required");
        }
        if (why != null) {
            Reasons.requireValid(why);
        }
        ProtectedLine built = build(line, request, actor);
        ProtectedLine before = state.view().get(line);
        write(line, before, built, before == null ? "CREATED" : "REPLACED", actor, why);
        return new PutOutcome(built, before == null);
    }

    /** Applies a JSON merge patch (RFC 7396) to the stored line: present fields replace, null clears. */
    public ProtectedLine patch(String line, JsonNode patch, String actor, String why) {
        if (why != null) {
            Reasons.requireValid(why);
        }
        ProtectedLine existing = state.view().get(line);
        if (existing == null) {
            throw ProblemException.notFound("line " + line + " is not protected");
        }
        if (patch == null || !patch.isObject()) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!PATCHABLE.contains(field)) {
                throw ProblemException.invalid(
                        field, "unknown or read-only field '" + field + "'; patchable: " + PATCHABLE);
            }
        }
        ObjectNode merged = mapper.valueToTree(
                new LineRequest(existing.familyNumbers(), existing.trustedNumbers(), existing.policy()));
        mergePatch(merged, patch);
        LineRequest request;
        try {
            request = mapper.treeToValue(merged, LineRequest.class);
        } catch (JsonProcessingException e) {
            throw JsonInputMapper.problem(e);
        }
        ProtectedLine built = build(line, request, actor);
        write(line, existing, built, "PATCHED", actor, why);
        return built;
    }

    public boolean delete(String line, String actor, String why) {
        if (why != null) {
            Reasons.requireValid(why);
        }
        ProtectedLine existing = state.view().get(line);
        if (existing == null) {
            return false;
        }
        write(line, existing, null, "DELETED", actor, why);
        return true;
    }

    public LinePage list(int limit, String cursor) {
        Paging.requireLimit(limit, config.rest().maxPageSize());
        String from = Paging.decodeCursor(cursor);
        List<ProtectedLine> sorted = new ArrayList<>(state.view().all().stream()
                .filter(l -> from == null || l.line().compareTo(from) > 0)
                .sorted(Comparator.comparing(ProtectedLine::line))
                .limit(limit + 1L)
                .toList());
        String next = null;
        if (sorted.size() > limit) {
            sorted = sorted.subList(0, limit);
            next = Paging.encodeCursor(sorted.get(limit - 1).line());
        }
        return new LinePage(List.copyOf(sorted), next);
    }

    private ProtectedLine build(String line, LineRequest request, String actor) {
        List<String> family = canonicalList("familyNumbers", request.familyNumbers());
        List<String> trusted = canonicalList("trustedNumbers", request.trustedNumbers());
        if (trusted.size() > ProtectedLine.MAX_TRUSTED_NUMBERS) {
            throw ProblemException.invalid(
                    "trustedNumbers", "at most " + ProtectedLine.MAX_TRUSTED_NUMBERS + " trusted numbers");
        }
        try {
            return new ProtectedLine(line, family, trusted, request.policy(), actor, clock.instant());
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = e.getMessage() == null ? "invalid line" : e.getMessage();
            int cut = message.indexOf(' ');
            String field = cut > 0 ? message.substring(0, cut).replace(":", "") : "body";
            throw ProblemException.invalid(field, message);
        }
    }

    private List<String> canonicalList(String field, List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String r = raw.get(i);
            String c = r == null ? null : numbers.canonicalOrNull(r);
            if (c == null || NumberNormalizer.isShortCode(c)) {
                throw ProblemException.invalid(
                        field + "[" + i + "]", "'" + Text.abbreviate(r, 40) + "' is not a subscriber number");
            }
            result.add(c);
        }
        return result;
    }

    private void write(
            String line, ProtectedLine before, ProtectedLine after, String change, String actor, String why) {
        LineAuditRecord audit = new LineAuditRecord(line, change, actor, clock.instant(), why, before, after);
        try {
            state.writer()
                    .writeAll(List.of(
                            new Change(
                                    config.topics().protectedLines(),
                                    line,
                                    after == null ? null : mapper.writeValueAsBytes(after)),
                            new Change(config.topics().protectedLinesAudit(), line, mapper.writeValueAsBytes(audit))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise line " + Masked.number(line), e);
        }
        AUDIT.infof(
                "protected-line change=%s line=%s actor=%s why=\"%s\"",
                change, Masked.number(line), Text.forLog(actor), Text.forLog(why));
    }

    private static void mergePatch(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode inner) {
                mergePatch(inner, value);
            } else {
                target.set(e.getKey(), value);
            }
        });
    }
}

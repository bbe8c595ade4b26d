package io.callguard.explain;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callguard.config.CallguardConfig;
import io.callguard.rest.ProblemException;
import io.callguard.rest.Roles;
import io.callguard.screening.CallSetup;
import io.callguard.screening.CallSetupDecoder;
import io.callguard.screening.Explanation;
import io.callguard.screening.InvalidEventException;
import io.callguard.screening.Screener;

/**
 * "Why was my mother's call blocked?": screens a CallSetup exactly as the pipeline would now, through the same decoder
 * and the same rules, and returns every rule's verdict. Emits nothing and records nothing (velocity is only read).
 */
@Path("/api/v1/screen")
@Tag(name = "explain")
public class ExplainResource {

    @Inject
    Screener screener;

    @Inject
    ObjectMapper mapper;

    @Inject
    CallguardConfig config;

    @Inject
    Clock clock;

    private static final Set<String> EVENT_FIELDS =
            Set.of("callId", "callingNumber", "calledNumber", "setupTime", "presentation", "origin", "attestation");

    private CallSetupDecoder decoder;

    @PostConstruct
    void createDecoder() {
        decoder = new CallSetupDecoder(
                new JsonFactory(),
                config.pipeline().maxEventBytes(),
                config.pipeline().maxCallIdLength());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.FRAUD_ANALYST, Roles.LINE_ADMIN, Roles.SUPPORT_AGENT})
    public Explanation explain(JsonNode body) throws IOException {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "a CallSetup JSON object is required");
        }
        ObjectNode event = (ObjectNode) body;
        if (!event.has("callId")) {
            event.put("callId", "explain");
        }
        if (!event.has("setupTime")) {
            event.put("setupTime", clock.millis());
        }
        CallSetup setup;
        try {
            setup = decoder.decode(mapper.writeValueAsBytes(event));
        } catch (InvalidEventException e) {
            String first = e.getMessage().split(" ", 2)[0];
            throw ProblemException.invalid(
                    EVENT_FIELDS.contains(first) ? first : "body", e.kind() + ": " + e.getMessage());
        }
        return screener.explain(setup);
    }
}

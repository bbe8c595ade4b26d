package io.callguard.family;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callguard.rest.ProblemException;

/**
 * What a family member may change on their parent's line, turned into the registry's own merge patch: trusted numbers,
 * quiet hours, warnings and international calls. Family numbers are bound at the shop with an ID check, and hidden
 * callers stay blocked: a request for either is refused, not ignored.
 */
@ApplicationScoped
public class FamilyChanges {

    private static final Set<String> POLICY_FIELDS = Set.of("quietHours", "notifyOnWarn", "blockInternational");
    private static final Map<String, String> FORBIDDEN = Map.of(
            "familyNumbers", "family numbers are bound at a shop with an ID check",
            "blockHidden", "hidden callers stay blocked on a protected line",
            "policy", "send quietHours, notifyOnWarn or blockInternational at the top level");

    /** The registry patch for {@code body}; 403 for what families may not change, 400 for anything unknown. */
    public ObjectNode toLinePatch(JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw ProblemException.invalid(
                    "body", "a JSON object with trustedNumbers, quietHours, notifyOnWarn or blockInternational");
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode policy = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (FORBIDDEN.containsKey(name)) {
                throw ProblemException.forbidden(FORBIDDEN.get(name) + ": '" + name + "' cannot be changed here");
            }
            if (name.equals("trustedNumbers")) {
                if (!f.getValue().isArray()) {
                    throw ProblemException.invalid(name, "trustedNumbers is a list of numbers");
                }
                patch.set(name, f.getValue());
            } else if (POLICY_FIELDS.contains(name)) {
                if (!name.equals("quietHours") && !f.getValue().isBoolean()) {
                    throw ProblemException.invalid(name, name + " is true or false");
                }
                policy.set(name, f.getValue());
            } else {
                throw ProblemException.invalid(
                        name, "unknown field '" + io.callguard.rest.Text.abbreviate(name, 40) + "'");
            }
        }
        if (!policy.isEmpty()) {
            patch.set("policy", policy);
        }
        return patch;
    }
}

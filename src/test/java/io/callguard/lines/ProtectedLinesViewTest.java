package io.callguard.lines;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The family → lines index follows every change of the registry (pure, no broker). */
class ProtectedLinesViewTest {

    final ProtectedLinesView view = new ProtectedLinesView(new ObjectMapper().findAndRegisterModules());

    void put(String line, String... family) {
        String json = "{\"line\":\"" + line + "\",\"familyNumbers\":[\"" + String.join("\",\"", family)
                + "\"],\"policy\":{},\"updatedBy\":\"line-admin-3\",\"updatedAt\":\"2026-11-28T10:00:00Z\"}";
        view.apply(line, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNumberBoundToSeveralLines_losesEachOnlyWhenUnbound() {
        put("+8613900000001", "+8613800000001", "+8613800000002");
        put("+8613900000002", "+8613800000001");
        put("+8613900000003", "+8613800000001");
        assertThat(view.linesOfFamily("+8613800000001"))
                .containsExactlyInAnyOrder("+8613900000001", "+8613900000002", "+8613900000003");
        assertThat(view.linesOfFamily("+8613800000002")).containsExactly("+8613900000001");

        // Re-bound at the shop: the daughter is no longer on line 2.
        put("+8613900000002", "+8613800000009");
        assertThat(view.linesOfFamily("+8613800000001")).containsExactlyInAnyOrder("+8613900000001", "+8613900000003");
        assertThat(view.linesOfFamily("+8613800000009")).containsExactly("+8613900000002");

        // Line 1 deleted; writing the same line again changes nothing.
        view.apply("+8613900000001", null);
        put("+8613900000003", "+8613800000001");
        assertThat(view.linesOfFamily("+8613800000001")).containsExactly("+8613900000003");
        assertThat(view.linesOfFamily("+8613800000002")).isEmpty();

        view.apply("+8613900000003", null);
        assertThat(view.linesOfFamily("+8613800000001")).isEmpty();
    }

    @Test
    void theDefaultPolicyIsShared() {
        put("+8613900000011", "+8613800000011");
        put("+8613900000012", "+8613800000012");
        assertThat(view.get("+8613900000011").policy()).isSameAs(LinePolicy.DEFAULTS);
        assertThat(view.get("+8613900000012").policy())
                .isSameAs(view.get("+8613900000011").policy());
    }
}

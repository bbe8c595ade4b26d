package io.callguard.lines;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The line store and its family → lines index follow every change of the registry (pure, no broker). */
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

    /**
     * 30,000 random puts, rewrites and deletions over 2,000 lines against a map of line objects: every lookup, the
     * family index, the contact check and the listing agree after every step batch, through index growth, removals
     * that shift probe runs, arena compactions and trims.
     */
    @Test
    void theStoreAgreesWithAMapOfLineObjects_underRandomChanges() {
        Random random = new Random(20261130);
        Map<String, ProtectedLine> expected = new HashMap<>();
        Instant at = Instant.parse("2026-11-30T08:00:00.123456789Z");
        for (int step = 0; step < 30_000; step++) {
            String line = number(random.nextInt(2_000));
            if (random.nextInt(5) == 0) {
                view.apply(line, null);
                expected.remove(line);
            } else {
                List<String> family = distinct(random, 1 + random.nextInt(3), 300, line);
                List<String> trusted = distinct(random, random.nextInt(6), 100_000, line);
                LinePolicy policy = random.nextInt(10) == 0
                        ? new LinePolicy(false, null, null, true, null, null, null, null)
                        : LinePolicy.DEFAULTS;
                ProtectedLine l = new ProtectedLine(
                        line, family, trusted, policy, "admin-" + random.nextInt(3), at.plusNanos(step));
                view.put(l);
                expected.put(line, l);
            }
            if (step % 1_000 == 999) {
                assertAgrees(expected);
            }
            if (step % 7_000 == 0) {
                view.caughtUp(); // trims the store; later changes grow it again
            }
        }
        assertAgrees(expected);
    }

    private void assertAgrees(Map<String, ProtectedLine> expected) {
        assertThat(view.size()).isEqualTo(expected.size());
        for (int i = 0; i < 2_000; i++) {
            assertThat(view.get(number(i))).isEqualTo(expected.get(number(i)));
        }
        Map<String, Set<String>> index = new HashMap<>();
        Set<String> trusted = new HashSet<>();
        for (ProtectedLine l : expected.values()) {
            l.familyNumbers()
                    .forEach(f -> index.computeIfAbsent(f, k -> new HashSet<>()).add(l.line()));
            trusted.addAll(l.trustedNumbers());
        }
        for (int f = 0; f < 300; f++) {
            String member = family(f);
            assertThat(view.linesOfFamily(member))
                    .as(member)
                    .containsExactlyInAnyOrderElementsOf(index.getOrDefault(member, Set.of()));
            assertThat(view.isContactOfAnyLine(member))
                    .isEqualTo(index.containsKey(member) || trusted.contains(member));
        }
        assertThat(view.all()).containsExactlyInAnyOrderElementsOf(expected.values());
        assertThat(view.get("+8613900000000x")).isNull();
        assertThat(view.get("not a number")).isNull();
    }

    private static List<String> distinct(Random random, int count, int range, String line) {
        LinkedHashSet<String> numbers = new LinkedHashSet<>();
        while (numbers.size() < count) {
            numbers.add(family(random.nextInt(range)));
        }
        return new ArrayList<>(numbers);
    }

    private static String number(int i) {
        return String.format("+86139%08d", i);
    }

    private static String family(int i) {
        return String.format("+86138%08d", i);
    }
}

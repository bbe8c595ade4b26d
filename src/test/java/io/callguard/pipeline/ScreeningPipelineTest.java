package io.callguard.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistState;
import io.callguard.blocklist.EntryAction;
import io.callguard.blocklist.EntryKind;
import io.callguard.blocklist.FraudCategory;
import io.callguard.state.StateTopicWriter;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.KafkaTestClient.Received;
import io.callguard.testing.TestInfrastructure;

import static io.callguard.testing.Events.call;
import static io.callguard.testing.Events.callId;
import static io.callguard.testing.Events.freshMobile;
import static io.callguard.testing.Events.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** The screening pipeline end to end: events in through the real broker, decisions out. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ScreeningPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofMillis(500);

    static KafkaTestClient kafka;

    @Inject
    BlocklistState blocklist;

    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void blocklistedNumber_isBlocked() throws Exception {
        String fraudster = freshMobile();
        block(EntryKind.NUMBER, fraudster, EntryAction.BLOCK, null);

        JsonNode d = decide(fraudster, freshMobile(), System.currentTimeMillis());

        assertThat(d.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(d.get("reasons").get(0).asText()).isEqualTo("BLOCKLISTED");
        assertThat(d.get("callingNumber").asText()).isEqualTo(fraudster);
        assertThat(d.get("protectedLine").asBoolean()).isFalse();
        assertThat(d.has("stale")).isFalse();
    }

    @Test
    void callerUnderBlockedPrefix_isBlocked_evenInNationalForm() throws Exception {
        block(EntryKind.PREFIX, "+861881234", EntryAction.BLOCK, null);

        // National form of a number inside the prefix: normalised before the lookup.
        JsonNode d = decide("18812345678", freshMobile(), System.currentTimeMillis());

        assertThat(d.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(d.get("reasons").get(0).asText()).isEqualTo("BLOCKLISTED");
        assertThat(d.get("callingNumber").asText()).isEqualTo("+8618812345678");
    }

    @Test
    void expiredEntry_doesNotExist() throws Exception {
        String caller = freshMobile();
        long now = System.currentTimeMillis();
        block(EntryKind.NUMBER, caller, EntryAction.BLOCK, Instant.ofEpochMilli(now + 60_000));

        JsonNode before = decide(caller, freshMobile(), now);
        JsonNode after = decide(caller, freshMobile(), now + 61_000);

        assertThat(before.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(after.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(after.get("reasons").get(0).asText()).isEqualTo("NO_MATCH");
    }

    @Test
    void tombstonedEntry_isDeleted() throws Exception {
        String caller = freshMobile();
        block(EntryKind.NUMBER, caller, EntryAction.BLOCK, null);
        assertThat(decide(caller, freshMobile(), System.currentTimeMillis())
                        .get("decision")
                        .asText())
                .isEqualTo("BLOCK");

        blocklist.writer().write(new StateTopicWriter.Change("fraud-blocklist", caller, null));

        JsonNode d = decide(caller, freshMobile(), System.currentTimeMillis());
        assertThat(d.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(d.get("reasons").get(0).asText()).isEqualTo("NO_MATCH");
    }

    @Test
    void allowEntryUnderBlockedPrefix_isAllowlisted() throws Exception {
        block(EntryKind.PREFIX, "+861889999", EntryAction.BLOCK, null);
        block(EntryKind.NUMBER, "+8618899995588", EntryAction.ALLOW, null);

        JsonNode bank = decide("+8618899995588", freshMobile(), System.currentTimeMillis());
        JsonNode neighbour = decide("+8618899995589", freshMobile(), System.currentTimeMillis());

        assertThat(bank.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(bank.get("reasons").get(0).asText()).isEqualTo("ALLOWLISTED");
        assertThat(neighbour.get("decision").asText()).isEqualTo("BLOCK");
    }

    @Test
    void globalAllowlist_beatsAnyBlock() throws Exception {
        block(EntryKind.NUMBER, "96110", EntryAction.BLOCK, null);

        JsonNode d = decide("96110", freshMobile(), System.currentTimeMillis());

        assertThat(d.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(d.get("reasons").get(0).asText()).isEqualTo("ALLOWLISTED");
        assertThat(d.get("callingNumber").asText()).isEqualTo("96110");
    }

    @Test
    void staleEvent_isDecidedAndMarkedStale() throws Exception {
        JsonNode d = decide(freshMobile(), freshMobile(), System.currentTimeMillis() - 10_000);

        assertThat(d.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(d.get("stale").asBoolean()).isTrue();
    }

    @Test
    void malformedEvents_goToDlqWithHeaders_andLaterEventsAreStillDecided() {
        String tag = callId("bad");
        Map<String, String> badByKey = Map.of(
                tag + "-notjson", "{this is not json",
                tag + "-array", "[1,2,3]",
                tag + "-nocallid", "{\"calledNumber\":\"13912345678\",\"setupTime\":1}",
                tag + "-longcallid",
                        "{\"callId\":\"" + "x".repeat(200) + "\",\"calledNumber\":\"13912345678\",\"setupTime\":1}",
                tag + "-empty", "",
                tag + "-huge", "{\"callId\":\"" + tag + "-huge\",\"pad\":\"" + "y".repeat(20_000) + "\"}");
        Map<String, String> invalidWithCallId = Map.of(
                tag + "-wrongtype",
                        "{\"callId\":\"" + tag + "-wrongtype\",\"calledNumber\":13912345678,\"setupTime\":1}",
                tag + "-badtime",
                        "{\"callId\":\"" + tag + "-badtime\",\"calledNumber\":\"13912345678\",\"setupTime\":\"soon\"}",
                tag + "-badnumber",
                        "{\"callId\":\"" + tag + "-badnumber\",\"calledNumber\":\"not-a-number\",\"setupTime\":1}",
                tag + "-badenum",
                        "{\"callId\":\"" + tag
                                + "-badenum\",\"calledNumber\":\"13912345678\",\"setupTime\":1,\"origin\":\"MARS\"}",
                tag + "-nocalled", "{\"callId\":\"" + tag + "-nocalled\",\"setupTime\":1}");
        badByKey.forEach((key, value) -> kafka.send("call-setup", key, value));
        invalidWithCallId.forEach((key, value) -> kafka.send("call-setup", key, value));
        String goodId = callId("good-after-bad");
        kafka.send(
                "call-setup",
                null,
                call(goodId, freshMobile(), freshMobile(), System.currentTimeMillis())
                        .toString());

        int badCount = badByKey.size() + invalidWithCallId.size();
        List<Received> dlq = kafka.collect(
                "call-setup-dlq", r -> r.key() != null && r.key().startsWith(tag), badCount, WAIT, SETTLE);
        assertThat(dlq).hasSize(badCount);
        Map<String, Received> byKey = dlq.stream().collect(Collectors.toMap(Received::key, Function.identity()));
        for (Received r : dlq) {
            assertThat(r.headers())
                    .containsKeys("callguard.error.class", "callguard.error.message")
                    .containsEntry("callguard.source.topic", "call-setup")
                    .containsKeys("callguard.source.partition", "callguard.source.offset");
            String original = badByKey.getOrDefault(r.key(), invalidWithCallId.get(r.key()));
            assertThat(r.value() == null ? "" : r.value()).isEqualTo(original);
        }
        assertThat(byKey.get(tag + "-notjson").headers().get("callguard.error.class"))
                .isEqualTo("NOT_JSON");
        assertThat(byKey.get(tag + "-array").headers().get("callguard.error.class"))
                .isEqualTo("NOT_AN_OBJECT");
        assertThat(byKey.get(tag + "-nocallid").headers().get("callguard.error.class"))
                .isEqualTo("MISSING_CALL_ID");
        assertThat(byKey.get(tag + "-longcallid").headers().get("callguard.error.class"))
                .isEqualTo("INVALID_CALL_ID");
        assertThat(byKey.get(tag + "-empty").headers().get("callguard.error.class"))
                .isEqualTo("EMPTY");
        assertThat(byKey.get(tag + "-huge").headers().get("callguard.error.class"))
                .isEqualTo("TOO_LARGE");
        assertThat(byKey.get(tag + "-wrongtype").headers().get("callguard.error.class"))
                .isEqualTo("WRONG_TYPE");
        assertThat(byKey.get(tag + "-badtime").headers().get("callguard.error.class"))
                .isEqualTo("WRONG_TYPE");
        assertThat(byKey.get(tag + "-badnumber").headers().get("callguard.error.class"))
                .isEqualTo("INVALID_NUMBER");
        assertThat(byKey.get(tag + "-badenum").headers().get("callguard.error.class"))
                .isEqualTo("INVALID_VALUE");
        assertThat(byKey.get(tag + "-nocalled").headers().get("callguard.error.class"))
                .isEqualTo("MISSING_FIELD");

        // Events with a callId are answered fail-open; those without one cannot be, and are not.
        List<Received> decisions = kafka.collect(
                "call-decisions",
                r -> r.key().startsWith(tag) || r.key().equals(goodId),
                invalidWithCallId.size() + 1,
                WAIT,
                SETTLE);
        Set<String> decided = decisions.stream().map(Received::key).collect(Collectors.toSet());
        assertThat(decided).containsExactlyInAnyOrderElementsOf(union(invalidWithCallId.keySet(), goodId));
        assertThat(decisions).hasSize(invalidWithCallId.size() + 1);
        for (Received r : decisions) {
            JsonNode d = parse(r.value());
            assertThat(d.get("decision").asText()).isEqualTo("ALLOW");
            String expectedReason = r.key().equals(goodId) ? "NO_MATCH" : "INVALID_EVENT";
            assertThat(d.get("reasons").get(0).asText()).isEqualTo(expectedReason);
        }
    }

    @Test
    void everyEventWithACallId_getsExactlyOneDecision() {
        String run = callId("bulk");
        int events = 10_000;
        for (int i = 0; i < events; i++) {
            String caller = String.format("+86137%08d", i);
            // Keyed by caller: spread over all 4 partitions of call-setup.
            kafka.sendAsync(
                    "call-setup",
                    caller,
                    call(run + "-" + i, caller, freshMobile(), System.currentTimeMillis())
                            .toString());
        }
        kafka.flush();

        List<Received> decisions = kafka.collect(
                "call-decisions",
                r -> r.key().startsWith(run + "-"),
                events,
                Duration.ofSeconds(90),
                Duration.ofSeconds(1));

        assertThat(decisions).hasSize(events);
        assertThat(decisions.stream().map(Received::key).distinct().count()).isEqualTo(events);
        assertThat(decisions.stream().map(Received::partition).distinct().count())
                .as("decisions spread over the partitions of call-decisions")
                .isGreaterThan(1);
    }

    private static Set<String> union(Set<String> a, String b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.add(b);
        return s;
    }

    private void block(EntryKind kind, String value, EntryAction action, Instant expiresAt) throws Exception {
        Instant now = Instant.now();
        BlocklistEntry e = new BlocklistEntry(
                kind, value, action, FraudCategory.IMPERSONATION, "test", "FRAUD_TEAM", "test", now, now, expiresAt);
        blocklist.writer().write(new StateTopicWriter.Change("fraud-blocklist", e.key(), mapper.writeValueAsBytes(e)));
    }

    private static JsonNode decide(String caller, String called, long setupTime) {
        String id = callId("t");
        kafka.send("call-setup", caller, call(id, caller, called, setupTime).toString());
        List<Received> got = kafka.collect("call-decisions", r -> id.equals(r.key()), 1, WAIT, Duration.ZERO);
        assertThat(got).as("decision for " + id).hasSize(1);
        return parse(got.get(0).value());
    }
}

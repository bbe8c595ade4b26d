package io.callguard.screening;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte scan of call events decides exactly as the streaming parser alone: the same CallSetup, or the same refusal
 * (kind, message, callId), for well-formed events and for 60,000 damaged ones (pure).
 */
class CallSetupDecoderTest {

    final CallSetupDecoder decoder = new CallSetupDecoder(new JsonFactory(), 16_384, 128);

    static final List<String> EVENTS = List.of(
            "{\"callId\":\"c-1\",\"callingNumber\":\"+8613800138000\",\"calledNumber\":\"13912345678\","
                    + "\"setupTime\":1764316800000}",
            "{\"callId\":\"c-2\",\"callingNumber\":\"13800138000\",\"calledNumber\":\"+8613912345678\","
                    + "\"setupTime\":1764316800000,\"presentation\":\"RESTRICTED\",\"origin\":\"INTERNATIONAL\","
                    + "\"attestation\":\"C\",\"trunk\":\"gw-3\",\"cellId\":46001}",
            " { \"callId\" : \"c-3\" ,\n\t\"callingNumber\" : null , \"calledNumber\" : \"110\", \"setupTime\" : 5 }\r\n",
            "{\"callId\":\"c-4\",\"calledNumber\":\"13912345678\",\"setupTime\":1764316800000,\"origin\":null,"
                    + "\"extra\":null,\"presentation\":\"ALLOWED\"}",
            "{\"callId\":\"c-5\",\"callingNumber\":\"anonymous\",\"calledNumber\":\"13912345678\",\"setupTime\":1}",
            "{}",
            "{\"callId\":\"c-6\"}",
            "{\"callId\":\"c-7\",\"calledNumber\":\"13912345678\",\"setupTime\":0}",
            "{\"callId\":\"c-8\",\"calledNumber\":\"13912345678\",\"setupTime\":-5}",
            "{\"callId\":\"c-9\",\"calledNumber\":\"13912345678\",\"setupTime\":1.5}",
            "{\"callId\":\"c-10\",\"calledNumber\":\"13912345678\",\"setupTime\":\"1764316800000\"}",
            "{\"callId\":\"c-11\",\"calledNumber\":\"13912345678\",\"setupTime\":99999999999999999999}",
            "{\"callId\":\"c-12\",\"calledNumber\":\"13912345678\",\"setupTime\":017}",
            "{\"callId\":\"c-13\",\"calledNumber\":\"13912345678\",\"setupTime\":1,\"origin\":\"MOON\"}",
            "{\"callId\":\"c-14\",\"calledNumber\":\"13912345678\",\"setupTime\":1,\"origin\":7}",
            "{\"callId\":\"c-15\",\"calledNumber\":\"139\\u0031\",\"setupTime\":1}",
            "{\"callId\":\"c-16\",\"calledNumber\":\"北京\",\"setupTime\":1}",
            "{\"callId\":\"c-17\",\"calledNumber\":\"13912345678\",\"setupTime\":1,\"callId\":\"c-17b\"}",
            "{\"callId\":null,\"calledNumber\":\"13912345678\",\"setupTime\":1}",
            "{\"callId\":17,\"calledNumber\":\"13912345678\",\"setupTime\":1}",
            "{\"callId\":\"\",\"calledNumber\":\"13912345678\",\"setupTime\":1}",
            "{\"callId\":\"c-18\",\"calledNumber\":\"13912345678\",\"setupTime\":1,}",
            "{\"callId\":\"c-19\",\"calledNumber\":\"13912345678\",\"setupTime\":1} {}",
            "{\"callId\":\"c-20\",\"calledNumber\":\"13912345678\",\"setupTime\":1,\"x\":{\"y\":[1,true]}}",
            "{\"callId\":\"c-21\",\"calledNumber\":\"13912345678\",\"setupTime\":true}",
            "{\"callId\":\"c-22\",\"calledNumber\":\"13912345678\",\"setupTime\":nullx}",
            "[\"callId\"]",
            "\"callId\"",
            "{\"callId\":\"c-23\",\"calledNumber\":\"13912345678\",\"setupTime\":1764316800000,\"note\":\"tab\there\"}");

    @Test
    void scanAndParserDecideAlike_forWellFormedAndDamagedEvents() {
        List<byte[]> corpus = new ArrayList<>();
        EVENTS.forEach(e -> corpus.add(e.getBytes(StandardCharsets.UTF_8)));
        Random random = new Random(20261130);
        byte[] alphabet = "{}[]\":,. 0123456789-eE+ntrufalsx\\\t\n".getBytes(StandardCharsets.US_ASCII);
        for (String event : EVENTS) {
            byte[] base = event.getBytes(StandardCharsets.UTF_8);
            for (int m = 0; m < 2_000; m++) {
                byte[] damaged = base.clone();
                int at = random.nextInt(damaged.length);
                switch (m % 3) {
                    case 0 -> damaged[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> damaged = java.util.Arrays.copyOf(damaged, at);
                    default -> {
                        byte[] longer = new byte[damaged.length + 1];
                        System.arraycopy(damaged, 0, longer, 0, at);
                        longer[at] = alphabet[random.nextInt(alphabet.length)];
                        System.arraycopy(damaged, at, longer, at + 1, damaged.length - at);
                        damaged = longer;
                    }
                }
                corpus.add(damaged);
            }
        }
        for (int e = 0; e < 5; e++) {
            assertThat(CallSetupDecoder.scans(corpus.get(e))).as(EVENTS.get(e)).isTrue();
        }
        int accepted = 0;
        for (byte[] event : corpus) {
            Object scanned = outcome(() -> decoder.decode(event));
            Object parsed = outcome(() -> decoder.decodeWithParser(event));
            assertThat(scanned).as(new String(event, StandardCharsets.UTF_8)).isEqualTo(parsed);
            accepted += parsed instanceof CallSetup ? 1 : 0;
        }
        assertThat(accepted).as("the corpus holds valid events too").isGreaterThan(2_000);
    }

    interface Decode {
        CallSetup decode() throws InvalidEventException;
    }

    private static Object outcome(Decode d) {
        try {
            return d.decode();
        } catch (InvalidEventException e) {
            return e.kind() + " | " + e.getMessage() + " | " + e.callId();
        }
    }
}

package io.callguard.blocklist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import io.callguard.testing.Events;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The limits that keep one token holder from taking a replica down: import caps, one import at a time, the write rate
 * charged per chunk, the read rate, and no export holding the store's lock. Small limits of its own profile.
 */
@QuarkusTest
@TestProfile(ImportAndReadLimitsTest.SmallLimits.class)
@QuarkusTestResource(TestInfrastructure.class)
class ImportAndReadLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "callguard.rest.import-chunk-size", "10",
                    "callguard.rest.import-max-rows", "100",
                    "callguard.rest.import-max-bytes", "1M",
                    "callguard.rest.writes-per-second", "0.01",
                    "callguard.rest.write-burst", "5",
                    "callguard.rest.reads-per-second", "0.01",
                    "callguard.rest.read-burst", "5");
        }
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    BlocklistState state;

    @Inject
    BlocklistImporter importer;

    static String analyst(String name) {
        return Tokens.token(name + "-" + Events.callId("a"), "fraud-analyst");
    }

    static String csvLine(String number) {
        return number + ",LOAN,limits test,FRAUD_TEAM\n";
    }

    @Test
    void import_lineLongerThanTheLimit_isRejectedWithoutStoppingTheImport() {
        String good = Events.freshMobile();
        String body = "x".repeat(200_000) + "\n" + csvLine(good);

        given().auth()
                .oauth2(analyst("long-line"))
                .contentType("text/csv")
                .body(body)
                .post("/api/v1/blocklist/import")
                .then()
                .statusCode(200)
                .body("rejected", equalTo(1))
                .body("written", equalTo(1))
                .body("rejections[0].line", equalTo(1))
                .body("rejections[0].reason", containsString("longer than 2048"));
    }

    @Test
    void import_moreRowsThanTheCap_is413() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            body.append("not-a-number-").append(i).append(",LOAN,x,FRAUD_TEAM\n");
        }
        given().auth()
                .oauth2(analyst("rows"))
                .contentType("text/csv")
                .body(body.toString())
                .post("/api/v1/blocklist/import")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("more than 100 lines"));
    }

    @Test
    void import_moreBytesThanTheCap_chunkedWithoutNewline_is413() throws Exception {
        // 3 MB in one line, sent chunked: the old reader buffered the whole line before looking at it.
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/blocklist/import"))
                        .header("Authorization", "Bearer " + analyst("bytes"))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> repeated('x', 3 * 1024 * 1024)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("larger than 1048576 bytes");
    }

    @Test
    void import_secondWhileOneIsRunning_is429_thenRuns() throws Exception {
        // The first import, sent chunked by hand: its header line arrives, then the client holds the body open.
        try (Socket first = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = first.getOutputStream();
            out.write(("POST /api/v1/blocklist/import HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + analyst("first") + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, "number,category,reason,source\n");
            awaitImportRunning();

            given().auth()
                    .oauth2(analyst("second"))
                    .contentType("text/csv")
                    .body(csvLine(Events.freshMobile()))
                    .post("/api/v1/blocklist/import")
                    .then()
                    .statusCode(429)
                    .header("Retry-After", "10");

            chunk(out, csvLine(Events.freshMobile()));
            chunk(out, "");
            String status = new String(first.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 200");
        }
        given().auth()
                .oauth2(analyst("third"))
                .contentType("text/csv")
                .body(csvLine(Events.freshMobile()))
                .post("/api/v1/blocklist/import")
                .then()
                .statusCode(200);
    }

    static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    void awaitImportRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!importer.isRunning()) {
            assertThat(System.nanoTime()).as("the first import started").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void import_chargesOneWritePerChunk() {
        String token = analyst("chunks");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            body.append(csvLine(Events.freshMobile()));
        }
        // Burst 5: the request and its 4 chunks of 10 take all of it.
        given().auth()
                .oauth2(token)
                .contentType("text/csv")
                .body(body.toString())
                .post("/api/v1/blocklist/import")
                .then()
                .statusCode(200)
                .body("written", equalTo(40));

        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("category", "LOAN", "reason", "after import", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + Events.freshMobile())
                .then()
                .statusCode(429);
    }

    @Test
    void reads_arePerSubjectRateLimited() {
        String viewer = Tokens.token("reader-" + Events.callId("r"), "viewer");
        for (int i = 0; i < 5; i++) {
            given().auth()
                    .oauth2(viewer)
                    .get("/api/v1/blocklist?limit=1")
                    .then()
                    .statusCode(200);
        }
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/blocklist?limit=1")
                .then()
                .statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // Another subject is not affected.
        given().auth()
                .oauth2(Tokens.token("reader-" + Events.callId("r"), "viewer"))
                .get("/api/v1/blocklist?limit=1")
                .then()
                .statusCode(200);
    }

    @Test
    void stalledExport_doesNotHoldBackStateApplication() throws Exception {
        // A list big enough that the export blocks on a full socket long before it ends.
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 300_000; i++) {
            state.view()
                    .put(new BlocklistEntry(
                            EntryKind.NUMBER,
                            String.format("+86137%08d", i),
                            EntryAction.BLOCK,
                            FraudCategory.ROBOCALL,
                            "bulk for the export test",
                            "FRAUD_TEAM",
                            "seed",
                            now,
                            now,
                            null));
        }
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setReceiveBufferSize(4096);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/blocklist/export HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + Tokens.token("exporter-" + Events.callId("e"), "viewer") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.readNBytes(1024); // the export has started; now the client stops reading
            Thread.sleep(1500);

            // Before the fix the export held the store's read lock while blocked on the socket: the reader could not
            // apply this write and the PUT answered 503 after the apply timeout.
            given().auth()
                    .oauth2(analyst("during-export"))
                    .contentType(ContentType.JSON)
                    .body(Map.of("category", "LOAN", "reason", "during a stalled export", "source", "FRAUD_TEAM"))
                    .put("/api/v1/blocklist/numbers/" + Events.freshMobile())
                    .then()
                    .statusCode(201);
        }
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }

    /** {@code n} copies of {@code c}, generated as they are read. */
    static InputStream repeated(char c, int n) {
        return new InputStream() {
            int left = n;

            @Override
            public int read() {
                return left-- > 0 ? c : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int k = Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) c);
                left -= k;
                return k;
            }
        };
    }
}

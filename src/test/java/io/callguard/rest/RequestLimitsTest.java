package io.callguard.rest;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Every body but the bulk import is held to 1 MB on the bytes actually read; the import is chosen by method. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class RequestLimitsTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A valid CallSetup padded with an unknown field, {@code size} bytes long, generated as it is read. */
    static InputStream paddedEvent(int size) {
        byte[] head =
                "{\"callId\":\"big\",\"calledNumber\":\"13912345678\",\"pad\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                if (pos >= size) {
                    return -1;
                }
                int i = pos++;
                if (i < head.length) {
                    return head[i];
                }
                int fromEnd = size - i;
                return fromEnd <= tail.length ? tail[tail.length - fromEnd] : 'x';
            }
        };
    }

    static HttpResponse<String> chunked(String method, String path, String token, int size) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> paddedEvent(size)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void explain_chunkedBodyOverTheLimit_is413() throws Exception {
        HttpResponse<String> r = chunked("POST", "/api/v1/screen", Tokens.viewer(), 3 * 1024 * 1024);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("larger than 1048576 bytes");
    }

    @Test
    void explain_chunkedBodyUnderTheLimit_isRead() throws Exception {
        HttpResponse<String> r = chunked("POST", "/api/v1/screen", Tokens.viewer(), 512 * 1024);

        // Read whole and judged as an event: larger than an event may be (16 KB), not larger than a request.
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("TOO_LARGE");
    }

    @Test
    void aNumberCalledImport_isNoWayPastTheLimit() throws Exception {
        // The old filter skipped every path ending in "/import": numbers/{number} with number "import" was one.
        HttpResponse<String> chunked = chunked("PUT", "/api/v1/blocklist/numbers/import", Tokens.analyst(), 2_000_000);
        assertThat(chunked.statusCode()).isEqualTo(413);

        given().auth()
                .oauth2(Tokens.analyst())
                .contentType("application/json")
                .body("{\"reason\":\"" + "x".repeat(1_100_000) + "\"}")
                .put("/api/v1/blocklist/numbers/import")
                .then()
                .statusCode(413)
                .body("field", equalTo("body"));
    }

    @Test
    void bulkImport_streamsMoreThanTheDocumentLimit() {
        StringBuilder csv = new StringBuilder();
        while (csv.length() < 1_500_000) {
            csv.append("not-a-number,LOAN,request limits test,FRAUD_TEAM\n");
        }
        given().auth()
                .oauth2(Tokens.token("importer-limits", "fraud-analyst"))
                .contentType("text/csv")
                .body(csv.toString())
                .post("/api/v1/blocklist/import")
                .then()
                .statusCode(200)
                .body("written", equalTo(0));
    }
}

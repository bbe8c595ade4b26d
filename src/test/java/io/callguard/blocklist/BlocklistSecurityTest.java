package io.callguard.blocklist;

import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint: 401 without a valid token, 403 with the wrong role, and through with the right one. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class BlocklistSecurityTest {

    static final String BODY = "{\"category\":\"LOAN\",\"reason\":\"security test\",\"source\":\"FRAUD_TEAM\"}";

    /** method, path, content type, body, a role that may call it, a role that may not. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of(
                        "PUT",
                        "/api/v1/blocklist/numbers/+8613900000101",
                        "application/json",
                        BODY,
                        "fraud-analyst",
                        "viewer"),
                Arguments.of("GET", "/api/v1/blocklist/numbers/+8613900000101", null, null, "viewer", "nobody"),
                Arguments.of(
                        "DELETE", "/api/v1/blocklist/numbers/+8613900000101", null, null, "fraud-analyst", "viewer"),
                Arguments.of(
                        "PUT",
                        "/api/v1/blocklist/prefixes/+8616911",
                        "application/json",
                        BODY,
                        "fraud-analyst",
                        "line-admin"),
                Arguments.of("GET", "/api/v1/blocklist/prefixes/+8616911", null, null, "viewer", "nobody"),
                Arguments.of("DELETE", "/api/v1/blocklist/prefixes/+8616911", null, null, "fraud-analyst", "viewer"),
                Arguments.of("GET", "/api/v1/blocklist", null, null, "viewer", "nobody"),
                Arguments.of(
                        "POST",
                        "/api/v1/blocklist/import",
                        "text/csv",
                        "+8613900000102,LOAN,x,FRAUD_TEAM",
                        "fraud-analyst",
                        "viewer"),
                Arguments.of("GET", "/api/v1/blocklist/export", null, null, "viewer", "line-admin"),
                Arguments.of(
                        "GET", "/api/v1/blocklist/numbers/+8613900000101/history", null, null, "viewer", "line-admin"),
                Arguments.of("GET", "/api/v1/blocklist/prefixes/+8616911/history", null, null, "viewer", "line-admin"),
                Arguments.of(
                        "PUT",
                        "/api/v1/allowlist/numbers/+8613900000103",
                        "application/json",
                        BODY,
                        "fraud-analyst",
                        "viewer"),
                Arguments.of("GET", "/api/v1/allowlist/numbers/+8613900000103", null, null, "viewer", "nobody"),
                Arguments.of(
                        "DELETE", "/api/v1/allowlist/numbers/+8613900000103", null, null, "fraud-analyst", "viewer"),
                Arguments.of(
                        "PUT",
                        "/api/v1/allowlist/prefixes/+8616912",
                        "application/json",
                        BODY,
                        "fraud-analyst",
                        "viewer"),
                Arguments.of("GET", "/api/v1/allowlist/prefixes/+8616912", null, null, "viewer", "nobody"),
                Arguments.of("DELETE", "/api/v1/allowlist/prefixes/+8616912", null, null, "fraud-analyst", "viewer"),
                Arguments.of("GET", "/api/v1/allowlist", null, null, "viewer", "nobody"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void endpoint_refusesMissingExpiredForeignTokens_andWrongRole(
            String method, String path, String contentType, String body, String allowed, String forbidden) {
        assertThat(call(given(), method, path, contentType, body).statusCode())
                .as("no token")
                .isEqualTo(401);
        assertThat(call(given().auth().oauth2(Tokens.expired()), method, path, contentType, body)
                        .statusCode())
                .as("expired token")
                .isEqualTo(401);
        assertThat(call(given().auth().oauth2(Tokens.wronglySigned()), method, path, contentType, body)
                        .statusCode())
                .as("token signed by an unknown key")
                .isEqualTo(401);
        assertThat(call(given().header("Authorization", "Bearer not.a.jwt"), method, path, contentType, body)
                        .statusCode())
                .as("garbage token")
                .isEqualTo(401);
        assertThat(call(given().auth().oauth2(Tokens.token("someone", forbidden)), method, path, contentType, body)
                        .statusCode())
                .as("role " + forbidden)
                .isEqualTo(403);
        assertThat(call(given().auth().oauth2(Tokens.token("someone", allowed)), method, path, contentType, body)
                        .statusCode())
                .as("role " + allowed)
                .isNotIn(401, 403);
    }

    static Response call(RequestSpecification spec, String method, String path, String contentType, String body) {
        if (contentType != null) {
            spec = spec.contentType(contentType);
        }
        if (body != null) {
            spec = spec.body(body);
        }
        return spec.request(method, path);
    }
}

package io.callguard.blocklist;

import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Malformed numbers, prefixes, bodies and parameters: each a 400 problem naming the field, and nothing stored. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class BlocklistInputValidationTest {

    static final String GOOD = "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\"}";
    static final String NUMBER = "/api/v1/blocklist/numbers/+8613900000201";

    static Stream<Arguments> badPuts() {
        return Stream.of(
                // path: numbers
                Arguments.of("/api/v1/blocklist/numbers/abc", GOOD, "number"),
                Arguments.of("/api/v1/blocklist/numbers/+", GOOD, "number"),
                Arguments.of("/api/v1/blocklist/numbers/12", GOOD, "number"),
                Arguments.of("/api/v1/blocklist/numbers/+86", GOOD, "number"),
                Arguments.of("/api/v1/blocklist/numbers/+86139000002011234567", GOOD, "number"),
                Arguments.of("/api/v1/blocklist/numbers/1390000020", GOOD, "number"),
                Arguments.of("/api/v1/blocklist/numbers/+0123456789", GOOD, "number"),
                Arguments.of("/api/v1/blocklist/numbers/13900000201x", GOOD, "number"),
                Arguments.of("/api/v1/blocklist/numbers/anonymous", GOOD, "number"),
                // path: prefixes
                Arguments.of("/api/v1/blocklist/prefixes/86170", GOOD, "prefix"),
                Arguments.of("/api/v1/blocklist/prefixes/+8", GOOD, "prefix"),
                Arguments.of("/api/v1/blocklist/prefixes/+0170", GOOD, "prefix"),
                Arguments.of("/api/v1/blocklist/prefixes/+86170abc", GOOD, "prefix"),
                Arguments.of("/api/v1/blocklist/prefixes/+8617012345678901", GOOD, "prefix"),
                // bodies
                Arguments.of(NUMBER, "{\"reason\":\"r\",\"source\":\"FRAUD_TEAM\"}", "category"),
                Arguments.of(NUMBER, "{\"category\":\"SCAM\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\"}", "category"),
                Arguments.of(NUMBER, "{\"category\":5,\"reason\":\"r\",\"source\":\"FRAUD_TEAM\"}", "category"),
                Arguments.of(NUMBER, "{\"category\":\"LOAN\",\"source\":\"FRAUD_TEAM\"}", "reason"),
                Arguments.of(NUMBER, "{\"category\":\"LOAN\",\"reason\":\"   \",\"source\":\"FRAUD_TEAM\"}", "reason"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"" + "x".repeat(501) + "\",\"source\":\"FRAUD_TEAM\"}",
                        "reason"),
                Arguments.of(
                        NUMBER, "{\"category\":\"LOAN\",\"reason\":\"a\\u0007b\",\"source\":\"FRAUD_TEAM\"}", "reason"),
                Arguments.of(NUMBER, "{\"category\":\"LOAN\",\"reason\":\"r\"}", "source"),
                Arguments.of(NUMBER, "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"fraud team\"}", "source"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"" + "A".repeat(41) + "\"}",
                        "source"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\",\"ttl\":\"PT1H\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}",
                        "ttl"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\",\"ttl\":\"-PT1H\"}",
                        "ttl"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\",\"ttl\":\"PT0S\"}",
                        "ttl"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\",\"ttl\":\"one hour\"}",
                        "ttl"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}",
                        "expiresAt"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\",\"expiresAt\":\"tomorrow\"}",
                        "expiresAt"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\",\"expires\":\"2099-01-01T00:00:00Z\"}",
                        "expires"),
                Arguments.of(
                        NUMBER,
                        "{\"category\":\"LOAN\",\"reason\":\"r\",\"source\":\"FRAUD_TEAM\",\"action\":\"ALLOW\"}",
                        "action"),
                Arguments.of(NUMBER, "{\"category\":\"LOAN\",", null),
                Arguments.of(NUMBER, "[]", null),
                Arguments.of(NUMBER, "", "body"));
    }

    @ParameterizedTest(name = "PUT {0} {1}")
    @MethodSource("badPuts")
    void put_malformedInput_is400ProblemNamingTheField_andStoresNothing(String path, String body, String field) {
        var response = given().auth()
                .oauth2(Tokens.analyst())
                .contentType("application/json")
                .body(body)
                .put(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", not(emptyOrNullString()));
        if (field != null) {
            response.body("field", equalTo(field));
        }
        if (path.equals(NUMBER)) {
            given().auth().oauth2(Tokens.viewer()).get(NUMBER).then().statusCode(404);
        }
    }

    @org.junit.jupiter.api.Test
    void put_bodyOverOneMegabyte_is413Problem() {
        String huge = "{\"category\":\"LOAN\",\"reason\":\"" + "x".repeat(1_100_000) + "\",\"source\":\"FRAUD_TEAM\"}";
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType("application/json")
                .body(huge)
                .put(NUMBER)
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("limit", "0", "limit"),
                Arguments.of("limit", "abc", "limit"),
                Arguments.of("limit", "100000", "limit"),
                Arguments.of("cursor", "!!!", "cursor"),
                Arguments.of("category", "SCAM", "category"));
    }

    @ParameterizedTest(name = "GET ?{0}={1}")
    @MethodSource("badQueries")
    void list_malformedQuery_is400ProblemNamingTheParameter(String param, String value, String field) {
        given().auth()
                .oauth2(Tokens.viewer())
                .queryParam(param, value)
                .get("/api/v1/blocklist")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo(field));
    }
}

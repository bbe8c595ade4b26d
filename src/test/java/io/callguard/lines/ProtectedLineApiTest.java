package io.callguard.lines;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.callguard.testing.Events.freshMobile;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The protected-line registry over HTTP: validation, merge patches, listing and roles. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ProtectedLineApiTest {

    static RequestSpecification admin() {
        return given().auth().oauth2(Tokens.lineAdmin()).contentType(ContentType.JSON);
    }

    @Test
    void put_get_patch_delete_withDefaultsAndCanonicalNumbers() {
        String line = freshMobile();
        String family = freshMobile();
        admin().body(Map.of("familyNumbers", List.of(family.substring(3))))
                .put("/api/v1/protected-lines/" + line.substring(3))
                .then()
                .statusCode(201)
                .body("line", equalTo(line))
                .body("familyNumbers[0]", equalTo(family))
                .body("policy.blockHidden", equalTo(true))
                .body("policy.blockUnverified", equalTo(false))
                .body("policy.timeZone", equalTo("Asia/Shanghai"))
                .body("policy.notifyOnWarn", equalTo(false))
                .body("updatedBy", equalTo("line-admin-3"));
        admin().body(Map.of(
                        "policy",
                        Map.of("blockInternational", false, "quietHours", Map.of("from", "21:30", "to", "06:00"))))
                .patch("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(200)
                .body("policy.blockInternational", equalTo(false))
                .body("policy.blockHidden", equalTo(true))
                .body("policy.quietHours.from", equalTo("21:30:00"))
                .body("familyNumbers[0]", equalTo(family));
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(200)
                .body("policy.blockInternational", equalTo(false));
        admin().body(Map.of("familyNumbers", List.of(family)))
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(200)
                .body("policy.blockInternational", equalTo(true));
        admin().delete("/api/v1/protected-lines/" + line).then().statusCode(204);
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void list_paginates() {
        for (int i = 0; i < 3; i++) {
            admin().body(Map.of("familyNumbers", List.of(freshMobile())))
                    .put("/api/v1/protected-lines/" + freshMobile())
                    .then()
                    .statusCode(201);
        }
        Response first =
                given().auth().oauth2(Tokens.lineAdmin()).queryParam("limit", 2).get("/api/v1/protected-lines");
        first.then().statusCode(200);
        assertThat(first.jsonPath().getList("items")).hasSize(2);
        String cursor = first.jsonPath().getString("nextCursor");
        assertThat(cursor).isNotNull();
        Response second = given().auth()
                .oauth2(Tokens.lineAdmin())
                .queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .get("/api/v1/protected-lines");
        assertThat(second.jsonPath().getString("items[0].line"))
                .isGreaterThan(first.jsonPath().getString("items[1].line"));
    }

    static Stream<Arguments> badBodies() {
        String a = "+8613800000011";
        String b = "+8613800000012";
        String c = "+8613800000013";
        String d = "+8613800000014";
        return Stream.of(
                Arguments.of(Map.of("familyNumbers", List.of(a, b, c, d)), "familyNumbers"),
                Arguments.of(Map.of("familyNumbers", List.of()), "familyNumbers"),
                Arguments.of(Map.of("trustedNumbers", List.of(a)), "familyNumbers"),
                Arguments.of(Map.of("familyNumbers", List.of(a, a)), "familyNumbers"),
                Arguments.of(Map.of("familyNumbers", List.of("not-a-number")), "familyNumbers[0]"),
                Arguments.of(Map.of("familyNumbers", List.of(a, "110")), "familyNumbers[1]"),
                Arguments.of(Map.of("familyNumbers", List.of(a), "trustedNumbers", List.of("x")), "trustedNumbers[0]"),
                Arguments.of(
                        Map.of("familyNumbers", List.of(a), "policy", Map.of("blockEverything", true)),
                        "blockEverything"),
                Arguments.of(
                        Map.of("familyNumbers", List.of(a), "policy", Map.of("timeZone", "Mars/Olympus")),
                        "policy.timeZone"),
                Arguments.of(
                        Map.of(
                                "familyNumbers",
                                List.of(a),
                                "policy",
                                Map.of("quietHours", Map.of("from", "25:00", "to", "07:00"))),
                        "policy.quietHours.from"),
                Arguments.of(
                        Map.of("familyNumbers", List.of(a), "policy", Map.of("quietHours", Map.of("from", "22:00"))),
                        "policy.quietHours"),
                Arguments.of(
                        Map.of("familyNumbers", List.of(a), "policy", Map.of("blockHidden", "sometimes")),
                        "policy.blockHidden"),
                Arguments.of(Map.of("familyNumbers", List.of(a), "colour", "red"), "colour"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void put_invalidBody_is400NamingTheField_andStoresNothing(Map<String, Object> body, String field) {
        String line = freshMobile();
        admin().body(body)
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo(field));
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(404);
    }

    @Test
    void put_familyNumberThatIsTheLineItself_isRefused() {
        String line = freshMobile();
        admin().body(Map.of("familyNumbers", List.of(line)))
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(400)
                .body("field", equalTo("familyNumbers"));
    }

    @Test
    void put_invalidLineInPath_isRefused() {
        admin().body(Map.of("familyNumbers", List.of("+8613800000011")))
                .put("/api/v1/protected-lines/96110")
                .then()
                .statusCode(400)
                .body("field", equalTo("line"));
    }

    @Test
    void patch_unknownField_isRefused_andUnknownLineIs404() {
        String line = freshMobile();
        admin().body(Map.of("familyNumbers", List.of(freshMobile())))
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(201);
        admin().body(Map.of("line", "+8613000000000"))
                .patch("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(400)
                .body("field", equalTo("line"));
        admin().body(Map.of("policy", Map.of("notifyFamily", false)))
                .patch("/api/v1/protected-lines/" + freshMobile())
                .then()
                .statusCode(404);
    }

    static Stream<Arguments> endpoints() {
        String line = "+8613900000301";
        String body = "{\"familyNumbers\":[\"+8613800000021\"]}";
        return Stream.of(
                Arguments.of("PUT", "/api/v1/protected-lines/" + line, body, "line-admin", "fraud-analyst"),
                Arguments.of("PATCH", "/api/v1/protected-lines/" + line, body, "line-admin", "viewer"),
                Arguments.of("GET", "/api/v1/protected-lines/" + line, null, "viewer", "nobody"),
                Arguments.of("GET", "/api/v1/protected-lines", null, "line-admin", "viewer"),
                Arguments.of("GET", "/api/v1/protected-lines/" + line + "/history", null, "line-admin", "viewer"),
                Arguments.of("DELETE", "/api/v1/protected-lines/" + line, null, "line-admin", "viewer"),
                Arguments.of(
                        "POST",
                        "/api/v1/screen",
                        "{\"callingNumber\":\"+8613800000022\",\"calledNumber\":\"" + line + "\"}",
                        "viewer",
                        "nobody"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void endpoint_refusesMissingExpiredForeignTokens_andWrongRole(
            String method, String path, String body, String allowed, String forbidden) {
        assertThat(call(given(), method, path, body).statusCode())
                .as("no token")
                .isEqualTo(401);
        assertThat(call(given().auth().oauth2(Tokens.expired()), method, path, body)
                        .statusCode())
                .as("expired")
                .isEqualTo(401);
        assertThat(call(given().auth().oauth2(Tokens.wronglySigned()), method, path, body)
                        .statusCode())
                .as("foreign key")
                .isEqualTo(401);
        assertThat(call(given().auth().oauth2(Tokens.token("x", forbidden)), method, path, body)
                        .statusCode())
                .as(forbidden)
                .isEqualTo(403);
        assertThat(call(given().auth().oauth2(Tokens.token("x", allowed)), method, path, body)
                        .statusCode())
                .as(allowed)
                .isNotIn(401, 403);
    }

    static Response call(RequestSpecification spec, String method, String path, String body) {
        if (body != null) {
            spec = spec.contentType(ContentType.JSON).body(body);
        }
        return spec.request(method, path);
    }
}

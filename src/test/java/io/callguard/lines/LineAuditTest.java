package io.callguard.lines;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.callguard.testing.Events.freshMobile;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Every change of a senior's line leaves an audit record: who let whom through, when and why. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class LineAuditTest {

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void trustedNumberAddedThenRemoved_andDelete_leaveTheWholeTrail() {
        String line = freshMobile();
        String family = freshMobile();
        String fraudster = freshMobile();
        String insider = Tokens.token("line-admin-insider", "line-admin");
        as(Tokens.lineAdmin())
                .body(Map.of("familyNumbers", List.of(family)))
                .queryParam("reason", "senior plan sold at shop 12")
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(201);
        as(insider)
                .body(Map.of("trustedNumbers", List.of(fraudster)))
                .patch("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(200);
        as(insider)
                .body(Map.of("trustedNumbers", List.of()))
                .queryParam("reason", "cleanup")
                .patch("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(200);
        as(Tokens.lineAdmin())
                .queryParam("reason", "plan cancelled")
                .delete("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(204);

        Response history = as(Tokens.analyst()).get("/api/v1/protected-lines/" + line + "/history");
        history.then().statusCode(200);
        assertThat(history.jsonPath().getList("items.change"))
                .containsExactly("DELETED", "PATCHED", "PATCHED", "CREATED");
        assertThat(history.jsonPath().getList("items.actor"))
                .containsExactly("line-admin-3", "line-admin-insider", "line-admin-insider", "line-admin-3");
        assertThat(history.jsonPath().getList("items.why"))
                .containsExactly("plan cancelled", "cleanup", null, "senior plan sold at shop 12");
        assertThat(history.jsonPath().getList("items[2].after.trustedNumbers")).containsExactly(fraudster);
        assertThat(history.jsonPath().getList("items[1].before.trustedNumbers")).containsExactly(fraudster);
        assertThat(history.jsonPath().getList("items[1].after.trustedNumbers")).isEmpty();
        assertThat(history.jsonPath().getString("items[0].after")).isNull();
        assertThat(history.jsonPath().getString("items[0].before.line")).isEqualTo(line);
    }

    @Test
    void viewer_seesOneLineWithFamilyNumbersMasked_andCannotList() {
        String line = freshMobile();
        String family = freshMobile();
        as(Tokens.lineAdmin())
                .body(Map.of("familyNumbers", List.of(family)))
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(201);

        String masked = family.substring(0, family.length() - 8) + "****" + family.substring(family.length() - 4);
        as(Tokens.viewer())
                .get("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(200)
                .body("familyNumbers[0]", equalTo(masked));
        as(Tokens.analyst())
                .get("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(200)
                .body("familyNumbers[0]", equalTo(masked));
        as(Tokens.lineAdmin())
                .get("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(200)
                .body("familyNumbers[0]", equalTo(family));
        as(Tokens.viewer()).get("/api/v1/protected-lines").then().statusCode(403);
    }

    @Test
    void reasonWithControlCharacters_isRefused_andNothingChanges() {
        String line = freshMobile();
        as(Tokens.lineAdmin())
                .body(Map.of("familyNumbers", List.of(freshMobile())))
                .put("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(201);
        as(Tokens.lineAdmin())
                .queryParam("reason", "ok\nactor=forged")
                .delete("/api/v1/protected-lines/" + line)
                .then()
                .statusCode(400)
                .body("field", equalTo("reason"));
        as(Tokens.viewer()).get("/api/v1/protected-lines/" + line).then().statusCode(200);
    }
}

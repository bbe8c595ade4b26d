package io.callguard.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;

/** A token must be for this service, short-lived, not too old and not from the future. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class TokenValidationTest {

    static final String PATH = "/api/v1/blocklist?limit=1";

    static int status(String token) {
        return given().auth().oauth2(token).get(PATH).statusCode();
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void tokenForThisService_isAccepted() {
        given().auth().oauth2(Tokens.viewer()).get(PATH).then().statusCode(200);
    }

    @Test
    void tokenForAnotherAudience_isRefused() {
        given().auth()
                .oauth2(Tokens.forAudience("billing-service", "support-3", "viewer"))
                .get(PATH)
                .then()
                .statusCode(401);
    }

    @Test
    void tokenWithoutAudience_isRefused() {
        given().auth()
                .oauth2(Tokens.forAudience(null, "support-3", "viewer"))
                .get(PATH)
                .then()
                .statusCode(401);
    }

    @Test
    void tokenValidForTenYears_isRefused() {
        long now = now();
        given().auth()
                .oauth2(Tokens.issuedAt(now, now + 10L * 365 * 24 * 3600, "support-3", "viewer"))
                .get(PATH)
                .then()
                .statusCode(401);
    }

    @Test
    void tokenIssuedAnHourInTheFuture_isRefused() {
        long now = now();
        given().auth()
                .oauth2(Tokens.issuedAt(now + 3600, now + 7200, "support-3", "viewer"))
                .get(PATH)
                .then()
                .statusCode(401);
    }

    @Test
    void tokenIssuedWithinTheClockSkew_isAccepted() {
        long now = now();
        given().auth()
                .oauth2(Tokens.issuedAt(now + 10, now + 3600, "support-3", "viewer"))
                .get(PATH)
                .then()
                .statusCode(200);
    }

    @Test
    void tokenIssuedNineHoursAgo_isRefused() {
        long now = now();
        given().auth()
                .oauth2(Tokens.issuedAt(now - 9 * 3600, now + 3600, "support-3", "viewer"))
                .get(PATH)
                .then()
                .statusCode(401);
    }
}

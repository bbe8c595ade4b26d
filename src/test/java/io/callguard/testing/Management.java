package io.callguard.testing;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Requests to the management interface of the application under test (health, metrics, OpenAPI). */
public final class Management {

    /** {@code quarkus.management.test-port} of application.properties. */
    public static final int TEST_PORT = 9001;

    private Management() {}

    public static RequestSpecification management() {
        return given().port(TEST_PORT);
    }

    public static String metrics() {
        return management().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}

package io.callguard.family;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.callguard.testing.Browser;
import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.Screen;
import io.callguard.testing.TestInfrastructure;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The family page on a phone-sized headless Chromium: sign in, see what was stopped, add a trusted number. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class FamilyPageTest {

    static KafkaTestClient kafka;

    @TestHTTPResource("/family")
    URL page;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void pageIsServedWithAStrictContentSecurityPolicy() {
        given().get("/family")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Content-Type-Options", "nosniff");
        given().get("/family/family.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/family/../application.properties").then().statusCode(404);
        given().get("/family/secrets.txt").then().statusCode(404);
    }

    @Test
    void signIn_seeStoppedCalls_addATrustedNumber() {
        FamilyApiTest.Line line = FamilyApiTest.register();
        String fraudster = Events.freshMobile();
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType(ContentType.JSON)
                .body(Map.of("category", "IMPERSONATION", "reason", "posed as police", "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + fraudster)
                .then()
                .statusCode(201);
        JsonNode blocked = Screen.decide(kafka, fraudster, line.number(), FamilyApiTest.at(10));
        assertThat(blocked.get("decision").asText()).isEqualTo("BLOCK");
        awaitStoppedCall(line);

        ChromeDriver browser = Browser.phone();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(page.toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
            Browser.screenshot(browser, "family-sign-in");
            browser.findElement(By.id("token")).sendKeys(Tokens.token(line.member(), "family"));
            browser.findElement(By.id("sign-in-button")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#calls li.call")));
            assertThat(browser.findElement(By.id("line-number")).getText()).isEqualTo(line.number());
            WebElement call = browser.findElement(By.cssSelector("#calls li.call"));
            assertThat(call.getText()).contains(fraudster).contains("已拦截：已知诈骗号码");
            assertThat(browser.findElement(By.id("others")).getText())
                    .endsWith(line.sibling().substring(line.sibling().length() - 4))
                    .doesNotContain(line.sibling());
            Browser.screenshot(browser, "family-stopped-calls");

            String neighbour = Events.freshMobile();
            browser.findElement(By.id("new-trusted")).sendKeys(neighbour.substring(3));
            browser.findElement(By.id("add-trusted")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("change-result"), "已保存"));
            List<String> trusted = browser.findElements(By.cssSelector("#trusted li")).stream()
                    .map(WebElement::getText)
                    .toList();
            assertThat(trusted).anySatisfy(t -> assertThat(t).contains(neighbour));
            Browser.screenshot(browser, "family-trusted-added");

            JsonNode next = Screen.decide(kafka, neighbour, line.number(), FamilyApiTest.at(10));
            assertThat(next.get("decision").asText()).isEqualTo("ALLOW");
            assertThat(next.get("reasons").get(0).asText()).isEqualTo("TRUSTED_CONTACT");

            // The token lives in this tab's sessionStorage only, never in a cookie.
            assertThat(browser.manage().getCookies()).isEmpty();
            browser.findElement(By.id("sign-out")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
            assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
        } finally {
            browser.quit();
        }
    }

    static void awaitStoppedCall(FamilyApiTest.Line line) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<?> items = given().auth()
                    .oauth2(Tokens.token(line.member(), "family"))
                    .get("/api/v1/family/lines/" + line.number() + "/stopped-calls")
                    .then()
                    .extract()
                    .path("items");
            if (items != null && !items.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("stopped call not projected within 30 s");
    }
}

package io.callguard.console;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console in headless Chromium against the service, the broker and the read model. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ConsoleTest {

    static KafkaTestClient kafka;

    @TestHTTPResource("/console")
    URL console;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(1280, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    void signIn(String token) {
        browser.get(console.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
    }

    void openNumber(String number) {
        browser.get(console + "#number/" + number);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("n-number"), number));
    }

    static void blocklist(String number, String reason) {
        given().auth()
                .oauth2(Tokens.analyst())
                .contentType(ContentType.JSON)
                .body(Map.of("category", "IMPERSONATION", "reason", reason, "source", "FRAUD_TEAM"))
                .put("/api/v1/blocklist/numbers/" + number)
                .then()
                .statusCode(201);
    }

    @Test
    void searchABlocklistedNumber_seesItsEntryAndHistory_andAScriptInTheReasonIsText() {
        String fraudster = Events.freshMobile();
        String script = "<script>alert('x')</script><img src=x id=injected>posed as police";
        blocklist(fraudster, script);
        signIn(Tokens.analyst());
        Browser.screenshot(browser, "console-overview");

        browser.findElement(By.cssSelector("a[href='#number']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("number-query")));
        browser.findElement(By.id("number-query")).sendKeys(fraudster.substring(3));
        browser.findElement(By.cssSelector("#number-search button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("n-number"), fraudster));
        String entry = browser.findElement(By.id("n-entry")).getText();
        assertThat(entry)
                .contains("BLOCK")
                .contains("IMPERSONATION")
                .contains(script)
                .contains("analyst-7");
        assertThat(browser.findElements(By.id("injected"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        wait.until(d -> d.findElement(By.id("n-history")).getText().contains("CREATED"));
        Browser.screenshot(browser, "console-number");
    }

    @Test
    void blockFromThePage_theNextCallThroughTheBrokerIsBlocked_andShowsOnThePage() {
        String number = Events.freshMobile();
        signIn(Tokens.analyst());
        openNumber(number);
        assertThat(browser.findElement(By.id("n-none")).isDisplayed()).isTrue();
        browser.findElement(By.id("b-reason")).sendKeys("caller posed as a bank");
        browser.findElement(By.id("do-block")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "已保存"));

        JsonNode d = Screen.decide(kafka, number, Events.freshMobile(), System.currentTimeMillis());
        assertThat(d.get("decision").asText()).isEqualTo("BLOCK");
        String callId = d.get("callId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!browser.findElement(By.id("n-decisions")).getText().contains(callId) && System.nanoTime() < deadline) {
            browser.findElement(By.cssSelector("#number-search button")).click();
            sleep(300);
        }
        assertThat(browser.findElement(By.id("n-decisions")).getText())
                .contains(callId)
                .contains("BLOCKLISTED");
        Browser.screenshot(browser, "console-number-blocked");
    }

    @Test
    void importAFileWithBadLines_showsProgressAndTheReport() throws Exception {
        Path csv = Files.createTempFile("national-feed", ".csv");
        StringBuilder b = new StringBuilder("number,category,reason,source\n");
        for (int i = 0; i < 40; i++) {
            b.append(Events.freshMobile()).append(",LOAN,feed,NATIONAL_PLATFORM\n");
        }
        b.append("not-a-number,LOAN,feed,NATIONAL_PLATFORM\n");
        b.append(Events.freshMobile()).append(",NO_SUCH_CATEGORY,feed,NATIONAL_PLATFORM\n");
        Files.writeString(csv, b.toString());
        signIn(Tokens.analyst());
        browser.get(console + "#import");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("i-file")));
        browser.findElement(By.id("i-file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.id("i-upload")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("i-report")));
        assertThat(browser.findElement(By.id("i-summary")).getText())
                .contains("共 43 行")
                .contains("写入 40")
                .contains("拒绝 2");
        assertThat(browser.findElement(By.id("i-progress")).getAttribute("value"))
                .isEqualTo("100");
        assertThat(browser.findElement(By.id("i-progress-text")).getText()).contains("43 / 43");
        List<WebElement> rejected = browser.findElements(By.cssSelector("#i-rejected tbody tr"));
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).getText()).startsWith("42");
        Browser.screenshot(browser, "console-import");
    }

    @Test
    void resolveADisputeFromTheQueue() {
        String clinic = Events.freshMobile();
        blocklist(clinic, "many complaints");
        String id = given().auth()
                .oauth2(Tokens.token("support-agent-1", "support-agent"))
                .contentType(ContentType.JSON)
                .body(Map.of("number", clinic, "statement", "a dental clinic"))
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("disputeId");
        signIn(Tokens.analyst());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            browser.get(console + "#overview");
            browser.get(console + "#queues");
            sleep(300);
        } while (browser.findElements(By.id("note-" + id)).isEmpty() && System.nanoTime() < deadline);
        browser.findElement(By.id("note-" + id)).sendKeys("clinic verified by phone");
        WebElement row = browser.findElement(By.id("note-" + id)).findElement(By.xpath("./ancestor::tr"));
        Browser.screenshot(browser, "console-queues");
        row.findElement(By.cssSelector("button.lift")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "已保存"));
        given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/disputes/" + id)
                .then()
                .body("status", org.hamcrest.Matchers.equalTo("LIFTED"))
                .body("resolvedBy", org.hamcrest.Matchers.equalTo("analyst-7"));
        JsonNode d = Screen.decide(kafka, clinic, Events.freshMobile(), System.currentTimeMillis());
        assertThat(d.get("decision").asText()).isEqualTo("ALLOW");
    }

    @Test
    void aViewerSeesNoWriteControls_andAForgedWriteIsRefused() {
        String fraudster = Events.freshMobile();
        blocklist(fraudster, "viewer test");
        String viewer = Tokens.viewer();
        signIn(viewer);
        assertThat(browser.findElement(By.cssSelector("a[href='#import']")).isDisplayed())
                .isFalse();
        openNumber(fraudster);
        assertThat(browser.findElement(By.id("block-form")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("dispute-form")).isDisplayed()).isFalse();
        Object status = browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/v1/blocklist/numbers/' + encodeURIComponent(arguments[0]) + '?reason=forged',"
                        + " {method: 'DELETE', headers: {Authorization: 'Bearer ' + sessionStorage.getItem("
                        + "'callguard.console.token')}}).then(r => done(r.status));",
                fraudster);
        assertThat(status).isEqualTo(403L);
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/blocklist/numbers/" + fraudster)
                .then()
                .statusCode(200);
        Browser.screenshot(browser, "console-viewer");
    }

    @Test
    void switchLanguage_andEveryControlHasALabel() {
        signIn(Tokens.analyst());
        assertThat(browser.findElement(By.cssSelector("a[href='#number']")).getText())
                .isEqualTo("号码");
        browser.findElement(By.id("lang")).click();
        assertThat(browser.findElement(By.cssSelector("a[href='#number']")).getText())
                .isEqualTo("Number");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        browser.get(console + "#explain");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("x-caller")));
        browser.findElement(By.id("x-caller")).sendKeys("110");
        browser.findElement(By.id("x-callee")).sendKeys(Events.freshMobile());
        browser.findElement(By.id("x-origin")).sendKeys("International");
        browser.findElement(By.cssSelector("#explain-form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("x-decision"), "SPOOFED_NUMBER"));
        Browser.screenshot(browser, "console-explain-en");
        Object unlabelled = browser.executeScript("return [...document.querySelectorAll('input,select,textarea')]"
                + ".filter(e => e.labels.length === 0).map(e => e.id)");
        assertThat((List<?>) unlabelled).isEmpty();
        browser.findElement(By.id("lang")).click();
        assertThat(browser.findElement(By.cssSelector("a[href='#number']")).getText())
                .isEqualTo("号码");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real browser: Debian's headless Chromium driven through chromium-driver. The whole
 * flow from the start page to a verified key, the errors a person can meet, keyboard use, and the
 * layout at a phone's width. Screenshots land in docs/screenshots.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserFlowTest {

    private static final Pattern VERIFY_LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/verify[^\\s\"<]*");

    private Path dataDir;
    private EmbeddedServer server;
    private String base;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void startLatchkey() throws IOException {
        dataDir = Files.createTempDirectory("latchkey-browser");
        int port = Instances.freePort();
        base = "http://127.0.0.1:" + port;
        server = Instances.start(Map.of(
                "micronaut.server.port",
                port,
                "latchkey.public-url",
                base,
                "latchkey.data-dir",
                dataDir.toString(),
                "latchkey.limits.enabled",
                "false"));
    }

    @AfterAll
    void stopLatchkey() {
        server.close();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        browser = HeadlessChromium.open();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void aPersonGetsAndVerifiesAKeyThroughThePages() throws Exception {
        browser.get(base + "/");
        screenshot("start.png");
        browser.findElement(By.id("profile-button")).click();
        WebElement menu = browser.findElement(By.id("profile-menu"));
        assertThat(menu.isDisplayed()).isTrue();
        assertThat(menu.getText()).contains("I want an API key").contains("I already have an API key");
        assertThat(menu.findElements(By.cssSelector("[role=menuitem]")))
                .as("the menu holds the two choices of SPEC §1, nothing else")
                .hasSize(2);
        assertThat(browser.findElement(By.linkText("Manage integrations")).getAttribute("href"))
                .as("the start page's body leads to the consents page")
                .endsWith("/consents");
        menu.findElement(By.linkText("I want an API key")).click();

        wait.until(ExpectedConditions.urlToBe(base + "/request"));
        browser.findElement(By.id("name")).sendKeys("Jane Doe");
        browser.findElement(By.id("email")).sendKeys("jane.browser@shop.example");
        browser.findElement(By.id("send-request")).click();

        WebElement sent =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#request-message.ok")));
        assertThat(sent.getText())
                .isEqualTo("Check your email inbox for an email from EasyCommerce containing the API key.");
        screenshot("request-sent.png");

        String mail = awaitMailTo("jane.browser@shop.example");
        Matcher link = VERIFY_LINK.matcher(mail);
        assertThat(link.find()).as("the mail links to the verify page").isTrue();
        assertThat(link.group())
                .as("the link carries neither the key nor the address")
                .endsWith("/verify");
        String key = LatchkeyApi.keyIn(mail);

        browser.get(link.group());
        browser.findElement(By.id("email")).sendKeys("jane.browser@shop.example");
        browser.findElement(By.id("apiKey")).sendKeys(key);
        browser.findElement(By.id("verify")).click();

        WebElement verified =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#verify-message.ok")));
        assertThat(verified.getText()).contains("Your API key is verified");
        screenshot("verified.png");
    }

    @Test
    void aWrongKeyShowsAClearErrorThatRevealsNothing() throws Exception {
        browser.get(base + "/verify");
        browser.findElement(By.id("email")).sendKeys("nobody@shop.example");
        browser.findElement(By.id("apiKey")).sendKeys("eck_thisIsNotAKey");
        browser.findElement(By.id("verify")).click();

        WebElement error =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#verify-message.bad")));
        assertThat(error.getText()).isEqualTo("The email and API key do not match a key we issued.");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        screenshot("verify-error.png");
    }

    @Test
    void emptyNameAndBadEmailAreNamedBesideTheirFields() throws Exception {
        browser.get(base + "/request");
        browser.findElement(By.id("email")).sendKeys("not-an-email");
        browser.findElement(By.id("send-request")).click();

        WebElement nameError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name-error")));
        assertThat(nameError.getText()).isEqualTo("Name must not be blank.");
        assertThat(browser.findElement(By.id("email-error")).getText())
                .isEqualTo("Business email must be an email address like name@example.com.");
        assertThat(browser.findElement(By.id("name")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.switchTo().activeElement().getAttribute("id"))
                .as("focus moves to the first error")
                .isEqualTo("name");
        screenshot("request-errors.png");
    }

    @Test
    void theMenuWorksFromTheKeyboard() {
        browser.get(base + "/");
        WebElement profile = browser.findElement(By.id("profile-button"));
        profile.sendKeys(Keys.ENTER);

        assertThat(profile.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("I want an API key");
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        assertThat(browser.findElement(By.id("profile-menu")).isDisplayed()).isFalse();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("profile-button");
    }

    @Test
    void pagesFitAPhone() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("/", "/request", "/verify", "/consent", "/consents", "/privacy")) {
            browser.get(base + page);
            Long overflow = (Long) ((JavascriptExecutor) browser)
                    .executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("horizontal overflow on %s", page).isLessThanOrEqualTo(0L);
        }
        browser.get(base + "/request");
        int input = browser.findElement(By.id("email")).getSize().getWidth();
        int button = browser.findElement(By.id("send-request")).getSize().getWidth();
        assertThat(button).as("the button spans the form on a phone").isEqualTo(input);
        screenshot("phone-request.png");
        browser.get(base + "/");
        screenshot("phone-start.png");
    }

    private String awaitMailTo(String email) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            Path folder = dataDir.resolve("mail");
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file :
                            files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                        String mail = Files.readString(file, StandardCharsets.UTF_8);
                        if (PickupFolder.isTo(mail, email)) {
                            return mail;
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + email);
    }

    private void screenshot(String name) throws IOException {
        HeadlessChromium.screenshot(browser, name);
    }
}

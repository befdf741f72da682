package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The owner's pages of SPEC §8 and §9 in a real browser (Debian's headless Chromium, as {@link BrowserFlowTest}):
 * an owner approves or denies what an integration asks for from the link in the mail, a used link
 * says so, and the manage page lists what was allowed and withdraws it. Each outcome is checked
 * where it matters, in the integration's access check; the privacy page sends an export or erasure
 * link, downloads the owner's data and erases it. Screenshots land in docs/screenshots.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentPagesBrowserTest {

    private static final String ADMIN_TOKEN = "an-admin-token-for-the-consent-pages-0123456";
    /** A link in an owner mail: the page, and the one-time token in the fragment. */
    private final Set<String> tokensSeen = new HashSet<>();

    private Path dataDir;
    private EmbeddedServer server;
    private String base;
    private LatchkeyApi api;
    private ConsentClient consents;
    private Integration crm;
    private Integration newsletter;
    private WebDriver browser;
    private WebDriverWait wait;

    /** A registered integration and the secret it was given. */
    private record Integration(String id, String name, String secret) {}

    @BeforeAll
    void startLatchkey() throws Exception {
        dataDir = Files.createTempDirectory("latchkey-consent-browser");
        int port = Instances.freePort();
        base = "http://127.0.0.1:" + port;
        server = Instances.start(Map.of(
                "micronaut.server.port",
                port,
                "latchkey.public-url",
                base,
                "latchkey.data-dir",
                dataDir.toString(),
                "latchkey.admin.token",
                ADMIN_TOKEN,
                "latchkey.limits.enabled",
                "false"));
        api = new LatchkeyApi(server.getURL());
        consents = new ConsentClient(server.getURL());
        crm = register("acme-crm", "Acme CRM", "[\"orders:read\",\"customers:read\",\"owner:read\"]");
        newsletter = register("bird-news", "Bird Newsletters", "[\"customers:read\"]");
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
    void anOwnerApprovesFromTheMailAndTheIntegrationGetsTheScopes() throws Exception {
        String key = activeKey("approve.owner@shop.example");
        String link = consentLink("approve.owner@shop.example", crm, key, "orders:read", "customers:read");

        browser.get(link);
        wait.until(ExpectedConditions.textToBe(By.id("consent-title"), "Acme CRM asks for access to your store"));
        assertThat(browser.getCurrentUrl())
                .as("the token left the address bar at once")
                .isEqualTo(base + "/consent");
        assertThat(browser.findElements(By.cssSelector("#consent-scopes li")))
                .extracting(WebElement::getText)
                .containsExactlyInAnyOrder("see your orders orders:read", "see your customers customers:read");
        assertThat(browser.findElement(By.id("consent-expiry")).getText()).startsWith("This link works once, until ");
        assertThat(browser.findElement(By.id("deny")).isDisplayed()).isTrue();
        screenshot("consent-request.png");

        browser.findElement(By.id("approve")).click();

        WebElement granted =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#consent-message.ok")));
        assertThat(granted.getText()).startsWith("Access granted: Acme CRM can now see your ");
        assertThat(browser.findElement(By.id("approve")).isDisplayed())
                .as("the message replaces the buttons")
                .isFalse();
        screenshot("consent-granted.png");
        assertThat(accessScopes(crm, key)).containsExactlyInAnyOrder("orders:read", "customers:read");

        browser.get(base + "/");
        browser.get(link);
        assertLinkNotValid();
        assertThat(accessScopes(crm, key)).containsExactlyInAnyOrder("orders:read", "customers:read");
    }

    @Test
    void anOwnerDeniesAndTheIntegrationGetsNothingAndTheLinkIsSpent() throws Exception {
        String key = activeKey("deny.owner@shop.example");
        String link = consentLink("deny.owner@shop.example", crm, key, "orders:read");

        browser.get(link);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("deny"))).click();

        WebElement denied =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#consent-message.ok")));
        assertThat(denied.getText()).isEqualTo("Request denied: Acme CRM was given no access.");
        assertThat(accessScopes(crm, key)).isEmpty();

        // The same link again, in the same tab: only the fragment changes, so no page load.
        browser.get(link);
        assertLinkNotValid();
        assertThat(browser.findElement(By.id("approve")).isDisplayed()).isFalse();
        screenshot("consent-link-not-valid.png");
    }

    @Test
    void withoutATokenTheDecisionPageSaysTheLinkIsNotValid() {
        browser.get(base + "/consent");

        assertLinkNotValid();
    }

    @Test
    void aDecisionCanBeMadeWithTheKeyboardOnly() throws Exception {
        String key = activeKey("keyboard.owner@shop.example");
        String link = consentLink("keyboard.owner@shop.example", crm, key, "orders:read");

        browser.get(link);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("approve")));
        Actions keyboard = new Actions(browser);
        for (int presses = 0; presses < 10 && !"approve".equals(focused()); presses++) {
            keyboard.sendKeys(Keys.TAB).perform();
        }
        assertThat(focused()).as("Tab reaches Approve").isEqualTo("approve");
        keyboard.sendKeys(Keys.TAB).perform();
        assertThat(focused()).as("and then Deny").isEqualTo("deny");
        keyboard.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        keyboard.sendKeys(Keys.ENTER).perform();

        WebElement granted =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#consent-message.ok")));
        assertThat(granted.getText()).isEqualTo("Access granted: Acme CRM can now see your orders.");
        assertThat(focused()).as("focus moves to the message").isEqualTo("consent-message");
        assertThat(accessScopes(crm, key)).containsExactly("orders:read");
    }

    @Test
    void anOwnerAsksForAManageLinkAndSeesTheIntegrationsAllowed() throws Exception {
        String email = "manage.owner@shop.example";
        String key = activeKey(email);
        approve(consentLink(email, crm, key, "orders:read", "owner:read"));
        approve(consentLink(email, newsletter, key, "customers:read"));

        browser.get(base + "/consents");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("send-link")).click();
        WebElement sent =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#owner-link-message.ok")));
        assertThat(sent.getText())
                .isEqualTo("If this email has an API key, we sent it a link to manage the integrations you allowed."
                        + " The link works for 30 minutes.");

        browser.get(base + "/consents#" + awaitToken(email, "consents"));

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#consent-list > li"), 2));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/consents");
        assertThat(browser.findElement(By.id("owner-link-form")).isDisplayed()).isFalse();
        WebElement acme = entry("acme-crm");
        assertThat(acme.findElement(By.tagName("h2")).getText()).isEqualTo("Acme CRM");
        assertThat(acme.findElements(By.cssSelector(".scopes li")))
                .extracting(WebElement::getText)
                .containsExactlyInAnyOrder(
                        "see your orders orders:read", "see your name and business email owner:read");
        assertThat(acme.getText()).contains("Given on ");
        assertThat(entry("bird-news").getText()).contains("Bird Newsletters", "see your customers");
        screenshot("consents-manage.png");
    }

    @Test
    void anOwnerWithdrawsAndTheIntegrationLosesItsAccess() throws Exception {
        String email = "withdraw.owner@shop.example";
        String key = activeKey(email);
        approve(consentLink(email, crm, key, "orders:read"));
        approve(consentLink(email, newsletter, key, "customers:read"));
        assertThat(consents.ownerLink(email).statusCode()).isEqualTo(202);

        browser.get(base + "/consents#" + awaitToken(email, "consents"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#consent-list > li"), 2));
        entry("acme-crm").findElement(By.tagName("button")).click();

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#consent-list > li"), 1));
        assertThat(browser.findElement(By.cssSelector("#consents-message.ok")).getText())
                .isEqualTo("Acme CRM no longer has access.");
        assertThat(entry("bird-news").isDisplayed()).isTrue();
        screenshot("consents-withdrawn.png");
        assertThat(accessScopes(crm, key)).isEmpty();
        assertThat(accessScopes(newsletter, key)).containsExactly("customers:read");

        entry("bird-news").findElement(By.tagName("button")).click();
        WebElement empty = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("consents-empty")));
        assertThat(empty.getText()).isEqualTo("You have not allowed any integration.");
        assertThat(accessScopes(newsletter, key)).isEmpty();
    }

    @Test
    void aManageLinkNoLongerValidShowsTheEmailFormAgain() {
        browser.get(base + "/consents#ecl_" + "x".repeat(38));

        WebElement message =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#consents-message.bad")));
        assertThat(message.getText()).isEqualTo("This link is no longer valid: ask for a new one.");
        assertThat(browser.findElement(By.id("owner-link-form")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("consents")).isDisplayed()).isFalse();
    }

    @Test
    void aBadEmailIsNamedBesideItsField() {
        browser.get(base + "/consents");
        browser.findElement(By.id("email")).sendKeys("not-an-email");
        browser.findElement(By.id("send-link")).click();

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email-error")));
        assertThat(error.getText()).startsWith("Email ");
        assertThat(browser.findElement(By.id("email")).getAttribute("aria-invalid"))
                .isEqualTo("true");
    }

    @Test
    void theConsentPagesFitAPhone() throws Exception {
        String key = activeKey("phone.owner@shop.example");
        String link = consentLink("phone.owner@shop.example", crm, key, "orders:read", "customers:read", "owner:read");
        browser.manage().window().setSize(new Dimension(390, 844));

        browser.get(link);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("approve")));
        assertThat(horizontalOverflow()).as("overflow on /consent").isLessThanOrEqualTo(0L);
        int approve = browser.findElement(By.id("approve")).getSize().getWidth();
        assertThat(browser.findElement(By.id("deny")).getSize().getWidth())
                .as("both buttons span the card on a phone")
                .isEqualTo(approve);
        screenshot("phone-consent-request.png");
        browser.get(base + "/consents");
        assertThat(horizontalOverflow()).as("overflow on /consents").isLessThanOrEqualTo(0L);
    }

    @Test
    void anOwnerAsksForAnExportLinkAndDownloadsTheirDataOnce() throws Exception {
        String email = "export.owner@shop.example";
        activeKey(email);

        browser.get(base + "/privacy");
        assertThat(browser.findElement(By.cssSelector("input[name='purpose'][value='EXPORT']"))
                        .isSelected())
                .isTrue();
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("send-privacy-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("privacy-link-message"), "If this email has an API key, we sent it a link."));
        String token = awaitToken(email, "privacy/export");

        browser.get(base + "/privacy/export#" + token);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("export-section")));
        assertThat(browser.getCurrentUrl())
                .as("the token left the address bar at once")
                .isEqualTo(base + "/privacy/export");
        assertThat(browser.findElement(By.id("privacy-link-form")).isDisplayed())
                .isFalse();
        assertThat(browser.findElement(By.id("erase-section")).isDisplayed()).isFalse();
        screenshot("privacy-export.png");
        browser.findElement(By.id("download")).click();

        WebElement done =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#privacy-message.ok")));
        assertThat(done.getText())
                .matches("Your data was downloaded: 1 request, 1 key, 0 integrations allowed and [1-9]\\d*"
                        + " recorded events?\\. The link is used up\\.");
        assertThat(browser.findElement(By.id("export-section")).isDisplayed()).isFalse();
        assertThat(consents.export(token).statusCode())
                .as("the link is used up")
                .isEqualTo(410);
    }

    @Test
    void anOwnerErasesTheirDataOnlyAfterSayingTheyUnderstandAndTheKeyStopsWorking() throws Exception {
        String email = "erase.owner@shop.example";
        String key = activeKey(email);

        browser.get(base + "/privacy");
        browser.findElement(By.cssSelector("input[name='purpose'][value='ERASE']"))
                .click();
        browser.findElement(By.id("email")).sendKeys(email);
        screenshot("privacy-ask.png");
        browser.findElement(By.id("send-privacy-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("privacy-link-message"), "If this email has an API key, we sent it a link."));
        String token = awaitToken(email, "privacy/erase");

        browser.get(base + "/privacy/erase#" + token);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-section")));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/privacy/erase");
        WebElement erase = browser.findElement(By.id("erase"));
        assertThat(erase.isEnabled())
                .as("not before the owner says they understand")
                .isFalse();
        browser.findElement(By.id("erase-understood")).click();
        assertThat(erase.isEnabled()).isTrue();
        screenshot("privacy-erase.png");
        erase.click();

        WebElement done =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#privacy-message.ok")));
        assertThat(done.getText())
                .isEqualTo("Your data was erased. 1 API key was revoked. We mailed you a confirmation.");
        screenshot("privacy-erased.png");
        assertThat(api.verify(email, key).statusCode()).isEqualTo(401);

        browser.get(base + "/privacy/erase#" + token);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-section")));
        browser.findElement(By.id("erase-understood")).click();
        browser.findElement(By.id("erase")).click();
        WebElement refused =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#privacy-message.bad")));
        assertThat(refused.getText()).isEqualTo("This link is no longer valid: ask for a new one.");
        assertThat(browser.findElement(By.id("privacy-link-form")).isDisplayed())
                .isTrue();
    }

    private void assertLinkNotValid() {
        WebElement message =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#consent-message.bad")));
        assertThat(message.getText())
                .isEqualTo("This link is no longer valid. A consent link works once and for 72 hours:"
                        + " to give access, ask the integration to request it again.");
        assertThat(message.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.findElement(By.id("consent-title")).getText()).isEqualTo("This link is no longer valid");
    }

    private WebElement entry(String integrationId) {
        return browser.findElement(By.cssSelector("#consent-list > li[data-integration='" + integrationId + "']"));
    }

    private String focused() {
        return browser.switchTo().activeElement().getAttribute("id");
    }

    private Long horizontalOverflow() {
        return (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    }

    private Integration register(String id, String name, String scopes) throws Exception {
        HttpResponse<String> registered = new AdminClient(server.getURL(), ADMIN_TOKEN)
                .post("/integrations", "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"scopes\":" + scopes + "}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return new Integration(id, name, (String) json(registered.body()).get("secret"));
    }

    /** Requests a key for {@code email}, takes it from the pickup folder, verifies it, and answers it. */
    private String activeKey(String email) throws Exception {
        HttpResponse<String> accepted = api.requestKey("Owner", email);
        assertThat(api.awaitStatus(LatchkeyApi.requestIdOf(accepted), "SENT").body())
                .contains("\"SENT\"");
        String key = new PickupFolder(dataDir).newestKeyFor(email);
        assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
        return key;
    }

    /** The integration asks for {@code scopes}; answers the decision page's link from the mail the owner gets. */
    private String consentLink(String email, Integration integration, String key, String... scopes) throws Exception {
        HttpResponse<String> requested = consents.requestConsent(integration.id(), integration.secret(), key, scopes);
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        return base + "/consent#" + awaitToken(email, "consent");
    }

    /** Decides through the API, as another tab would. */
    private void approve(String link) throws Exception {
        HttpResponse<String> decided = consents.decide(link.substring(link.indexOf('#') + 1), "APPROVE");
        assertThat(decided.body()).contains("\"GRANTED\"");
    }

    /** The scopes the integration's access check answers for the key. */
    @SuppressWarnings("unchecked")
    private List<String> accessScopes(Integration integration, String key) throws Exception {
        HttpResponse<String> access = consents.access(integration.id(), integration.secret(), key);
        assertThat(access.statusCode()).as(access.body()).isEqualTo(200);
        return (List<String>) json(access.body()).get("scopes");
    }

    /** The token of the newest not yet seen link to {@code page} in a mail to {@code email}. */
    private String awaitToken(String email, String page) {
        String token = await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> newToken(email, page), Optional::isPresent)
                .orElseThrow();
        tokensSeen.add(token);
        return token;
    }

    private Optional<String> newToken(String email, String page) throws Exception {
        for (String mail : new PickupFolder(dataDir).linkMailsTo(email, page).reversed()) {
            Matcher link = ConsentClient.LINK.matcher(mail);
            while (link.find()) {
                if (link.group(1).equals(page) && !tokensSeen.contains(link.group(2))) {
                    return Optional.of(link.group(2));
                }
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> json(String body) throws IOException {
        return server.getApplicationContext()
                .getBean(JsonMapper.class)
                .readValue(body, Argument.mapOf(String.class, Object.class));
    }

    private void screenshot(String name) throws IOException {
        HeadlessChromium.screenshot(browser, name);
    }
}

package com.latchkey.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.KeyHint;
import com.latchkey.domain.LinkPurpose;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SMTP transport against a real SMTP server in this JVM, and against servers that fail. */
class SmtpKeyMailAdapterTest {

    /** A hand-over deadline no test reaches. */
    private static final Instant LATER = Instant.now().plus(Duration.ofHours(1));

    private static final KeyMailOutcome SENT = new KeyMailOutcome.Sent();

    @RegisterExtension
    static GreenMailExtension smtpServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @RegisterExtension
    static GreenMailExtension smtpsServer = new GreenMailExtension(TestMailServers.smtps());

    /** A plain-text SMTP context: the test servers above offer no STARTTLS. */
    private static ApplicationContext smtpContext(int port, String timeout) {
        return smtpContext(port, timeout, Map.of("latchkey.smtp.tls", "none"));
    }

    private static ApplicationContext smtpContext(int port, String timeout, Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "latchkey.adapters.mail", "smtp",
                "latchkey.smtp.host", "127.0.0.1",
                "latchkey.smtp.port", port,
                "latchkey.smtp.timeout", timeout,
                "latchkey.brand", "Acme Shops",
                "latchkey.mail.from", "keys@acme.example",
                "latchkey.public-url", "https://keys.acme.example/"));
        settings.putAll(more);
        return ApplicationContext.run(settings);
    }

    @Test
    void deliversAMultipartTextAndHtmlMailHoldingTheKey() throws Exception {
        KeyMail mail = KeyMails.to("jane.doe@shop.example");
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s")) {
            assertThat(context.getBean(SendKeyMailPort.class).send(List.of(mail), LATER))
                    .containsExactly(SENT);
        }

        MimeMessage[] received = smtpServer.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("jane.doe@shop.example"));
        assertThat(message.getHeader("To", null))
                .as("the bare address: a display name would be words the requester chose")
                .isEqualTo("jane.doe@shop.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("keys@acme.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Acme Shops");
        assertThat(message.getSubject()).isEqualTo("Your Acme Shops API key");
        assertThat(message.getContentType()).startsWith("multipart/");

        Map<String, String> parts = KeyMails.parts(message);
        assertThat(parts).containsKeys("text/plain", "text/html");
        assertThat(parts.get("text/plain"))
                .contains(mail.key().reveal())
                .containsPattern("open https://keys\\.acme\\.example/verify\\s")
                .contains("2026-11-28 10:15 UTC")
                .contains("Keep your API key private. Do not share it with anyone.")
                .startsWith("Hello,");
        assertThat(parts.get("text/html"))
                .contains(mail.key().reveal())
                .contains("href=\"https://keys.acme.example/verify\"")
                .contains("Keep your API key private. Do not share it with anyone.")
                .contains("<p>Hello,</p>");
        assertThat(parts.values())
                .as("the address is in the To: header only, not in the link or the text")
                .allSatisfy(part -> assertThat(part).doesNotContain("jane.doe"));
    }

    @Test
    void deliversAnOwnerNoticeInTheBrandsWordsWithTheLinkToANewKey() throws Exception {
        OwnerNotice notice = new OwnerNotice(
                EmailAddress.of("jane.doe@shop.example"),
                new KeyHint("eck_Ab3x"),
                KeyMails.VERIFY_BEFORE,
                OwnerNotice.Reason.REVOKED_BY_OPERATOR,
                Optional.empty());
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s")) {
            context.getBean(SendOwnerNoticePort.class).send(notice);
        }

        MimeMessage message = smtpServer.getReceivedMessages()[0];
        assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("jane.doe@shop.example"));
        assertThat(message.getHeader("To", null)).isEqualTo("jane.doe@shop.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("keys@acme.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Acme Shops");
        assertThat(message.getSubject()).isEqualTo("Acme Shops: your API key eck_Ab3x… was revoked");
        Map<String, String> parts = KeyMails.parts(message);
        assertThat(parts.get("text/plain").replace("\r\n", "\n"))
                .contains("your Acme Shops API key eck_Ab3x… was revoked at 2026-11-28 10:15 UTC.")
                .contains("An operator of Acme Shops revoked it.")
                .contains("Every integration that uses this key has stopped working")
                .contains("A new key is one request away: https://keys.acme.example/request\n")
                .doesNotContain("found");
        assertThat(parts.get("text/html"))
                .contains("<code>eck_Ab3x…</code>")
                .contains("href=\"https://keys.acme.example/request\"")
                .contains("<p>Hello,</p>");
        assertThat(parts.values())
                .as("the address is in the To: header only")
                .allSatisfy(part -> assertThat(part).doesNotContain("jane.doe"));
    }

    @Test
    void aLeakNoticeShowsWhereTheKeyWasFoundEscapedAndNotAsALink() throws Exception {
        URI foundAt = URI.create("https://github.com/acme/shop/blob/main/.env?plain=1&x='y'#L3");
        OwnerNotice notice = new OwnerNotice(
                EmailAddress.of("jane@shop.example"),
                new KeyHint("eck_Ab3x"),
                KeyMails.VERIFY_BEFORE,
                OwnerNotice.Reason.REPORTED_LEAKED,
                Optional.of(foundAt));
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s")) {
            context.getBean(SendOwnerNoticePort.class).send(notice);
        }

        Map<String, String> parts = KeyMails.parts(smtpServer.getReceivedMessages()[0]);
        assertThat(parts.get("text/plain").replace("\r\n", "\n"))
                .contains("A secret scanner reported it found in public")
                .contains("It was found at:\n\n    " + foundAt + "\n");
        assertThat(parts.get("text/html"))
                .contains("https://github.com/acme/shop/blob/main/.env?plain=1&amp;x=&#39;y&#39;#L3")
                .doesNotContain(foundAt.toString())
                .doesNotContain("href=\"https://github.com");
    }

    @ParameterizedTest(name = "found at {0}")
    @ValueSource(
            strings = {
                "https://keys.acme.example@evil.example/login",
                "http:evil.example",
                "https:///no-host",
                "ftp://evil.example/leak"
            })
    void aPlaceThatIsNotAPlainWebAddressIsNotShown(String foundAt) throws Exception {
        OwnerNotice notice = new OwnerNotice(
                EmailAddress.of("jane@shop.example"),
                new KeyHint("eck_Ab3x"),
                KeyMails.VERIFY_BEFORE,
                OwnerNotice.Reason.REPORTED_LEAKED,
                Optional.of(URI.create(foundAt)));
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s")) {
            context.getBean(SendOwnerNoticePort.class).send(notice);
        }

        assertThat(KeyMails.parts(smtpServer.getReceivedMessages()[0]).values())
                .hasSize(2)
                .allSatisfy(part -> assertThat(part).doesNotContain("evil").doesNotContain("no-host"));
    }

    @Test
    void aNoticeTheServerRefusesThrowsNamingNeitherTheAddressNorTheServersWords() throws Exception {
        OwnerNotice notice = new OwnerNotice(
                EmailAddress.of("refused.owner@shop.example"),
                new KeyHint("eck_Ab3x"),
                KeyMails.VERIFY_BEFORE,
                OwnerNotice.Reason.REVOKED_BY_OPERATOR,
                Optional.empty());
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort()).refusing("refused.owner@shop.example");
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            SendOwnerNoticePort notices = context.getBean(SendOwnerNoticePort.class);

            assertThatThrownBy(() -> notices.send(notice))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("owner notice to r***@shop.example not sent: ")
                    .hasNoCause()
                    .message()
                    .doesNotContain("refused.owner");
        }
        assertThat(smtpServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void deliversAConsentMailNamingTheIntegrationAndEachScopeWithTheTokenOnlyInTheLinksFragment() throws Exception {
        OwnerLinkMail mail = KeyMails.linkTo(
                "jane.doe@shop.example",
                LinkPurpose.CONSENT,
                Optional.of(new IntegrationName("Tom & Jerry's <CRM>")),
                List.of(
                        new OwnerLinkMail.AskedScope("orders:read", "see your orders"),
                        new OwnerLinkMail.AskedScope("customers:read", "see <your> customers & \"leads\"")));
        String token = mail.token().reveal();
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s")) {
            context.getBean(SendOwnerLinkPort.class).send(mail);
        }

        MimeMessage message = smtpServer.getReceivedMessages()[0];
        assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("jane.doe@shop.example"));
        assertThat(message.getHeader("To", null)).isEqualTo("jane.doe@shop.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Acme Shops");
        assertThat(message.getSubject()).isEqualTo("Acme Shops: Tom & Jerry's <CRM> asks for access to your store");
        assertThat(message.getContentType()).startsWith("multipart/");
        Map<String, String> parts = KeyMails.parts(message);
        assertThat(parts.get("text/plain").replace("\r\n", "\n"))
                .startsWith("Hello,\n\nthe integration Tom & Jerry's <CRM> asks for access to your Acme Shops store.")
                .contains("  - see your orders (orders:read)\n  - see <your> customers & \"leads\" (customers:read)\n")
                .contains("To approve or deny, open:\n\n    https://keys.acme.example/consent#" + token + "\n")
                .contains("The link works once, until 2026-11-30 10:15 UTC.")
                .contains("If you ignore this mail, nothing changes: Tom & Jerry's <CRM> gets no access.");
        assertThat(parts.get("text/html"))
                .contains("<p>Hello,</p>")
                .contains("href=\"https://keys.acme.example/consent#" + token + "\"")
                .contains("Tom &amp; Jerry&#39;s &lt;CRM&gt;")
                .contains("<li>see &lt;your&gt; customers &amp; &quot;leads&quot; <small>(customers:read)</small></li>")
                .as("what the operator configured is shown, never as markup")
                .doesNotContain("<CRM>", "<your>");
        assertThat(parts.values())
                .as("the token once per part, in the link's fragment; the address in the To: header only")
                .allSatisfy(part -> assertThat(part)
                        .containsOnlyOnce(token)
                        .contains("/consent#" + token)
                        .doesNotContain("jane.doe"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "MANAGE_CONSENTS | /consents | Acme Shops: manage the integrations you allowed    | The link works until",
                "EXPORT          | /privacy/export | Acme Shops: your data export link                 | The link works once, until",
                "ERASE           | /privacy/erase  | Acme Shops: confirm erasing your data             | The link works once, until"
            })
    void eachOwnerLinkLeadsToItsPageInTheBrandsWords(LinkPurpose purpose, String page, String subject, String validity)
            throws Exception {
        OwnerLinkMail mail = KeyMails.linkTo("jane.doe@shop.example", purpose, Optional.empty(), List.of());
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s")) {
            context.getBean(SendOwnerLinkPort.class).send(mail);
        }

        MimeMessage message = smtpServer.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo(subject);
        Map<String, String> parts = KeyMails.parts(message);
        assertThat(parts.get("text/plain").replace("\r\n", "\n"))
                .contains("\n    https://keys.acme.example" + page + "#"
                        + mail.token().reveal() + "\n")
                .contains(validity + " 2026-11-30 10:15 UTC.")
                .contains("If you did not ask for this link, ignore this mail: nothing changes.");
        assertThat(parts.get("text/html"))
                .contains("href=\"https://keys.acme.example" + page + "#"
                        + mail.token().reveal() + "\"");
    }

    @Test
    void aLinkMailTheServerRefusesThrowsNamingNeitherTheAddressNorTheToken() throws Exception {
        OwnerLinkMail mail =
                KeyMails.linkTo("refused.owner@shop.example", LinkPurpose.MANAGE_CONSENTS, Optional.empty(), List.of());
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort()).refusing("refused.owner@shop.example");
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            SendOwnerLinkPort links = context.getBean(SendOwnerLinkPort.class);

            assertThatThrownBy(() -> links.send(mail))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("owner link (MANAGE_CONSENTS) to r***@shop.example not sent: ")
                    .hasNoCause()
                    .message()
                    .doesNotContain("refused.owner")
                    .doesNotContain(mail.token().reveal());
        }
        assertThat(smtpServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void implicitTlsDeliversToAnSmtpsServer() throws Exception {
        KeyMail mail = KeyMails.to("jane@shop.example");
        try (ApplicationContext context = smtpContext(
                smtpsServer.getSmtps().getPort(),
                "5s",
                Map.of("latchkey.smtp.tls", "implicit", "test.smtp.trust-test-certificate", "true"))) {
            assertThat(context.getBean(SendKeyMailPort.class).send(List.of(mail), LATER))
                    .containsExactly(SENT);
        }

        assertThat(smtpsServer.getReceivedMessages())
                .singleElement()
                .satisfies(message -> assertThat(KeyMails.parts(message).get("text/plain"))
                        .contains(mail.key().reveal()));
    }

    @Test
    void implicitTlsRefusesACertificateThatIsNotTrusted() throws Exception {
        try (ApplicationContext context =
                smtpContext(smtpsServer.getSmtps().getPort(), "5s", Map.of("latchkey.smtp.tls", "implicit"))) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);

            assertThat(transport.send(List.of(KeyMails.to("jane@shop.example")), LATER))
                    .singleElement()
                    .isInstanceOf(KeyMailOutcome.NotSent.class);
        }
        assertThat(smtpsServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void byDefaultAServerWithoutStartTlsGetsNoMailInClear() throws Exception {
        Map<String, Object> noTlsSetting = Map.of();
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s", noTlsSetting)) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);

            assertThat(transport.send(List.of(KeyMails.to("jane@shop.example")), LATER))
                    .singleElement()
                    .isInstanceOfSatisfying(
                            KeyMailOutcome.NotSent.class,
                            notSent -> assertThat(notSent.reason()).isNotBlank().doesNotContain("jane"));
        }
        assertThat(smtpServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void unknownTlsModeStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> smtpContext(smtpServer.getSmtp().getPort(), "5s", Map.of("latchkey.smtp.tls", "ssl"))
                        .close())
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("LATCHKEY_SMTP_TLS must be starttls, implicit or none, not 'ssl'");
    }

    @Test
    void aTimeoutLongerThanAQuarterOfTheLeaseStopsTheStart() {
        assertThatThrownBy(() -> smtpContext(
                                smtpServer.getSmtp().getPort(),
                                "10s",
                                Map.of("latchkey.smtp.tls", "none", "latchkey.delivery.lease", "PT39S"))
                        .close())
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "LATCHKEY_SMTP_TIMEOUT (PT10S) must be at most a quarter of LATCHKEY_DELIVERY_LEASE (PT39S):"
                                + " a mail begun at half the lease must be answered and settled before it ends");
        try (ApplicationContext context = smtpContext(
                smtpServer.getSmtp().getPort(),
                "10s",
                Map.of("latchkey.smtp.tls", "none", "latchkey.delivery.lease", "PT40S"))) {
            assertThat(context.getBean(SendKeyMailPort.class)).isNotNull();
        }
    }

    @Test
    void aBatchTravelsOverOneConnection() throws Exception {
        List<KeyMail> batch = mailsTo(
                "ann@shop.example", "bob@shop.example", "cy@shop.example", "dee@shop.example", "eve@shop.example");
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort());
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            List<KeyMailOutcome> outcomes =
                    context.getBean(SendKeyMailPort.class).send(batch, LATER);

            assertThat(outcomes).containsExactly(SENT, SENT, SENT, SENT, SENT);
            assertThat(relay.connectionsCarryingMail())
                    .as("all five mails over one connection")
                    .containsExactly(5);
        }
        assertThat(recipientsReceived())
                .containsExactly(
                        "ann@shop.example",
                        "bob@shop.example",
                        "cy@shop.example",
                        "dee@shop.example",
                        "eve@shop.example");
        assertThat(keysReceived())
                .as("each mail holds its own key")
                .containsExactlyElementsOf(
                        batch.stream().map(mail -> mail.key().reveal()).toList());
    }

    @Test
    void aRefusedRecipientFailsOnlyItsOwnMail() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort()).refusing("nobody@shop.example");
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            List<KeyMailOutcome> outcomes = context.getBean(SendKeyMailPort.class)
                    .send(mailsTo("ann@shop.example", "nobody@shop.example", "cy@shop.example"), LATER);

            assertThat(outcomes.get(0)).isEqualTo(SENT);
            assertThat(outcomes.get(1))
                    .isInstanceOfSatisfying(
                            KeyMailOutcome.NotSent.class,
                            notSent -> assertThat(notSent.reason())
                                    .contains("SMTPAddressFailedException")
                                    .doesNotContain("nobody"));
            assertThat(outcomes.get(2)).isEqualTo(SENT);
            assertThat(relay.connectionsCarryingMail())
                    .as("the session goes on after the refusal")
                    .containsExactly(3);
        }
        assertThat(recipientsReceived()).containsExactly("ann@shop.example", "cy@shop.example");
    }

    @Test
    void aConnectionLostMidBatchFailsTheMailUnderWayAndTheRest() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort()).droppingAtMail(3);
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            List<KeyMailOutcome> outcomes = context.getBean(SendKeyMailPort.class)
                    .send(
                            mailsTo(
                                    "ann@shop.example",
                                    "bob@shop.example",
                                    "cy@shop.example",
                                    "dee@shop.example",
                                    "eve@shop.example"),
                            LATER);

            assertThat(outcomes.subList(0, 2)).containsExactly(SENT, SENT);
            assertThat(outcomes.subList(2, 5))
                    .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(KeyMailOutcome.NotSent.class));
            assertThat(relay.connectionsCarryingMail())
                    .as("no second connection for the rest of the batch: they wait for their own retry")
                    .containsExactly(3);
        }
        assertThat(recipientsReceived()).containsExactly("ann@shop.example", "bob@shop.example");
    }

    @Test
    void noMailIsBegunOnceTheHandOverDeadlineHasPassed() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort()).delayingEachMail(Duration.ofMillis(1500));
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            List<KeyMailOutcome> outcomes = context.getBean(SendKeyMailPort.class)
                    .send(
                            mailsTo("ann@shop.example", "bob@shop.example", "cy@shop.example", "dee@shop.example"),
                            Instant.now().plusSeconds(2));

            int sent = outcomes.indexOf(new KeyMailOutcome.NotBegun());
            assertThat(sent).as("the first mail goes, the last is not begun").isBetween(1, 3);
            assertThat(outcomes.subList(0, sent)).containsOnly(SENT);
            assertThat(outcomes.subList(sent, 4)).containsOnly(new KeyMailOutcome.NotBegun());
            assertThat(smtpServer.getReceivedMessages()).hasSize(sent);
        }
    }

    @Test
    void eachOutcomeIsToldBeforeTheNextMailIsBegun() throws Exception {
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s")) {
            List<Integer> receivedWhenTold = new ArrayList<>();

            context.getBean(SendKeyMailPort.class)
                    .send(mailsTo("ann@shop.example", "bob@shop.example", "cy@shop.example"), LATER, outcome -> {
                        assertThat(outcome).isEqualTo(SENT);
                        receivedWhenTold.add(smtpServer.getReceivedMessages().length);
                    });

            assertThat(receivedWhenTold).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aFailureOfTheCallerEndsTheHandOverAndReachesIt() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort());
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            IllegalStateException settlingFailed = new IllegalStateException("database down");

            assertThatThrownBy(() -> context.getBean(SendKeyMailPort.class)
                            .send(mailsTo("ann@shop.example", "bob@shop.example"), LATER, outcome -> {
                                throw settlingFailed;
                            }))
                    .isSameAs(settlingFailed);

            assertThat(recipientsReceived()).containsExactly("ann@shop.example");
        }
    }

    @Test
    void aConnectionThatTakesTheWholeWindowFailsTheBatchAsAnAttempt() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort()).delayingHello(Duration.ofMillis(1500));
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            List<KeyMailOutcome> outcomes = context.getBean(SendKeyMailPort.class)
                    .send(
                            mailsTo("ann@shop.example", "bob@shop.example"),
                            Instant.now().plusSeconds(1));

            assertThat(outcomes)
                    .as("not merely not begun: released without an attempt, they would be claimed and released again"
                            + " at once, for ever")
                    .containsOnly(new KeyMailOutcome.NotSent("SlowConnection"))
                    .hasSize(2);
        }
        assertThat(smtpServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void aBatchWhoseDeadlineHasPassedOpensNoConnection() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(smtpServer.getSmtp().getPort());
                ApplicationContext context = smtpContext(relay.port(), "5s")) {
            List<KeyMailOutcome> outcomes = context.getBean(SendKeyMailPort.class)
                    .send(List.of(KeyMails.to("ann@shop.example"), KeyMails.to("bob@shop.example")), Instant.now());

            assertThat(outcomes).containsOnly(new KeyMailOutcome.NotBegun()).hasSize(2);
            assertThat(relay.connectionsCarryingMail()).isEmpty();
        }
        assertThat(smtpServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void serverThatIsDownFailsTheBatchWithoutRevealingTheRecipient() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (ApplicationContext context = smtpContext(closedPort, "2s")) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);

            List<KeyMailOutcome> outcomes =
                    transport.send(List.of(KeyMails.to("jane@shop.example"), KeyMails.to("joe@shop.example")), LATER);

            assertThat(outcomes)
                    .hasSize(2)
                    .allSatisfy(outcome -> assertThat(outcome)
                            .isInstanceOfSatisfying(
                                    KeyMailOutcome.NotSent.class,
                                    notSent -> assertThat(notSent.reason())
                                            .contains("ConnectException")
                                            .doesNotContain("jane")
                                            .doesNotContain("joe")));
        }
    }

    @Test
    void serverThatNeverAnswersFailsWithinTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            try (ApplicationContext context = smtpContext(silent.getLocalPort(), "1s")) {
                SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);
                List<KeyMail> batch = mailsTo(
                        "ann@shop.example",
                        "bob@shop.example",
                        "cy@shop.example",
                        "dee@shop.example",
                        "eve@shop.example");
                long started = System.nanoTime();

                assertThat(transport.send(batch, LATER))
                        .hasSize(5)
                        .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(KeyMailOutcome.NotSent.class));

                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("the batch gives up after the one timeout, not one per mail")
                        .isLessThan(Duration.ofSeconds(4));
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** The recipients of the mails the test server received, in the order it received them. */
    private static List<String> recipientsReceived() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (MimeMessage message : smtpServer.getReceivedMessages()) {
            recipients.add(((InternetAddress) message.getAllRecipients()[0]).getAddress());
        }
        return recipients;
    }

    private static List<String> keysReceived() throws Exception {
        List<String> keys = new ArrayList<>();
        for (MimeMessage message : smtpServer.getReceivedMessages()) {
            Matcher key = Pattern.compile("eck_[0-9A-Za-z]{38}")
                    .matcher(KeyMails.parts(message).get("text/plain"));
            keys.add(key.find() ? key.group() : null);
        }
        return keys;
    }

    /** A batch of key mails, one to each address, in this order. */
    private static List<KeyMail> mailsTo(String... addresses) {
        return Arrays.stream(addresses).map(KeyMails::to).toList();
    }
}

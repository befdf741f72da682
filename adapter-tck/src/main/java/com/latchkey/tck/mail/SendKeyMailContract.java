package com.latchkey.tck.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.out.ErasureNotice;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.KeyHint;
import com.latchkey.domain.LinkPurpose;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every mail adapter (the {@code LATCHKEY_ADAPTERS_MAIL} family) must do, as the port
 * {@link SendKeyMailPort} says: each mail reaches its own recipient with its own key, outcomes are
 * told in order before the next mail is begun, nothing is begun after the hand-over deadline, a
 * destination that is down fails every mail without naming its recipient, and a failure of the
 * caller ends the hand-over. The same adapter sends owner notices ({@link SendOwnerNoticePort}): a
 * notice reaches its owner with the key's hint, the day and the reason, in the brand's words only
 * (the recipient's address is never echoed in what the reader sees); a leak notice says where the
 * key was found when that is an http(s) URL, and never shows any other kind of address; a
 * destination that is down makes the send throw, without naming the recipient. It sends owner-link
 * mails too ({@link SendOwnerLinkPort}): a consent mail names the integration and each scope's words
 * and says the day its link stops working; the token appears nowhere but in the fragment of a link
 * to its page ({@code /consent#…}, {@code /consents#…}, {@code /privacy/export#…}, {@code /privacy/erase#…}); a destination that is
 * down makes the send throw, naming neither the recipient nor the token. An adapter's test extends
 * this class with a working destination it can read back and one that is down, for each port
 * (usually the same adapter object, looked up by each port so that the bean is proven to offer it).
 */
public abstract class SendKeyMailContract {

    /** A mail as its destination received it. */
    public record ReceivedMail(String to, String content) {}

    private static final Instant LATER = Instant.now().plus(Duration.ofHours(1));
    private final SecureRandom random = new SecureRandom();

    /** The adapter, sending to a destination that works. */
    protected abstract SendKeyMailPort transport();

    /**
     * Every mail the working destination has received so far (from any test of the class): its
     * recipient and everything its reader sees (subject and every text part), decoded.
     */
    protected abstract List<ReceivedMail> received() throws Exception;

    /** The adapter, sending to a destination that is down (refuses connections, or is missing). */
    protected abstract SendKeyMailPort transportToADestinationThatIsDown();

    /** The adapter's owner notices, sent to the destination {@link #received()} reads back. */
    protected abstract SendOwnerNoticePort notices();

    /** The adapter's owner notices, sent to a destination that is down. */
    protected abstract SendOwnerNoticePort noticesToADestinationThatIsDown();

    /** The adapter's owner-link mails, sent to the destination {@link #received()} reads back. */
    /** The transport's confirmations of erasure, to the destination {@link #received()} reads. */
    protected abstract SendErasureNoticePort erasureNotices();

    protected abstract SendErasureNoticePort erasureNoticesToADestinationThatIsDown();

    protected abstract SendOwnerLinkPort links();

    /** The adapter's owner-link mails, sent to a destination that is down. */
    protected abstract SendOwnerLinkPort linksToADestinationThatIsDown();

    @Test
    void eachMailReachesItsOwnRecipientWithItsOwnKey() throws Exception {
        List<KeyMail> mails = List.of(mailTo("jane"), mailTo("joe"), mailTo("ann"));

        List<KeyMailOutcome> outcomes = transport().send(mails, LATER);

        assertThat(outcomes).containsOnly(new KeyMailOutcome.Sent()).hasSize(3);
        List<ReceivedMail> got = receivedFor(mails);
        assertThat(got).hasSize(3);
        for (KeyMail mail : mails) {
            assertThat(got)
                    .filteredOn(
                            received -> received.to().equalsIgnoreCase(mail.to().value()))
                    .singleElement()
                    .satisfies(received -> {
                        assertThat(received.content()).contains(mail.key().reveal());
                        for (KeyMail other : mails) {
                            if (other != mail) {
                                assertThat(received.content())
                                        .doesNotContain(other.key().reveal());
                            }
                        }
                    });
        }
    }

    @Test
    void eachOutcomeIsToldInOrderBeforeTheNextMailIsBegun() throws Exception {
        List<KeyMail> mails = List.of(mailTo("first"), mailTo("second"), mailTo("third"));
        List<Integer> receivedWhenTold = new ArrayList<>();

        transport().send(mails, LATER, outcome -> {
            try {
                receivedWhenTold.add(receivedFor(mails).size());
            } catch (Exception unreadable) {
                throw new IllegalStateException(unreadable);
            }
        });

        assertThat(receivedWhenTold)
                .as("mails received when each outcome was told: its own, and none after it")
                .containsExactly(1, 2, 3);
    }

    @Test
    void noMailIsBegunOnceTheHandOverDeadlineHasPassed() throws Exception {
        List<KeyMail> mails = List.of(mailTo("late"), mailTo("later"));

        List<KeyMailOutcome> outcomes = transport().send(mails, Instant.now().minusSeconds(1));

        assertThat(outcomes).containsExactly(new KeyMailOutcome.NotBegun(), new KeyMailOutcome.NotBegun());
        assertThat(receivedFor(mails)).isEmpty();
    }

    @Test
    void anEmptyBatchTellsNothing() {
        List<KeyMailOutcome> outcomes = transport().send(List.of(), LATER);

        assertThat(outcomes).isEmpty();
    }

    @Test
    void aDestinationThatIsDownFailsEveryMailWithoutNamingItsRecipientOrKey() {
        List<KeyMail> mails = List.of(mailTo("jane"), mailTo("joe"));

        List<KeyMailOutcome> outcomes = transportToADestinationThatIsDown().send(mails, LATER);

        assertThat(outcomes)
                .hasSize(2)
                .allSatisfy(outcome -> assertThat(outcome)
                        .isInstanceOfSatisfying(KeyMailOutcome.NotSent.class, notSent -> {
                            assertThat(notSent.reason()).isNotBlank();
                            for (KeyMail mail : mails) {
                                String address = mail.to().value();
                                assertThat(notSent.reason())
                                        .doesNotContain(address.substring(0, address.indexOf('@')))
                                        .doesNotContain(mail.key().reveal());
                            }
                        }));
    }

    @Test
    void aFailureOfTheCallerEndsTheHandOverAndReachesIt() throws Exception {
        List<KeyMail> mails = List.of(mailTo("told"), mailTo("never"));

        assertThatThrownBy(() -> transport().send(mails, LATER, outcome -> {
                    throw new IllegalStateException("the caller could not settle the outcome");
                }))
                .hasMessage("the caller could not settle the outcome");

        assertThat(receivedFor(mails))
                .as("the mail after the failure is never begun")
                .extracting(ReceivedMail::to)
                .containsExactly(mails.getFirst().to().value());
    }

    @Test
    void aNoticeOfAnOperatorsRevocationReachesItsOwnerWithTheHintAndTheBrandsWordsOnly() throws Exception {
        OwnerNotice notice = noticeTo("owner", OwnerNotice.Reason.REVOKED_BY_OPERATOR, Optional.empty());

        notices().send(notice);

        ReceivedMail got = receivedFor(notice);
        String address = notice.to().value();
        assertThat(got.content())
                .contains(notice.key().value())
                .as("the day it was revoked, yyyy-MM-dd in UTC")
                .contains(notice.revokedAt().toString().substring(0, 10))
                .as("the recipient's address is the envelope's, never echoed to the reader")
                .doesNotContainIgnoringCase(address.substring(0, address.indexOf('@')));
    }

    @Test
    void aNoticeTellsWhyTheKeyWasRevoked() throws Exception {
        OwnerNotice byOperator = noticeTo("told", OwnerNotice.Reason.REVOKED_BY_OPERATOR, Optional.empty());
        OwnerNotice leaked = new OwnerNotice(
                EmailAddress.of("told.leak." + Integer.toUnsignedString(random.nextInt(), 36) + "@shop.example"),
                byOperator.key(),
                byOperator.revokedAt(),
                OwnerNotice.Reason.REPORTED_LEAKED,
                Optional.empty());

        notices().send(byOperator);
        notices().send(leaked);

        assertThat(receivedFor(leaked).content())
                .as("the same key, revoked at the same moment, for another reason, is told otherwise")
                .isNotEqualTo(receivedFor(byOperator).content());
    }

    @Test
    void aLeakNoticeSaysWhereTheKeyWasFound() throws Exception {
        URI foundAt = URI.create("https://gist.github.com/someone/" + Integer.toUnsignedString(random.nextInt(), 36));
        OwnerNotice notice = noticeTo("leaked", OwnerNotice.Reason.REPORTED_LEAKED, Optional.of(foundAt));

        notices().send(notice);

        assertThat(receivedFor(notice).content()).contains(notice.key().value()).contains(foundAt.toString());
    }

    @ParameterizedTest(name = "found at {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "javascript:alert(1)                     | alert(1)",
                "data:text/html;base64,PHNjcmlwdD4=      | PHNjcmlwdD4",
                "file:///etc/passwd                      | /etc/passwd",
                "//evil.example/stolen                   | evil.example",
                "/stolen-keys/here                       | stolen-keys"
            })
    void aFoundAtThatIsNotAnHttpUrlNeverAppears(String foundAt, String telltale) throws Exception {
        OwnerNotice notice = noticeTo("scanned", OwnerNotice.Reason.REPORTED_LEAKED, Optional.of(URI.create(foundAt)));

        notices().send(notice);

        assertThat(receivedFor(notice).content())
                .as("the notice is sent, with the key's hint, but without the address")
                .contains(notice.key().value())
                .doesNotContain(telltale);
    }

    @Test
    void aNoticeToADestinationThatIsDownThrowsWithoutNamingItsRecipient() {
        OwnerNotice notice = noticeTo("unreached", OwnerNotice.Reason.REVOKED_BY_OPERATOR, Optional.empty());
        String address = notice.to().value();

        assertThatThrownBy(() -> noticesToADestinationThatIsDown().send(notice))
                .isInstanceOf(RuntimeException.class)
                .satisfies(thrown -> {
                    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
                        assertThat(String.valueOf(cause.getMessage()))
                                .doesNotContainIgnoringCase(address.substring(0, address.indexOf('@')));
                    }
                });
    }

    @Test
    void anErasureConfirmationReachesItsOwnerAndSaysHowManyKeysStoppedWithoutEchoingTheAddress() throws Exception {
        ErasureNotice two = new ErasureNotice(
                EmailAddress.of("erased." + Integer.toUnsignedString(random.nextInt(), 36) + "@shop.example"),
                Instant.parse("2026-11-28T09:15:00Z"),
                2);
        ErasureNotice none = new ErasureNotice(
                EmailAddress.of("erased." + Integer.toUnsignedString(random.nextInt(), 36) + "@shop.example"),
                two.erasedAt(),
                0);

        erasureNotices().send(two);
        erasureNotices().send(none);

        String address = two.to().value();
        assertThat(receivedFor(two.to()).content())
                .as("the day it was erased, yyyy-MM-dd in UTC")
                .contains("2026-11-28")
                .as("the recipient's address is the envelope's, never echoed to the reader")
                .doesNotContainIgnoringCase(address.substring(0, address.indexOf('@')));
        assertThat(receivedFor(none.to()).content())
                .as("an owner with two keys revoked is told otherwise than one with none")
                .isNotEqualTo(receivedFor(two.to()).content());
    }

    @Test
    void anErasureConfirmationToADestinationThatIsDownThrowsWithoutNamingItsRecipient() {
        ErasureNotice notice = new ErasureNotice(
                EmailAddress.of("unreached.erased." + Integer.toUnsignedString(random.nextInt(), 36) + "@shop.example"),
                Instant.parse("2026-11-28T09:15:00Z"),
                1);
        String address = notice.to().value();

        assertThatThrownBy(() -> erasureNoticesToADestinationThatIsDown().send(notice))
                .isInstanceOf(RuntimeException.class)
                .satisfies(thrown -> {
                    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
                        assertThat(String.valueOf(cause.getMessage()))
                                .doesNotContainIgnoringCase(address.substring(0, address.indexOf('@')));
                    }
                });
    }

    @Test
    void aConsentMailNamesTheIntegrationAndEveryScopeWithTheTokenOnlyInTheLinksFragment() throws Exception {
        OwnerLinkMail mail = linkTo(
                "consenting",
                LinkPurpose.CONSENT,
                Optional.of(new IntegrationName("Acme CRM")),
                List.of(
                        new OwnerLinkMail.AskedScope("orders:read", "see your orders"),
                        new OwnerLinkMail.AskedScope("owner:read", "see your name and business email")));

        links().send(mail);

        String content = receivedFor(mail.to()).content();
        String address = mail.to().value();
        assertThat(content)
                .contains("Acme CRM", "see your orders", "see your name and business email")
                .as("the day the link stops working, yyyy-MM-dd in UTC")
                .contains("2026-11-30")
                .as("the recipient's address is the envelope's, never echoed to the reader")
                .doesNotContainIgnoringCase(address.substring(0, address.indexOf('@')));
        assertTokenOnlyInLinksTo(content, mail, "/consent");
    }

    @Test
    void aManageMailLeadsToTheConsentsPageWithTheTokenOnlyInTheLinksFragment() throws Exception {
        OwnerLinkMail mail = linkTo("managing", LinkPurpose.MANAGE_CONSENTS, Optional.empty(), List.of());

        links().send(mail);

        assertTokenOnlyInLinksTo(receivedFor(mail.to()).content(), mail, "/consents");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"EXPORT", "ERASE"})
    void anExportOrErasureMailLeadsToThePrivacyPageWithTheTokenOnlyInTheLinksFragment(LinkPurpose purpose)
            throws Exception {
        OwnerLinkMail mail = linkTo("private", purpose, Optional.empty(), List.of());

        links().send(mail);

        assertTokenOnlyInLinksTo(
                receivedFor(mail.to()).content(),
                mail,
                purpose == LinkPurpose.EXPORT ? "/privacy/export" : "/privacy/erase");
    }

    @Test
    void aLinkMailToADestinationThatIsDownThrowsWithoutNamingItsRecipientOrToken() {
        OwnerLinkMail mail = linkTo(
                "unlinked",
                LinkPurpose.CONSENT,
                Optional.of(new IntegrationName("Acme CRM")),
                List.of(new OwnerLinkMail.AskedScope("orders:read", "see your orders")));
        String address = mail.to().value();

        assertThatThrownBy(() -> linksToADestinationThatIsDown().send(mail))
                .isInstanceOf(RuntimeException.class)
                .satisfies(thrown -> {
                    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
                        assertThat(String.valueOf(cause.getMessage()))
                                .doesNotContainIgnoringCase(address.substring(0, address.indexOf('@')))
                                .doesNotContain(mail.token().reveal());
                    }
                });
    }

    /**
     * The token is in the content, and each time it is the fragment of an http(s) link whose path is
     * {@code page}, with no query: never in a path, a query or the words around it.
     */
    private static void assertTokenOnlyInLinksTo(String content, OwnerLinkMail mail, String page) {
        String token = mail.token().reveal();
        int occurrences = 0;
        for (int at = content.indexOf(token); at >= 0; at = content.indexOf(token, at + 1)) {
            occurrences++;
        }
        assertThat(occurrences).as("the token is in the mail").isPositive();
        Matcher links = Pattern.compile("https?://[^\\s\"'<>#]+#" + Pattern.quote(token) + "(?![0-9A-Za-z_])")
                .matcher(content);
        List<URI> found = new ArrayList<>();
        while (links.find()) {
            found.add(URI.create(links.group()));
        }
        assertThat(found)
                .as("every place the token appears is the fragment of a link")
                .hasSize(occurrences)
                .allSatisfy(link -> {
                    assertThat(link.getPath()).as("the link's page").isEqualTo(page);
                    assertThat(link.getRawQuery()).as("the link's query").isNull();
                    assertThat(link.getFragment()).as("the link's fragment").isEqualTo(token);
                });
    }

    private OwnerLinkMail linkTo(
            String name,
            LinkPurpose purpose,
            Optional<IntegrationName> integration,
            List<OwnerLinkMail.AskedScope> scopes) {
        String address = name + "." + Integer.toUnsignedString(random.nextInt(), 36) + "@shop.example";
        return new OwnerLinkMail(
                EmailAddress.of(address),
                purpose,
                ApiKeyFormat.withPrefix("ecl_").mint(random::nextInt),
                Instant.parse("2026-11-30T10:15:00Z"),
                integration,
                scopes);
    }

    /** The one mail the working destination received for this recipient. */
    private ReceivedMail receivedFor(EmailAddress to) throws Exception {
        List<ReceivedMail> got = received().stream()
                .filter(mail -> mail.to().equalsIgnoreCase(to.value()))
                .toList();
        assertThat(got).as("mails received for " + to.masked()).hasSize(1);
        return got.getFirst();
    }

    private OwnerNotice noticeTo(String name, OwnerNotice.Reason reason, Optional<URI> foundAt) {
        String address = name + "." + Integer.toUnsignedString(random.nextInt(), 36) + "@shop.example";
        KeyHint hint = ApiKeyFormat.withPrefix("eck_").mint(random::nextInt).hint();
        return new OwnerNotice(EmailAddress.of(address), hint, Instant.parse("2026-11-28T10:15:00Z"), reason, foundAt);
    }

    /** The one mail the working destination received for this notice's recipient. */
    private ReceivedMail receivedFor(OwnerNotice notice) throws Exception {
        List<ReceivedMail> got = received().stream()
                .filter(mail -> mail.to().equalsIgnoreCase(notice.to().value()))
                .toList();
        assertThat(got).as("mails received for the notice's recipient").hasSize(1);
        return got.getFirst();
    }

    private KeyMail mailTo(String name) {
        String address = name + "." + Integer.toUnsignedString(random.nextInt(), 36) + "@shop.example";
        return new KeyMail(
                EmailAddress.of(address),
                ApiKeyFormat.withPrefix("eck_").mint(random::nextInt),
                Instant.now().plus(Duration.ofHours(24)));
    }

    private List<ReceivedMail> receivedFor(List<KeyMail> mails) throws Exception {
        Set<String> recipients =
                mails.stream().map(mail -> mail.to().value().toLowerCase()).collect(Collectors.toSet());
        return received().stream()
                .filter(mail -> recipients.contains(mail.to().toLowerCase()))
                .toList();
    }
}

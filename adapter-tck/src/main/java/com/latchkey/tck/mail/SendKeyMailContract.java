package com.latchkey.tck.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every mail adapter (the {@code LATCHKEY_ADAPTERS_MAIL} family) must do, as the port
 * {@link SendKeyMailPort} says: each mail reaches its own recipient with its own key, outcomes are
 * told in order before the next mail is begun, nothing is begun after the hand-over deadline, a
 * destination that is down fails every mail without naming its recipient, and a failure of the
 * caller ends the hand-over. An adapter's test extends this class with a working destination it can
 * read back and one that is down.
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

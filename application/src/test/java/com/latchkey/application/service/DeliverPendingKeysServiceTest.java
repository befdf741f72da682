package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.latchkey.application.port.in.DeliveryReport;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailNotSentException;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.DeliveryAttempt;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class DeliverPendingKeysServiceTest {

    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final KeyRequest claimed = KeyRequest.accept(
                    RequestId.random(), EmailAddress.of("jane@example.com"), OwnerName.of("Jane"), Fixtures.NOW)
            .claim(Fixtures.NOW, Duration.ofMinutes(2));

    @Mock
    ClaimDueKeyRequestsPort claimDue;

    @Mock
    SendKeyMailPort sendKeyMail;

    @Mock
    RecordDeliveryAttemptPort recordDeliveryAttempt;

    private final Fakes.Keys keys = new Fakes.Keys();
    private final Fakes.Requests requests = new Fakes.Requests();
    private final Fakes.Audit audit = new Fakes.Audit();

    private final TransactionPort transaction = new TransactionPort() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    };

    private DeliverPendingKeysService service;

    @BeforeEach
    void wire() {
        service = new DeliverPendingKeysService(
                claimDue,
                requests,
                keys,
                keys,
                audit,
                recordDeliveryAttempt,
                sendKeyMail,
                Fixtures.DIGEST,
                transaction,
                format,
                Fixtures.POLICY,
                Fixtures.CLOCK,
                new Random(11));
    }

    private void due(KeyRequest request) {
        requests.byId.put(request.id(), request);
        when(claimDue.claimDue(Fixtures.NOW, Duration.ofMinutes(2), 10)).thenReturn(List.of(request));
    }

    @Test
    void mintsCommitsTheDigestThenMailsTheKeyAndMarksBothDelivered() {
        due(claimed);
        List<KeyStatus> mailedWhile = new java.util.ArrayList<>();
        doAnswer(invocation -> mailedWhile.add(keys.writes.get(0).status()))
                .when(sendKeyMail)
                .send(any());
        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(1, 0));
        ArgumentCaptor<KeyMail> mail = ArgumentCaptor.forClass(KeyMail.class);
        verify(sendKeyMail).send(mail.capture());

        ApiKey minted = keys.writes.get(0);
        assertThat(minted.status()).isEqualTo(KeyStatus.MINTED);
        assertThat(keys.writes.get(1).status()).isEqualTo(KeyStatus.PENDING);
        assertThat(mailedWhile)
                .as("the digest is committed before the mail is handed over")
                .containsExactly(KeyStatus.MINTED);
        assertThat(mail.getValue().to()).isEqualTo(claimed.email());
        assertThat(mail.getValue().verifyBefore()).isEqualTo(Fixtures.NOW.plus(Duration.ofHours(24)));
        assertThat(Fixtures.DIGEST.digestOf(mail.getValue().key())).isEqualTo(minted.digest());
        assertThat(format.parse(mail.getValue().key().reveal())).isPresent();
        assertThat(audit.types()).containsExactly(com.latchkey.domain.SecurityEvent.Type.DELIVERED);
        assertThat(audit.events.get(0).keyId()).isEqualTo(minted.id());
    }

    @Test
    void requestIsSentWithOneAttempt() {
        due(claimed);
        service.deliverDue();

        assertThat(requests.writes).hasSize(1);
        assertThat(requests.writes.get(0).status()).isEqualTo(RequestStatus.SENT);
        assertThat(requests.writes.get(0).attempts()).isEqualTo(1);
        ArgumentCaptor<DeliveryAttempt> attempt = ArgumentCaptor.forClass(DeliveryAttempt.class);
        verify(recordDeliveryAttempt).record(attempt.capture());
        assertThat(attempt.getValue().number()).isEqualTo(1);
        assertThat(attempt.getValue().outcome()).isEqualTo(DeliveryAttempt.Outcome.DELIVERED);
        assertThat(attempt.getValue().requestId()).isEqualTo(claimed.id());
    }

    @Test
    void transportFailureDiscardsTheKeyAndSchedulesARetry() {
        due(claimed);
        doThrow(new KeyMailNotSentException("MailConnectException"))
                .when(sendKeyMail)
                .send(any());

        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(0, 1));
        assertThat(keys.writes).hasSize(2);
        assertThat(keys.writes.get(1).status()).isEqualTo(KeyStatus.UNDELIVERED);
        KeyRequest retried = requests.byId.get(claimed.id());
        assertThat(retried.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).contains("MailConnectException");
        assertThat(retried.nextAttemptAt()).isBetween(Fixtures.NOW.plusSeconds(5), Fixtures.NOW.plusSeconds(10));
        ArgumentCaptor<DeliveryAttempt> attempt = ArgumentCaptor.forClass(DeliveryAttempt.class);
        verify(recordDeliveryAttempt).record(attempt.capture());
        assertThat(attempt.getValue().outcome()).isEqualTo(DeliveryAttempt.Outcome.FAILED);
        assertThat(attempt.getValue().error()).isEqualTo("MailConnectException");
        assertThat(attempt.getValue().keyId()).isEqualTo(keys.writes.get(1).id());
    }

    @Test
    void lastFailedAttemptFailsTheRequest() {
        KeyRequest twiceFailed = claimed.deliveryFailed(Fixtures.NOW, Fixtures.NOW, 3, "X")
                .deliveryFailed(Fixtures.NOW, Fixtures.NOW, 3, "X");
        requests.byId.put(twiceFailed.id(), twiceFailed);
        when(claimDue.claimDue(any(), any(), org.mockito.ArgumentMatchers.anyInt()))
                .thenReturn(List.of(twiceFailed));
        doThrow(new IllegalStateException("transport crashed"))
                .when(sendKeyMail)
                .send(any());

        service.deliverDue();

        assertThat(requests.byId.get(twiceFailed.id()).status()).isEqualTo(RequestStatus.FAILED);
        assertThat(requests.byId.get(twiceFailed.id()).attempts()).isEqualTo(3);
    }

    @Test
    void aKeySupersededWhileItsMailWasSentStaysRevoked() {
        due(claimed);
        doAnswer(invocation -> {
                    ApiKey inFlight = keys.writes.get(0);
                    keys.compareAndSet(inFlight, inFlight.supersede()); // a newer request, meanwhile
                    return null;
                })
                .when(sendKeyMail)
                .send(any());

        service.deliverDue();

        ApiKey minted = keys.writes.get(0);
        assertThat(keys.statusOf(minted)).isEqualTo(KeyStatus.REVOKED);
        assertThat(requests.byId.get(claimed.id()).status()).isEqualTo(RequestStatus.SENT);
        assertThat(audit.types()).doesNotContain(com.latchkey.domain.SecurityEvent.Type.DELIVERED);
    }

    @Test
    void aLateDeliveryOfASupersededKeyLeavesTheNewerDeliveredKeyAlone() {
        due(claimed);
        ApiKey[] newer = new ApiKey[1];
        doAnswer(invocation -> {
                    ApiKey inFlight = keys.writes.get(0);
                    keys.compareAndSet(inFlight, inFlight.supersede()); // a newer request...
                    newer[0] = ApiKey.mint(
                                    com.latchkey.domain.KeyId.random(),
                                    claimed,
                                    new com.latchkey.domain.KeyDigest("e".repeat(64)),
                                    new com.latchkey.domain.KeyHint("eck_newr"),
                                    Fixtures.NOW,
                                    Duration.ofHours(24))
                            .delivered();
                    keys.save(newer[0]); // ...whose key was delivered first
                    return null;
                })
                .when(sendKeyMail)
                .send(any());

        service.deliverDue();

        assertThat(keys.statusOf(newer[0])).isEqualTo(KeyStatus.PENDING);
    }

    @Test
    void aDeliveredKeySupersedesTheOwnersOtherDeliveredKeys() {
        ApiKey older = ApiKey.mint(
                        com.latchkey.domain.KeyId.random(),
                        claimed,
                        new com.latchkey.domain.KeyDigest("d".repeat(64)),
                        new com.latchkey.domain.KeyHint("eck_oldr"),
                        Fixtures.NOW,
                        Duration.ofHours(24))
                .delivered();
        keys.save(older);
        due(claimed);

        service.deliverDue();

        assertThat(keys.statusOf(older)).isEqualTo(KeyStatus.REVOKED);
        assertThat(keys.writes.get(keys.writes.size() - 1).status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void anAttemptWhoseRequestAnotherAttemptSettledLeavesThatOutcome() {
        due(claimed);
        KeyRequest settledElsewhere = claimed.delivered(Fixtures.NOW);
        doAnswer(invocation -> {
                    requests.compareAndSet(claimed, settledElsewhere); // its lease ran out; another attempt won
                    return null;
                })
                .when(sendKeyMail)
                .send(any());

        service.deliverDue();

        assertThat(requests.byId.get(claimed.id())).isSameAs(settledElsewhere);
        verify(recordDeliveryAttempt, never()).record(any());
    }

    @Test
    void eachAttemptMintsANewKey() {
        due(claimed);
        doThrow(new KeyMailNotSentException("MailConnectException"))
                .when(sendKeyMail)
                .send(any());
        service.deliverDue();
        service.deliverDue();

        ArgumentCaptor<KeyMail> mails = ArgumentCaptor.forClass(KeyMail.class);
        verify(sendKeyMail, times(2)).send(mails.capture());
        assertThat(mails.getAllValues().get(0).key())
                .isNotEqualTo(mails.getAllValues().get(1).key());
    }
}

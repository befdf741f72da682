package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.latchkey.application.port.in.DeliveryReport;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.DeliveryAttempt;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyHint;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class DeliverPendingKeysServiceTest {

    private static final KeyMailOutcome SENT = new KeyMailOutcome.Sent();

    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final KeyRequest claimed = claimedFor("jane@example.com");

    @Mock
    ClaimDueKeyRequestsPort claimDue;

    @Mock
    RecordDeliveryAttemptPort recordDeliveryAttempt;

    /** The owners whose keys were locked, in the order they were locked. */
    private final List<EmailAddress> locked = new ArrayList<>();

    private final Fakes.Keys keys = new Fakes.Keys() {
        @Override
        public List<ApiKey> lockOwner(EmailAddress owner) {
            locked.add(owner);
            return super.lockOwner(owner);
        }
    };
    private final Fakes.Requests requests = new Fakes.Requests();
    private final Fakes.Audit audit = new Fakes.Audit();
    private final Transactions transaction = new Transactions();
    private final Transport transport = new Transport();

    private final Fakes.Stores stores = new Fakes.Stores();
    private DeliverPendingKeysService service;

    @BeforeEach
    void wire() {
        service = new DeliverPendingKeysService(
                claimDue,
                requests,
                keys,
                keys,
                stores,
                audit,
                recordDeliveryAttempt,
                transport,
                Fixtures.DIGEST,
                transaction,
                format,
                Fixtures.POLICY,
                Fixtures.CLOCK,
                new Random(11));
    }

    private static KeyRequest claimedFor(String email) {
        return KeyRequest.accept(RequestId.random(), EmailAddress.of(email), OwnerName.of("Jane"), Fixtures.NOW)
                .claim(Fixtures.NOW, Duration.ofMinutes(2));
    }

    private void due(KeyRequest... batch) {
        for (KeyRequest request : batch) {
            requests.byId.put(request.id(), request);
        }
        when(claimDue.claimDue(Fixtures.NOW, Duration.ofMinutes(2), 10)).thenReturn(List.of(batch));
    }

    /** The key minted for a request (the first state written of a key of that request). */
    private ApiKey mintedFor(KeyRequest request) {
        return keys.writes.stream()
                .filter(key -> key.requestId().equals(request.id()))
                .findFirst()
                .orElseThrow();
    }

    private ApiKey storedFor(KeyRequest request) {
        return keys.byId.get(mintedFor(request).id());
    }

    @Test
    void mintsCommitsTheDigestThenMailsTheKeyAndMarksBothDelivered() {
        due(claimed);
        List<KeyStatus> mailedWhile = new ArrayList<>();
        List<Boolean> inTransactionWhileMailed = new ArrayList<>();
        transport.answer = mails -> {
            mailedWhile.add(keys.statusOf(keys.writes.get(0)));
            inTransactionWhileMailed.add(transaction.open > 0);
            return List.of(SENT);
        };

        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(1, 0, 0));
        KeyMail mail = transport.batches.get(0).get(0);
        ApiKey minted = keys.writes.get(0);
        assertThat(minted.status()).isEqualTo(KeyStatus.MINTED);
        assertThat(keys.writes.get(1).status()).isEqualTo(KeyStatus.PENDING);
        assertThat(mailedWhile)
                .as("the digest is stored before the mail is handed over")
                .containsExactly(KeyStatus.MINTED);
        assertThat(inTransactionWhileMailed)
                .as("its transaction has committed by then, and none is held open while mailing")
                .containsExactly(false);
        assertThat(mail.to()).isEqualTo(claimed.email());
        assertThat(mail.verifyBefore()).isEqualTo(Fixtures.NOW.plus(Duration.ofHours(24)));
        assertThat(Fixtures.DIGEST.digestOf(mail.key())).isEqualTo(minted.digest());
        assertThat(format.parse(mail.key().reveal())).isPresent();
        assertThat(audit.types()).containsExactly(SecurityEvent.Type.DELIVERED);
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
    void aBatchIsMailedInOneHandOverAndStoredInTwoTransactions() {
        KeyRequest first = claimedFor("ann@example.com");
        KeyRequest second = claimedFor("bob@example.com");
        KeyRequest third = claimedFor("cy@example.com");
        due(first, second, third);
        List<Integer> keysStoredWhenMailed = new ArrayList<>();
        transport.answer = mails -> {
            keysStoredWhenMailed.add(keys.byId.size());
            return List.of(SENT, SENT, SENT);
        };

        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(3, 0, 0));
        assertThat(transport.batches).hasSize(1);
        assertThat(transport.batches.get(0))
                .extracting(KeyMail::to)
                .containsExactly(first.email(), second.email(), third.email());
        assertThat(keysStoredWhenMailed)
                .as("every digest of the batch is stored before the first mail leaves")
                .containsExactly(3);
        assertThat(transport.deadlines)
                .as("mails are begun only in the first half of the claim's two-minute lease")
                .containsExactly(Fixtures.NOW.plus(Duration.ofMinutes(1)));
        assertThat(transaction.committed)
                .as("one commit for the batch's digests, one for its outcomes: no commit per mail")
                .isEqualTo(2);
        assertThat(List.of(first, second, third)).allSatisfy(request -> {
            assertThat(storedFor(request).status()).isEqualTo(KeyStatus.PENDING);
            assertThat(requests.byId.get(request.id()).status()).isEqualTo(RequestStatus.SENT);
        });
        verify(recordDeliveryAttempt, times(3)).record(any());
    }

    @Test
    void aRefusedMailFailsOnlyItsOwnRequest() {
        KeyRequest first = claimedFor("ann@example.com");
        KeyRequest refused = claimedFor("nobody@example.com");
        KeyRequest third = claimedFor("cy@example.com");
        due(first, refused, third);
        transport.answer = mails -> List.of(SENT, new KeyMailOutcome.NotSent("SMTPAddressFailedException"), SENT);

        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(2, 1, 0));
        assertThat(storedFor(refused).status()).isEqualTo(KeyStatus.UNDELIVERED);
        KeyRequest retried = requests.byId.get(refused.id());
        assertThat(retried.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).contains("SMTPAddressFailedException");
        assertThat(retried.nextAttemptAt()).isBetween(Fixtures.NOW.plusSeconds(5), Fixtures.NOW.plusSeconds(10));
        assertThat(List.of(first, third)).allSatisfy(request -> {
            assertThat(storedFor(request).status()).isEqualTo(KeyStatus.PENDING);
            assertThat(requests.byId.get(request.id()).status()).isEqualTo(RequestStatus.SENT);
        });
        assertThat(audit.events)
                .filteredOn(event -> event.type() == SecurityEvent.Type.DELIVERY_FAILED)
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.keyId()).isEqualTo(mintedFor(refused).id());
                    assertThat(event.maskedEmail()).isEqualTo("n***@example.com");
                    assertThat(event.detail()).isEqualTo("attempt 1, PENDING, SMTPAddressFailedException");
                });
        ArgumentCaptor<DeliveryAttempt> attempts = ArgumentCaptor.forClass(DeliveryAttempt.class);
        verify(recordDeliveryAttempt, times(3)).record(attempts.capture());
        assertThat(attempts.getAllValues())
                .filteredOn(attempt -> attempt.outcome() == DeliveryAttempt.Outcome.FAILED)
                .singleElement()
                .satisfies(attempt -> assertThat(attempt.requestId()).isEqualTo(refused.id()));
    }

    @Test
    void aConnectionLostMidBatchLeavesTheRestForTheirNextAttempt() {
        KeyRequest first = claimedFor("ann@example.com");
        KeyRequest second = claimedFor("bob@example.com");
        KeyRequest third = claimedFor("cy@example.com");
        due(first, second, third);
        KeyMailOutcome lost = new KeyMailOutcome.NotSent("MessagingException/SocketException");
        transport.answer = mails -> List.of(SENT, lost, lost);

        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(1, 2, 0));
        assertThat(storedFor(first).status()).isEqualTo(KeyStatus.PENDING);
        assertThat(requests.byId.get(first.id()).status()).isEqualTo(RequestStatus.SENT);
        assertThat(List.of(second, third)).allSatisfy(request -> {
            assertThat(storedFor(request).status()).isEqualTo(KeyStatus.UNDELIVERED);
            KeyRequest retried = requests.byId.get(request.id());
            assertThat(retried.status()).isEqualTo(RequestStatus.PENDING);
            assertThat(retried.attempts()).isEqualTo(1);
            assertThat(retried.nextAttemptAt()).isAfter(Fixtures.NOW);
            assertThat(retried.lastError()).contains("MessagingException/SocketException");
        });
        assertThat(audit.types())
                .containsExactlyInAnyOrder(
                        SecurityEvent.Type.DELIVERED,
                        SecurityEvent.Type.DELIVERY_FAILED,
                        SecurityEvent.Type.DELIVERY_FAILED);
    }

    @Test
    void aTransportThatThrowsSentNoneOfTheBatch() {
        KeyRequest first = claimedFor("ann@example.com");
        KeyRequest second = claimedFor("bob@example.com");
        due(first, second);
        transport.answer = mails -> {
            throw new IllegalStateException("transport crashed");
        };

        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(0, 2, 0));
        assertThat(List.of(first, second)).allSatisfy(request -> {
            assertThat(storedFor(request).status()).isEqualTo(KeyStatus.UNDELIVERED);
            assertThat(requests.byId.get(request.id()).lastError()).contains("IllegalStateException");
        });
    }

    @Test
    void aTransportThatAnswersForTheWrongNumberOfMailsSettlesNothing() {
        KeyRequest first = claimedFor("ann@example.com");
        KeyRequest second = claimedFor("bob@example.com");
        due(first, second);
        transport.answer = mails -> List.of(SENT);

        assertThatThrownBy(service::deliverDue).isInstanceOf(IllegalStateException.class);

        assertThat(List.of(first, second)).allSatisfy(request -> {
            assertThat(storedFor(request).status())
                    .as("never verifies; the request is tried again when its lease ends")
                    .isEqualTo(KeyStatus.MINTED);
            assertThat(requests.byId.get(request.id())).isSameAs(request);
        });
    }

    @Test
    void ownersAreLockedInOneOrderWhateverTheBatchOrder() {
        KeyRequest carol = claimedFor("carol@example.com");
        KeyRequest ann = claimedFor("Ann@Example.com");
        KeyRequest bob = claimedFor("bob@example.com");
        due(carol, ann, bob);
        transport.answer = mails -> List.of(SENT, SENT, SENT);

        service.deliverDue();

        assertThat(locked)
                .extracting(EmailAddress::owner)
                .containsExactly("ann@example.com", "bob@example.com", "carol@example.com");
        assertThat(transport.batches.get(0))
                .as("the mails still go in the order claimed")
                .extracting(KeyMail::to)
                .containsExactly(carol.email(), ann.email(), bob.email());
    }

    @Test
    void twoRequestsOfOneOwnerInOneBatchLeaveTheKeyOfTheLaterMail() {
        KeyRequest earlier = claimedFor("jane@example.com");
        KeyRequest other = claimedFor("bob@example.com");
        KeyRequest later = claimedFor("JANE@example.com");
        due(earlier, other, later);
        transport.answer = mails -> List.of(SENT, SENT, SENT);

        service.deliverDue();

        assertThat(storedFor(later).status()).isEqualTo(KeyStatus.PENDING);
        assertThat(storedFor(earlier).status())
                .as("superseded by the key mailed after it")
                .isEqualTo(KeyStatus.REVOKED);
        assertThat(keys.loadByOwner(EmailAddress.of("jane@example.com"), KeyStatus.PENDING))
                .singleElement()
                .satisfies(key -> assertThat(key.digest())
                        .isEqualTo(Fixtures.DIGEST.digestOf(
                                transport.batches.get(0).get(2).key())));
    }

    @Test
    void transportFailureDiscardsTheKeyAndSchedulesARetry() {
        due(claimed);
        transport.answer = mails -> List.of(new KeyMailOutcome.NotSent("MailConnectException"));

        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(0, 1, 0));
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
        transport.answer = mails -> {
            throw new IllegalStateException("transport crashed");
        };

        service.deliverDue();

        assertThat(requests.byId.get(twiceFailed.id()).status()).isEqualTo(RequestStatus.FAILED);
        assertThat(requests.byId.get(twiceFailed.id()).attempts()).isEqualTo(3);
    }

    @Test
    void aKeySupersededWhileItsMailWasSentStaysRevoked() {
        due(claimed);
        transport.answer = mails -> {
            ApiKey inFlight = keys.writes.get(0);
            keys.compareAndSet(inFlight, inFlight.supersede()); // a newer request, meanwhile
            return List.of(SENT);
        };

        service.deliverDue();

        ApiKey minted = keys.writes.get(0);
        assertThat(keys.statusOf(minted)).isEqualTo(KeyStatus.REVOKED);
        assertThat(requests.byId.get(claimed.id()).status()).isEqualTo(RequestStatus.SENT);
        assertThat(audit.types()).doesNotContain(SecurityEvent.Type.DELIVERED);
    }

    @Test
    void aLateDeliveryOfASupersededKeyLeavesTheNewerDeliveredKeyAlone() {
        due(claimed);
        ApiKey[] newer = new ApiKey[1];
        transport.answer = mails -> {
            ApiKey inFlight = keys.writes.get(0);
            keys.compareAndSet(inFlight, inFlight.supersede()); // a newer request...
            newer[0] = ApiKey.mint(
                            KeyId.random(),
                            claimed,
                            StoreId.random(),
                            new KeyDigest("e".repeat(64)),
                            new KeyHint("eck_newr"),
                            Fixtures.NOW,
                            Duration.ofHours(24))
                    .delivered();
            keys.save(newer[0]); // ...whose key was delivered first
            return List.of(SENT);
        };

        service.deliverDue();

        assertThat(keys.statusOf(newer[0])).isEqualTo(KeyStatus.PENDING);
    }

    @Test
    void aDeliveredKeySupersedesTheOwnersOtherDeliveredKeys() {
        ApiKey older = ApiKey.mint(
                        KeyId.random(),
                        claimed,
                        StoreId.random(),
                        new KeyDigest("d".repeat(64)),
                        new KeyHint("eck_oldr"),
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
        transport.answer = mails -> {
            requests.compareAndSet(claimed, settledElsewhere); // its lease ran out; another attempt won
            return List.of(SENT);
        };

        service.deliverDue();

        assertThat(requests.byId.get(claimed.id())).isSameAs(settledElsewhere);
        verify(recordDeliveryAttempt, never()).record(any());
    }

    @Test
    void eachAttemptMintsANewKey() {
        due(claimed);
        transport.answer = mails -> List.of(new KeyMailOutcome.NotSent("MailConnectException"));
        service.deliverDue();
        service.deliverDue();

        assertThat(transport.batches).hasSize(2);
        assertThat(transport.batches.get(0).get(0).key())
                .isNotEqualTo(transport.batches.get(1).get(0).key());
    }

    @Test
    void aDeliveredKeyIsSettledWhileTheRestOfItsBatchIsStillUnderWay() {
        KeyRequest[] batch = dueOverOneGroup();
        List<KeyStatus> firstKeyWhenBegun = new ArrayList<>();
        DeliverPendingKeysService streaming = serviceWith((mails, handOverBefore, outcomes) -> {
            for (KeyMail mail : mails) {
                firstKeyWhenBegun.add(storedFor(batch[0]).status());
                outcomes.accept(SENT);
            }
        });

        assertThat(streaming.deliverDue()).isEqualTo(new DeliveryReport(batch.length, 0, 0));

        assertThat(firstKeyWhenBegun.subList(0, DeliverPendingKeysService.SETTLE_EVERY))
                .as("the first group is settled once it is complete")
                .containsOnly(KeyStatus.MINTED);
        assertThat(firstKeyWhenBegun.subList(DeliverPendingKeysService.SETTLE_EVERY, batch.length))
                .as("the first key verifies before the mails after its group are handed over")
                .containsOnly(KeyStatus.PENDING);
        assertThat(transaction.committed)
                .as("the digests, then one commit per group of outcomes")
                .isEqualTo(3);
    }

    @Test
    void anOutcomeWaitsForTheRestOfItsGroupOnlySoLong() {
        KeyRequest first = claimedFor("ann@example.com");
        KeyRequest second = claimedFor("bob@example.com");
        KeyRequest third = claimedFor("cy@example.com");
        due(first, second, third);
        AtomicReference<Instant> now = new AtomicReference<>(Fixtures.NOW);
        List<KeyStatus> firstKeyWhenBegun = new ArrayList<>();
        DeliverPendingKeysService streaming = serviceWith(
                (mails, handOverBefore, outcomes) -> {
                    for (KeyMail mail : mails) {
                        firstKeyWhenBegun.add(storedFor(first).status());
                        outcomes.accept(SENT);
                        // Slow mails: each one takes the longest an outcome waits for its group.
                        now.set(now.get().plus(DeliverPendingKeysService.SETTLE_WITHIN));
                    }
                },
                new Clock() {
                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Instant instant() {
                        return now.get();
                    }
                });

        assertThat(streaming.deliverDue()).isEqualTo(new DeliveryReport(3, 0, 0));

        assertThat(firstKeyWhenBegun)
                .as("the first outcome is settled when the second is reported, its bound passed, not at the end")
                .containsExactly(KeyStatus.MINTED, KeyStatus.MINTED, KeyStatus.PENDING);
        assertThat(transaction.committed)
                .as("the digests, the first two outcomes, the third")
                .isEqualTo(3);
    }

    @Test
    void aMailNotBegunBeforeTheClaimEndsReleasesItsRequestWithoutAnAttempt() {
        KeyRequest first = claimedFor("ann@example.com");
        KeyRequest second = claimedFor("bob@example.com");
        KeyRequest third = claimedFor("cy@example.com");
        due(first, second, third);
        KeyMailOutcome notBegun = new KeyMailOutcome.NotBegun();
        transport.answer = mails -> List.of(SENT, notBegun, notBegun);

        DeliveryReport report = service.deliverDue();

        assertThat(report).isEqualTo(new DeliveryReport(1, 0, 2));
        assertThat(report.claimed()).isEqualTo(3);
        assertThat(List.of(second, third)).allSatisfy(request -> {
            assertThat(storedFor(request).status())
                    .as("its key never left and never verifies")
                    .isEqualTo(KeyStatus.UNDELIVERED);
            KeyRequest released = requests.byId.get(request.id());
            assertThat(released.status()).isEqualTo(RequestStatus.PENDING);
            assertThat(released.attempts()).as("no attempt was made").isZero();
            assertThat(released.nextAttemptAt()).as("due again at once").isEqualTo(Fixtures.NOW);
            assertThat(released.lastError()).isEmpty();
        });
        assertThat(audit.types()).containsExactly(SecurityEvent.Type.DELIVERED);
        verify(recordDeliveryAttempt, times(1)).record(any());
    }

    @Test
    void aSettlingThatFailsEndsTheHandOverAndReachesTheCaller() {
        KeyRequest[] batch = dueOverOneGroup();
        transaction.failing = 2;
        List<KeyMail> begun = new ArrayList<>();
        DeliverPendingKeysService streaming = serviceWith((mails, handOverBefore, outcomes) -> {
            for (KeyMail mail : mails) {
                begun.add(mail);
                outcomes.accept(SENT);
            }
        });

        assertThatThrownBy(streaming::deliverDue).isSameAs(transaction.failure);

        assertThat(begun)
                .as("no mail is begun after its batch could not be settled")
                .hasSize(DeliverPendingKeysService.SETTLE_EVERY);
        assertThat(List.of(batch)).allSatisfy(request -> {
            assertThat(storedFor(request).status())
                    .as("never verifies; the request is tried again when its lease ends")
                    .isEqualTo(KeyStatus.MINTED);
            assertThat(requests.byId.get(request.id())).isSameAs(request);
        });
    }

    @Test
    void aFailureAfterAGroupCommittedNeverSettlesItAgainNorFailsTheRest() {
        KeyRequest[] batch = dueOverOneGroup();
        IllegalStateException auditDown = new IllegalStateException("audit table unavailable");
        AuditTrailPort audits = event -> {
            if (event.type() == SecurityEvent.Type.DELIVERY_FAILED) {
                throw auditDown; // recorded after the group's commit
            }
        };
        DeliverPendingKeysService streaming = serviceWith(
                (mails, handOverBefore, outcomes) -> {
                    outcomes.accept(new KeyMailOutcome.NotSent("SMTPAddressFailedException"));
                    for (int i = 1; i < mails.size(); i++) {
                        outcomes.accept(SENT);
                    }
                },
                Fixtures.CLOCK,
                audits);

        assertThatThrownBy(streaming::deliverDue).isSameAs(auditDown);

        verify(recordDeliveryAttempt, times(DeliverPendingKeysService.SETTLE_EVERY))
                .record(any());
        assertThat(requests.byId.get(batch[0].id()).attempts()).isEqualTo(1);
        assertThat(List.of(batch).subList(DeliverPendingKeysService.SETTLE_EVERY, batch.length))
                .as("the mails after the group were never begun: their requests wait for their lease, untouched")
                .allSatisfy(
                        request -> assertThat(requests.byId.get(request.id())).isSameAs(request));
    }

    /** Requests due for a settling group and two more, each of its own owner. */
    private KeyRequest[] dueOverOneGroup() {
        KeyRequest[] batch = new KeyRequest[DeliverPendingKeysService.SETTLE_EVERY + 2];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = claimedFor("owner" + i + "@example.com");
        }
        due(batch);
        return batch;
    }

    private DeliverPendingKeysService serviceWith(SendKeyMailPort sendKeyMail) {
        return serviceWith(sendKeyMail, Fixtures.CLOCK);
    }

    private DeliverPendingKeysService serviceWith(SendKeyMailPort sendKeyMail, Clock clock) {
        return serviceWith(sendKeyMail, clock, audit);
    }

    private DeliverPendingKeysService serviceWith(SendKeyMailPort sendKeyMail, Clock clock, AuditTrailPort audits) {
        return new DeliverPendingKeysService(
                claimDue,
                requests,
                keys,
                keys,
                stores,
                audits,
                recordDeliveryAttempt,
                sendKeyMail,
                Fixtures.DIGEST,
                transaction,
                format,
                Fixtures.POLICY,
                clock,
                new Random(11));
    }

    @Test
    void nothingDueTouchesNeitherTheTransportNorTheDatabase() {
        when(claimDue.claimDue(Fixtures.NOW, Duration.ofMinutes(2), 10)).thenReturn(List.of());

        assertThat(service.deliverDue()).isEqualTo(new DeliveryReport(0, 0, 0));

        assertThat(transport.batches).isEmpty();
        assertThat(transaction.committed).isZero();
    }

    /** A transport that keeps every batch handed to it and answers as the test says (all sent by default). */
    private static final class Transport implements SendKeyMailPort {

        final List<List<KeyMail>> batches = new ArrayList<>();
        final List<Instant> deadlines = new ArrayList<>();
        Function<List<KeyMail>, List<KeyMailOutcome>> answer =
                mails -> Arrays.asList(mails.stream().map(mail -> SENT).toArray(KeyMailOutcome[]::new));

        @Override
        public void send(List<KeyMail> mails, Instant handOverBefore, Consumer<KeyMailOutcome> outcomes) {
            batches.add(List.copyOf(mails));
            deadlines.add(handOverBefore);
            answer.apply(mails).forEach(outcomes);
        }
    }

    /** Runs the work at once, counting the transactions that completed and whether one is open. */
    private static final class Transactions implements TransactionPort {

        int open;
        int committed;
        /** The number of the transaction (from 1) that fails with {@link #failure}; 0 for none. */
        int failing;

        final RuntimeException failure = new IllegalStateException("database down");

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (committed + 1 == failing) {
                throw failure;
            }
            open++;
            try {
                T result = work.get();
                committed++;
                return result;
            } finally {
                open--;
            }
        }
    }
}

package com.latchkey.tck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.EraseOwnerDataPort;
import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.DeliveryAttempt;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.OwnerLinkId;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What every store adapter (the {@code LATCHKEY_ADAPTERS_STORE} family) must do, through its ports
 * only: round trips, compare-and-set, owners case-folded, the claim and its lease, transactions,
 * owners' stores, owner links and grants, the assignments and additions that race.
 * An adapter's test extends this class and answers {@link #port(Class)} with its beans; the store
 * may be shared by the tests of one class, so every test makes its own requests and keys, and
 * claims only requests dated far from the others'.
 */
public abstract class StoreContract {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final SecureRandom random = new SecureRandom();

    /** The adapter's implementation of {@code type}, one of the store family's ports. */
    protected abstract <T> T port(Class<T> type);

    @Test
    void aRequestRoundTripsWithEveryField() {
        Instant at = now();
        KeyRequest failedOnce = newRequest(at).deliveryFailed(at, at.plusSeconds(30), 5, "MailConnectException");
        port(SaveKeyRequestPort.class).insert(failedOnce);

        KeyRequest loaded = port(LoadKeyRequestPort.class).load(failedOnce.id()).orElseThrow();

        assertThat(loaded.id()).isEqualTo(failedOnce.id());
        assertThat(loaded.email()).isEqualTo(failedOnce.email());
        assertThat(loaded.ownerName()).isEqualTo(failedOnce.ownerName());
        assertThat(loaded.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(loaded.attempts()).isEqualTo(1);
        assertThat(loaded.nextAttemptAt()).isEqualTo(at.plusSeconds(30));
        assertThat(loaded.createdAt()).isEqualTo(at);
        assertThat(loaded.lastError()).contains("MailConnectException");
    }

    @Test
    void anUnknownRequestIsEmpty() {
        assertThat(port(LoadKeyRequestPort.class).load(RequestId.random())).isEmpty();
    }

    @Test
    void anOutcomeIsStoredOnlyOnTheRequestAsItWasRead() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        SaveKeyRequestPort requests = port(SaveKeyRequestPort.class);
        requests.insert(request);

        assertThat(requests.compareAndSet(request, request.delivered(at.plusSeconds(1))))
                .isTrue();
        assertThat(requests.compareAndSet(request, request.deliveryFailed(at, at.plusSeconds(9), 5, "X")))
                .as("a second attempt's outcome, decided on the request before the first settled it")
                .isFalse();

        KeyRequest loaded = port(LoadKeyRequestPort.class).load(request.id()).orElseThrow();
        assertThat(loaded.status()).isEqualTo(RequestStatus.SENT);
        assertThat(loaded.attempts()).isEqualTo(1);
        assertThat(loaded.lastError()).isEmpty();
        assertThatThrownBy(() -> requests.insert(request))
                .as("an insert never overwrites")
                .isInstanceOf(RuntimeException.class);
        assertThat(port(LoadKeyRequestPort.class)
                        .load(request.id())
                        .orElseThrow()
                        .status())
                .isEqualTo(RequestStatus.SENT);
    }

    @Test
    void aKeyChangesStateOnlyFromTheStateTheChangeWasDecidedOn() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        ApiKey pending = newKey(request, at).delivered();
        SaveApiKeyPort keys = port(SaveApiKeyPort.class);
        keys.insert(pending);
        ApiKey active = ((ApiKey.Verification.Verified) pending.verify(request.email(), at)).key();

        assertThat(keys.compareAndSet(pending, pending.revoke())).isTrue();
        assertThat(keys.compareAndSet(pending, active))
                .as("a verification that lost to the revoke")
                .isFalse();

        ApiKey stored =
                port(LoadApiKeyPort.class).loadByDigest(pending.digest()).orElseThrow();
        assertThat(stored.status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(stored.verifiedAt()).isEmpty();
    }

    @Test
    void aKeyIsFoundByItsDigestWithEveryField() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey plain = format.mint(random::nextInt);
        ApiKey minted = keyFor(request, plain, at, Duration.ofHours(24));
        port(SaveApiKeyPort.class).insert(minted);
        assertThat(port(SaveApiKeyPort.class).compareAndSet(minted, minted.delivered()))
                .isTrue();

        ApiKey loaded = port(LoadApiKeyPort.class).loadByDigest(digestOf(plain)).orElseThrow();

        assertThat(loaded.id()).isEqualTo(minted.id());
        assertThat(loaded.status()).isEqualTo(KeyStatus.PENDING);
        assertThat(loaded.email()).isEqualTo(request.email());
        assertThat(loaded.requestId()).isEqualTo(request.id());
        assertThat(loaded.ownerName()).isEqualTo(request.ownerName());
        assertThat(loaded.hint()).isEqualTo(plain.hint());
        assertThat(loaded.mintedAt()).isEqualTo(at);
        assertThat(loaded.expiresAt()).isEqualTo(at.plus(Duration.ofHours(24)));
        assertThat(loaded.storeId()).isEqualTo(minted.storeId());
        assertThat(port(LoadApiKeyPort.class)
                        .loadById(minted.id())
                        .orElseThrow()
                        .storeId())
                .isEqualTo(minted.storeId());
        assertThat(port(LoadApiKeyPort.class).loadByDigest(digestOf(format.mint(random::nextInt))))
                .isEmpty();
    }

    @Test
    void theStatesOfABatchOfKeysAreReadByDigest() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey first = format.mint(random::nextInt);
        PlainApiKey second = format.mint(random::nextInt);
        ApiKey firstKey = keyFor(request, first, at, Duration.ofHours(1)).delivered();
        ApiKey secondKey = keyFor(request, second, at, Duration.ofHours(1));
        port(SaveApiKeyPort.class).insert(firstKey);
        port(SaveApiKeyPort.class).insert(secondKey);

        Map<KeyDigest, KeyStatus> states = port(LoadApiKeyPort.class)
                .loadStatuses(List.of(digestOf(first), digestOf(format.mint(random::nextInt)), digestOf(second)));

        assertThat(states)
                .containsOnly(entry(firstKey.digest(), KeyStatus.PENDING), entry(secondKey.digest(), KeyStatus.MINTED));
        assertThat(port(LoadApiKeyPort.class).loadStatuses(List.of())).isEmpty();
    }

    @Test
    void aDigestIsUnique() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey plain = format.mint(random::nextInt);
        port(SaveApiKeyPort.class).insert(keyFor(request, plain, at, Duration.ofHours(1)));

        assertThatThrownBy(() -> port(SaveApiKeyPort.class).insert(keyFor(request, plain, at, Duration.ofHours(1))))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void anOwnersKeysAreFoundByEmailAndState() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        KeyRequest other = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        port(SaveKeyRequestPort.class).insert(other);
        ApiKey pending = newKey(request, at).delivered();
        ApiKey minted = newKey(request, at);
        ApiKey othersPending = newKey(other, at).delivered();
        for (ApiKey key : List.of(pending, minted, othersPending)) {
            port(SaveApiKeyPort.class).insert(key);
        }

        assertThat(port(LoadApiKeyPort.class).loadByOwner(request.email(), KeyStatus.PENDING))
                .extracting(ApiKey::id)
                .containsExactly(pending.id());
        assertThat(port(LoadApiKeyPort.class).loadByOwner(request.email(), KeyStatus.ACTIVE))
                .isEmpty();
    }

    @Test
    void aKeyIsFoundByItsIdAndAnOwnersKeysNewestFirstWhateverTheirState() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        ApiKey older = newKey(request, at.minusSeconds(60)).undelivered();
        ApiKey newer = newKey(request, at).delivered();
        KeyRequest someoneElse = newRequest(at);
        port(SaveKeyRequestPort.class).insert(someoneElse);
        port(SaveApiKeyPort.class).insert(older);
        port(SaveApiKeyPort.class).insert(newer);
        port(SaveApiKeyPort.class).insert(newKey(someoneElse, at).delivered());

        assertThat(port(LoadApiKeyPort.class).loadById(newer.id()).orElseThrow().digest())
                .isEqualTo(newer.digest());
        assertThat(port(LoadApiKeyPort.class).loadById(KeyId.random())).isEmpty();
        EmailAddress typedOtherwise = EmailAddress.of(request.email().value().toUpperCase(java.util.Locale.ROOT));
        assertThat(port(LoadApiKeyPort.class).loadByOwner(typedOtherwise))
                .extracting(ApiKey::id, ApiKey::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(newer.id(), KeyStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple(older.id(), KeyStatus.UNDELIVERED));
    }

    @Test
    void aKeysLastUseOnlyMovesForward() {
        Instant at = now().truncatedTo(ChronoUnit.MINUTES);
        KeyRequest request = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        ApiKey used = newKey(request, at).delivered();
        ApiKey unused = newKey(request, at).delivered();
        port(SaveApiKeyPort.class).insert(used);
        port(SaveApiKeyPort.class).insert(unused);
        RecordKeyUsePort uses = port(RecordKeyUsePort.class);

        uses.used(used.id(), at.plusSeconds(120));
        uses.used(used.id(), at.plusSeconds(60));
        assertThat(port(LoadKeyUsePort.class).lastUsed(List.of(used.id(), unused.id(), KeyId.random())))
                .as("a use noted late by another instance never moves it back; keys never used are left out")
                .containsExactly(entry(used.id(), at.plusSeconds(120)));

        uses.used(used.id(), at.plusSeconds(180));
        assertThat(port(LoadKeyUsePort.class).lastUsed(List.of(used.id())))
                .containsExactly(entry(used.id(), at.plusSeconds(180)));
        assertThat(port(LoadKeyUsePort.class).lastUsed(List.of())).isEmpty();
    }

    @Test
    void anIntegrationRoundTripsItsIdIsTakenOnceAndItCanBeRemoved() {
        Instant at = now();
        IntegrationId id = new IntegrationId("crm-" + random.nextInt(1_000_000));
        PlainApiKey secret = ApiKeyFormat.withPrefix("eci_").mint(random::nextInt);
        Integration integration = Integration.register(
                id,
                new IntegrationName("Acme CRM"),
                Set.of(new Scope("orders:read"), new Scope("owner:read")),
                digestOf(secret),
                secret.hint(),
                at);
        SaveIntegrationPort saving = port(SaveIntegrationPort.class);

        assertThat(saving.insert(integration)).isTrue();
        PlainApiKey another = ApiKeyFormat.withPrefix("eci_").mint(random::nextInt);
        assertThat(saving.insert(Integration.register(
                        id,
                        new IntegrationName("Impostor"),
                        Set.of(new Scope("orders:write")),
                        digestOf(another),
                        another.hint(),
                        at)))
                .as("an id is registered once")
                .isFalse();

        Integration loaded = port(LoadIntegrationPort.class).load(id).orElseThrow();
        assertThat(loaded.name().value()).isEqualTo("Acme CRM");
        assertThat(loaded.scopes()).containsExactly(new Scope("orders:read"), new Scope("owner:read"));
        assertThat(loaded.secretDigest()).isEqualTo(digestOf(secret));
        assertThat(loaded.secretHint()).isEqualTo(secret.hint());
        assertThat(loaded.registeredAt()).isEqualTo(at);
        assertThat(port(LoadIntegrationPort.class).loadAll())
                .extracting(Integration::id)
                .contains(id)
                .isSortedAccordingTo(java.util.Comparator.comparing(IntegrationId::value));

        assertThat(saving.delete(id)).isTrue();
        assertThat(saving.delete(id)).isFalse();
        assertThat(port(LoadIntegrationPort.class).load(id)).isEmpty();
    }

    @Test
    void theTrailIsReadBackByKeyAndByOwnerOldestFirstAPageAtATime() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        ApiKey key = newKey(request, at);
        ApiKey othersKey = newKey(newRequest(at), at);
        ClientAddress client = new ClientAddress("192.0.2.7");
        AuditTrailPort trail = port(AuditTrailPort.class);
        trail.record(
                SecurityEvent.of(SecurityEvent.Type.REQUESTED, at.minusSeconds(3600), request.email(), client, null));
        trail.record(SecurityEvent.of(SecurityEvent.Type.EXPIRED, at.minusSeconds(60), key, null));
        trail.record(SecurityEvent.of(SecurityEvent.Type.DELIVERED, at, key, null));
        trail.record(SecurityEvent.of(SecurityEvent.Type.VERIFIED, at.plusSeconds(1), key, client));
        trail.record(SecurityEvent.of(SecurityEvent.Type.REVOKED, at.plusSeconds(2), key, client)
                .by(SecurityEvent.Actor.OPERATOR));
        trail.record(SecurityEvent.of(SecurityEvent.Type.DELIVERED, at, othersKey, null));
        ReadAuditTrailPort reader = port(ReadAuditTrailPort.class);

        ReadAuditTrailPort.Page first = reader.read(new ReadAuditTrailPort.Query(
                Optional.of(key.id()), Optional.empty(), at.minusSeconds(1), Optional.empty(), 2));
        assertThat(first.events())
                .extracting(recorded -> recorded.event().type())
                .containsExactly(SecurityEvent.Type.DELIVERED, SecurityEvent.Type.VERIFIED);
        assertThat(first.next()).isPresent();
        ReadAuditTrailPort.Page second = reader.read(new ReadAuditTrailPort.Query(
                Optional.of(key.id()), Optional.empty(), at.minusSeconds(1), first.next(), 2));
        assertThat(second.events()).hasSize(1);
        SecurityEvent revoked = second.events().getFirst().event();
        assertThat(revoked.type()).isEqualTo(SecurityEvent.Type.REVOKED);
        assertThat(revoked.actor()).isEqualTo(SecurityEvent.Actor.OPERATOR);
        assertThat(revoked.maskedEmail()).isEqualTo(request.email().masked());
        assertThat(revoked.clientAddress())
                .as("the client's network, as the trail keeps it")
                .isEqualTo(new ClientAddress("192.0.2.0/24"));
        assertThat(revoked.ownerEmail())
                .as("the trail never gives an email back")
                .isEmpty();
        assertThat(second.next()).isEmpty();

        EmailAddress typedOtherwise = EmailAddress.of(request.email().value().toLowerCase(java.util.Locale.ROOT));
        ReadAuditTrailPort.Page owners = reader.read(new ReadAuditTrailPort.Query(
                Optional.empty(), Optional.of(typedOtherwise), at.minusSeconds(7200), Optional.empty(), 10));
        assertThat(owners.events())
                .extracting(recorded -> recorded.event().type())
                .containsExactly(
                        SecurityEvent.Type.REQUESTED,
                        SecurityEvent.Type.EXPIRED,
                        SecurityEvent.Type.DELIVERED,
                        SecurityEvent.Type.VERIFIED,
                        SecurityEvent.Type.REVOKED);
        assertThat(reader.read(new ReadAuditTrailPort.Query(
                                Optional.empty(), Optional.of(typedOtherwise), at, Optional.empty(), 10))
                        .events())
                .as("since leaves out what came before")
                .hasSize(3);
        assertThat(reader.isCursor(first.next().get())).isTrue();
        assertThat(reader.isCursor("page-2"))
                .as("a cursor the trail never gave out")
                .isFalse();
    }

    @Test
    void theTrailNeverKeepsAFullClientAddressOnlyItsNetwork() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        AuditTrailPort trail = port(AuditTrailPort.class);
        Map<String, String> kept = Map.of(
                "198.51.100.77", "198.51.100.0/24",
                "2001:db8:1:2:8a2e:370:7334:abcd", "2001:db8:1::/48",
                "::ffff:203.0.113.200", "203.0.113.0/24",
                "unknown", "unknown");
        List<String> fullAddresses = List.copyOf(kept.keySet());
        for (int i = 0; i < fullAddresses.size(); i++) {
            trail.record(SecurityEvent.of(
                    SecurityEvent.Type.VERIFY_FAILED,
                    at.plusMillis(i),
                    request.email(),
                    new ClientAddress(fullAddresses.get(i)),
                    "address " + i));
        }

        List<SecurityEvent> events = port(ReadAuditTrailPort.class)
                .read(new ReadAuditTrailPort.Query(
                        Optional.empty(), Optional.of(request.email()), at.minusSeconds(1), Optional.empty(), 10))
                .events()
                .stream()
                .map(ReadAuditTrailPort.Recorded::event)
                .toList();

        assertThat(events).hasSize(fullAddresses.size());
        for (SecurityEvent event : events) {
            String full = fullAddresses.get(Integer.parseInt(event.detail().substring("address ".length())));
            assertThat(event.clientAddress()).isEqualTo(new ClientAddress(kept.get(full)));
        }
        assertThat(events)
                .extracting(event -> event.clientAddress().value())
                .doesNotContain("198.51.100.77", "2001:db8:1:2:8a2e:370:7334:abcd", "::ffff:203.0.113.200");
    }

    @Test
    void anOwnerIsTheEmailCaseFoldedInFull() {
        Instant at = now();
        String owner = "Victim." + random.nextInt(1_000_000) + "@X.example";
        KeyRequest typedOneWay = KeyRequest.accept(RequestId.random(), EmailAddress.of(owner), OwnerName.of("A"), at);
        KeyRequest typedAnother = KeyRequest.accept(
                RequestId.random(), EmailAddress.of(owner.toLowerCase(java.util.Locale.ROOT)), OwnerName.of("B"), at);
        port(SaveKeyRequestPort.class).insert(typedOneWay);
        port(SaveKeyRequestPort.class).insert(typedAnother);
        ApiKey first = newKey(typedOneWay, at).delivered();
        ApiKey second = newKey(typedAnother, at).delivered();
        port(SaveApiKeyPort.class).insert(first);
        port(SaveApiKeyPort.class).insert(second);

        EmailAddress shouted = EmailAddress.of(owner.toUpperCase(java.util.Locale.ROOT));
        assertThat(port(LoadApiKeyPort.class).loadByOwner(shouted, KeyStatus.PENDING))
                .extracting(ApiKey::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(port(TransactionPort.class)
                        .inTransaction(() -> port(LoadApiKeyPort.class).lockOwner(shouted)))
                .extracting(ApiKey::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(port(LoadKeyRequestPort.class)
                        .load(typedOneWay.id())
                        .orElseThrow()
                        .email())
                .as("the mail still goes to the address as typed")
                .isEqualTo(typedOneWay.email());
    }

    @Test
    void aClaimTakesDueRequestsOnceUntilTheLeasePasses() {
        Instant future = now().plus(Duration.ofDays(365 + random.nextInt(3000)));
        KeyRequest due = newRequest(future);
        KeyRequest notYetDue = newRequest(future.plusSeconds(60));
        KeyRequest sent = newRequest(future).delivered(future);
        port(SaveKeyRequestPort.class).insert(due);
        port(SaveKeyRequestPort.class).insert(notYetDue);
        port(SaveKeyRequestPort.class).insert(sent);
        ClaimDueKeyRequestsPort claims = port(ClaimDueKeyRequestsPort.class);

        List<RequestId> first = ids(claims.claimDue(future, LEASE, 100));
        List<RequestId> again = ids(claims.claimDue(future.plusSeconds(1), LEASE, 100));
        List<RequestId> afterLease = ids(claims.claimDue(future.plus(LEASE), LEASE, 100));

        assertThat(first).contains(due.id()).doesNotContain(notYetDue.id(), sent.id());
        assertThat(again).doesNotContain(due.id());
        assertThat(afterLease).contains(due.id(), notYetDue.id()).doesNotContain(sent.id());
        assertThat(port(LoadKeyRequestPort.class).load(due.id()).orElseThrow().nextAttemptAt())
                .as("each claim holds the request for one lease from the claim")
                .isEqualTo(future.plus(LEASE).plus(LEASE));
    }

    @Test
    void aClaimRespectsItsLimit() {
        Instant farFuture = now().plus(Duration.ofDays(20_000 + random.nextInt(10_000)));
        for (int i = 0; i < 5; i++) {
            port(SaveKeyRequestPort.class).insert(newRequest(farFuture));
        }

        assertThat(port(ClaimDueKeyRequestsPort.class).claimDue(farFuture, LEASE, 3))
                .hasSize(3);
    }

    @Test
    void aClaimHoldsOnlyTheRequestsItTakesSoAnotherDispatcherTakesTheRest() {
        Instant at = now().plus(Duration.ofDays(40_000 + random.nextInt(10_000)));
        List<RequestId> ours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            KeyRequest request = newRequest(at.minusSeconds(5 - i));
            port(SaveKeyRequestPort.class).insert(request);
            ours.add(request.id());
        }
        ClaimDueKeyRequestsPort claims = port(ClaimDueKeyRequestsPort.class);
        List<RequestId> first = new ArrayList<>();
        List<RequestId> second = new ArrayList<>();

        // The first claim's transaction stays open while another thread claims.
        port(TransactionPort.class).inTransaction(() -> {
            first.addAll(ids(claims.claimDue(at, LEASE, 2)));
            try (ExecutorService other = Executors.newSingleThreadExecutor()) {
                second.addAll(
                        other.submit(() -> ids(claims.claimDue(at, LEASE, 100))).get(10, TimeUnit.SECONDS));
            } catch (ExecutionException | InterruptedException | TimeoutException failed) {
                throw new AssertionError("a claim waited for another claim's transaction", failed);
            }
        });

        assertThat(first).hasSize(2);
        assertThat(second).doesNotContainAnyElementsOf(first);
        assertThat(second)
                .as("every due request the first claim did not take")
                .containsAll(ours.stream().filter(id -> !first.contains(id)).toList());
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        KeyRequest kept = newRequest(at);
        port(SaveKeyRequestPort.class).insert(kept);

        assertThatThrownBy(() -> port(TransactionPort.class).inTransaction(() -> {
                    port(SaveKeyRequestPort.class).insert(request);
                    port(SaveKeyRequestPort.class).compareAndSet(kept, kept.delivered(at));
                    throw new IllegalStateException("crash mid-transaction");
                }))
                .hasMessage("crash mid-transaction");

        assertThat(port(LoadKeyRequestPort.class).load(request.id())).isEmpty();
        assertThat(port(LoadKeyRequestPort.class).load(kept.id()).orElseThrow().status())
                .as("a change made in the failed transaction is undone")
                .isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void aCommittedTransactionKeepsAllItsWork() {
        Instant at = now();
        KeyRequest request = newRequest(at);

        ApiKey key = port(TransactionPort.class).inTransaction(() -> {
            port(SaveKeyRequestPort.class).insert(request);
            ApiKey minted = newKey(request, at);
            port(SaveApiKeyPort.class).insert(minted);
            return minted;
        });

        assertThat(port(LoadKeyRequestPort.class).load(request.id())).isPresent();
        assertThat(port(LoadApiKeyPort.class).loadByDigest(key.digest())).isPresent();
    }

    @Test
    void anOwnersRequestsAreFoundByTheirEmailTypedOtherwiseNewestFirst() {
        Instant at = now();
        KeyRequest older = newRequest(at.minusSeconds(60));
        KeyRequest newer = KeyRequest.accept(
                RequestId.random(),
                EmailAddress.of(older.email().value().toUpperCase(java.util.Locale.ROOT)),
                OwnerName.of("Zoë"),
                at);
        KeyRequest someoneElses = newRequest(at);
        port(SaveKeyRequestPort.class).insert(older);
        port(SaveKeyRequestPort.class).insert(newer);
        port(SaveKeyRequestPort.class).insert(someoneElses);

        assertThat(port(LoadKeyRequestPort.class).requestsOf(older.email()))
                .extracting(KeyRequest::id, request -> request.ownerName().value())
                .containsExactly(tuple(newer.id(), "Zoë"), tuple(older.id(), "Zoë's Café"));
    }

    @Test
    void erasingAnOwnerLeavesNothingOfThemButTheTypeTimeAndKeyOfTheirAuditEvents() {
        Instant at = now();
        Erasable erased = erasableOwner(at);
        Erasable kept = erasableOwner(at);

        EraseOwnerDataPort.Erased counted = port(TransactionPort.class)
                .inTransaction(() -> port(EraseOwnerDataPort.class).erase(erased.owner()));

        assertThat(counted.requests()).isEqualTo(1);
        assertThat(counted.keys()).isEqualTo(1);
        assertThat(counted.grants()).isEqualTo(1);
        assertThat(counted.auditEventsStripped()).isEqualTo(2);
        assertThat(port(LoadKeyRequestPort.class).load(erased.request().id())).isEmpty();
        assertThat(port(LoadKeyRequestPort.class).requestsOf(erased.owner())).isEmpty();
        assertThat(port(LoadApiKeyPort.class).loadByOwner(erased.owner())).isEmpty();
        assertThat(port(LoadApiKeyPort.class).loadByDigest(erased.key().digest()))
                .isEmpty();
        assertThat(port(OwnerStoresPort.class).find(erased.owner())).isEmpty();
        assertThat(port(LoadConsentGrantPort.class).loadByStore(erased.store())).isEmpty();
        assertThat(port(LoadOwnerLinkPort.class).loadByDigest(erased.link().digest()))
                .isEmpty();
        List<SecurityEvent> left = port(ReadAuditTrailPort.class)
                .read(new ReadAuditTrailPort.Query(
                        Optional.of(erased.key().id()), Optional.empty(), at.minusSeconds(60), Optional.empty(), 10))
                .events()
                .stream()
                .map(ReadAuditTrailPort.Recorded::event)
                .toList();
        assertThat(left)
                .as("the key's events stay, with their type, time and key id only")
                .extracting(
                        SecurityEvent::type,
                        SecurityEvent::maskedEmail,
                        SecurityEvent::clientAddress,
                        SecurityEvent::detail)
                .containsExactly(tuple(SecurityEvent.Type.VERIFIED, null, null, null));
        assertThat(port(ReadAuditTrailPort.class)
                        .read(new ReadAuditTrailPort.Query(
                                Optional.empty(),
                                Optional.of(erased.owner()),
                                at.minusSeconds(60),
                                Optional.empty(),
                                10))
                        .events())
                .as("nothing is found under the owner any more")
                .isEmpty();
        assertThat(port(OwnerStoresPort.class).storeOf(erased.owner()))
                .as("the email starts afresh")
                .isNotEqualTo(erased.store());

        assertThat(port(LoadApiKeyPort.class).loadByDigest(kept.key().digest())).isPresent();
        assertThat(port(LoadKeyRequestPort.class).requestsOf(kept.owner())).hasSize(1);
        assertThat(port(OwnerStoresPort.class).find(kept.owner())).contains(kept.store());
        assertThat(port(LoadConsentGrantPort.class).loadByStore(kept.store())).hasSize(1);
        assertThat(port(LoadOwnerLinkPort.class).loadByDigest(kept.link().digest()))
                .isPresent();
        assertThat(port(ReadAuditTrailPort.class)
                        .read(new ReadAuditTrailPort.Query(
                                Optional.empty(), Optional.of(kept.owner()), at.minusSeconds(60), Optional.empty(), 10))
                        .events())
                .extracting(recorded -> recorded.event().maskedEmail())
                .containsExactly(kept.owner().masked(), kept.owner().masked());
    }

    @Test
    void anErasureThatFailsInItsTransactionLeavesTheOwnerWhole() {
        Instant at = now();
        Erasable owner = erasableOwner(at);

        assertThatThrownBy(() -> port(TransactionPort.class).inTransaction(() -> {
                    port(EraseOwnerDataPort.class).erase(owner.owner());
                    throw new IllegalStateException("the caller failed after the erasure");
                }))
                .hasMessageContaining("the caller failed");

        assertThat(port(LoadApiKeyPort.class).loadByDigest(owner.key().digest()))
                .isPresent();
        assertThat(port(LoadKeyRequestPort.class).requestsOf(owner.owner())).hasSize(1);
        assertThat(port(OwnerStoresPort.class).find(owner.owner())).contains(owner.store());
        assertThat(port(LoadConsentGrantPort.class).loadByStore(owner.store())).hasSize(1);
        assertThat(port(LoadOwnerLinkPort.class).loadByDigest(owner.link().digest()))
                .isPresent();
    }

    @Test
    void eventsWrittenAfterAnErasureAreStrippedByTheSecondPassWhichATransactionCanUndo() {
        Instant at = now();
        Erasable owner = erasableOwner(at);
        port(TransactionPort.class)
                .inTransaction(() -> port(EraseOwnerDataPort.class).erase(owner.owner()));
        AuditTrailPort trail = port(AuditTrailPort.class);
        trail.record(SecurityEvent.of(
                SecurityEvent.Type.OWNER_LINK_SENT,
                at.plusSeconds(5),
                owner.owner(),
                new ClientAddress("192.0.2.9"),
                "ERASE"));
        trail.record(SecurityEvent.of(SecurityEvent.Type.DELIVERED, at.plusSeconds(6), owner.key(), null)
                .withDetail("late"));
        ReadAuditTrailPort reader = port(ReadAuditTrailPort.class);
        ReadAuditTrailPort.Query ofOwner = new ReadAuditTrailPort.Query(
                Optional.empty(), Optional.of(owner.owner()), at.minusSeconds(60), Optional.empty(), 10);
        assertThat(reader.read(ofOwner).events())
                .as("written after the erasure")
                .hasSize(2);

        assertThatThrownBy(() -> port(TransactionPort.class).inTransaction(() -> {
                    port(EraseOwnerDataPort.class)
                            .stripAudit(owner.owner(), Set.of(owner.key().id()));
                    throw new IllegalStateException("the caller failed after the strip");
                }))
                .hasMessageContaining("the caller failed");
        assertThat(reader.read(ofOwner).events())
                .as("a strip undone with its transaction leaves the events as they were")
                .extracting(recorded -> recorded.event().maskedEmail())
                .containsExactly(owner.owner().masked(), owner.owner().masked());

        int stripped = port(EraseOwnerDataPort.class)
                .stripAudit(owner.owner(), Set.of(owner.key().id()));

        assertThat(stripped).isEqualTo(2);
        assertThat(reader.read(ofOwner).events()).isEmpty();
        assertThat(reader.read(new ReadAuditTrailPort.Query(
                                Optional.of(owner.key().id()),
                                Optional.empty(),
                                at.plusSeconds(6),
                                Optional.empty(),
                                10))
                        .events())
                .extracting(
                        recorded -> recorded.event().type(),
                        recorded -> recorded.event().maskedEmail(),
                        recorded -> recorded.event().detail())
                .containsExactly(tuple(SecurityEvent.Type.DELIVERED, null, null));
    }

    /** An owner with one of everything: request, key (with a delivery attempt), store, grant, link and events. */
    private record Erasable(EmailAddress owner, KeyRequest request, ApiKey key, StoreId store, OwnerLink link) {}

    private Erasable erasableOwner(Instant at) {
        KeyRequest request = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        StoreId store = port(OwnerStoresPort.class).storeOf(request.email());
        PlainApiKey plain = format.mint(random::nextInt);
        ApiKey key =
                ApiKey.mint(KeyId.random(), request, store, digestOf(plain), plain.hint(), at, Duration.ofHours(1));
        port(SaveApiKeyPort.class).insert(key);
        port(RecordDeliveryAttemptPort.class).record(DeliveryAttempt.delivered(request, key.id(), at));
        port(SaveConsentGrantPort.class)
                .grant(
                        store,
                        new IntegrationId("crm-" + random.nextInt(1_000_000)),
                        Set.of(new Scope("orders:read")),
                        at);
        OwnerLink link = OwnerLink.forOwner(
                OwnerLinkId.random(),
                digestOf(linkToken()),
                LinkPurpose.ERASE,
                request.email(),
                store,
                at,
                at.plus(Duration.ofMinutes(30)));
        port(SaveOwnerLinkPort.class).insert(link);
        port(AuditTrailPort.class)
                .record(SecurityEvent.of(
                        SecurityEvent.Type.REQUESTED, at, request.email(), new ClientAddress("192.0.2.7"), "a detail"));
        port(AuditTrailPort.class)
                .record(SecurityEvent.of(
                                SecurityEvent.Type.VERIFIED, at.plusMillis(1), key, new ClientAddress("192.0.2.7"))
                        .withDetail("verified"));
        return new Erasable(request.email(), request, key, store, link);
    }

    @Test
    void anAttemptIsRecordedOnceByItsNumber() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        port(SaveKeyRequestPort.class).insert(request);
        ApiKey minted = newKey(request, at);
        port(SaveApiKeyPort.class).insert(minted);
        RecordDeliveryAttemptPort attempts = port(RecordDeliveryAttemptPort.class);

        attempts.record(DeliveryAttempt.failed(request, minted.id(), at, "MailConnectException"));

        assertThatThrownBy(() -> attempts.record(DeliveryAttempt.delivered(request, minted.id(), at)))
                .as("the same attempt number twice")
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aVouchForChangesIsNeverForAMomentStillToCome() throws InterruptedException {
        List<Instant> vouched = new CopyOnWriteArrayList<>();
        List<Instant> toldAt = new CopyOnWriteArrayList<>();
        port(KeyChangesPort.class).subscribe(new KeyChangesPort.Listener() {
            @Override
            public void changed(KeyDigest digest) {}

            @Override
            public void mayHaveMissedChanges() {}

            @Override
            public void heardEverythingBefore(Instant instant) {
                toldAt.add(Instant.now());
                vouched.add(instant);
            }
        });
        Thread.sleep(700); // a store that vouches as it hears (PostgreSQL's heartbeat) has done so by now

        for (int i = 0; i < vouched.size(); i++) {
            Instant instant = vouched.get(i);
            assertThat(instant.equals(Instant.MAX) || !instant.isAfter(toldAt.get(i)))
                    .as(
                            "a vouch covers changes already made (or, from a store no other instance can change,"
                                    + " all of them), never a moment that has not come: %s told at %s",
                            instant, toldAt.get(i))
                    .isTrue();
        }
    }

    @Test
    void anOwnerHasOneStoreWhateverTheCaseAndAnotherOwnerAnother() {
        int n = random.nextInt(1_000_000);
        EmailAddress typed = EmailAddress.of("Ann." + n + "@Shop.example");
        EmailAddress folded = EmailAddress.of("ann." + n + "@shop.example");
        OwnerStoresPort stores = port(OwnerStoresPort.class);

        assertThat(stores.find(folded)).as("no store until one is assigned").isEmpty();
        StoreId store = stores.storeOf(typed);

        assertThat(stores.storeOf(folded)).isEqualTo(store);
        assertThat(stores.find(EmailAddress.of("ANN." + n + "@SHOP.example"))).contains(store);
        assertThat(stores.storeOf(EmailAddress.of("bob." + n + "@shop.example")))
                .isNotEqualTo(store);
    }

    @Test
    void ownersAssignedAStoreAtOnceAgreeOnOne() throws Exception {
        int n = random.nextInt(1_000_000);
        List<EmailAddress> typings = List.of(
                EmailAddress.of("rush." + n + "@shop.example"),
                EmailAddress.of("Rush." + n + "@shop.example"),
                EmailAddress.of("RUSH." + n + "@shop.example"),
                EmailAddress.of("rusH." + n + "@shop.example"));
        OwnerStoresPort stores = port(OwnerStoresPort.class);

        List<StoreId> assigned = atOnce(8, thread -> stores.storeOf(typings.get(thread % typings.size())));

        assertThat(Set.copyOf(assigned)).hasSize(1);
        assertThat(stores.find(typings.getFirst())).contains(assigned.getFirst());
    }

    @Test
    void anOwnerLinkRoundTripsWithEveryFieldAndIsStoredOnce() {
        Instant at = now();
        EmailAddress owner = EmailAddress.of("Link." + random.nextInt(1_000_000) + "@Shop.example");
        StoreId store = StoreId.random();
        IntegrationId integration = new IntegrationId("crm-" + random.nextInt(1_000_000));
        OwnerLink consent = OwnerLink.consent(
                OwnerLinkId.random(),
                digestOf(linkToken()),
                owner,
                store,
                integration,
                Set.of(new Scope("orders:read"), new Scope("owner:read")),
                at,
                at.plus(Duration.ofHours(72)));
        OwnerLink manage = OwnerLink.forOwner(
                OwnerLinkId.random(),
                digestOf(linkToken()),
                LinkPurpose.MANAGE_CONSENTS,
                owner,
                store,
                at,
                at.plus(Duration.ofMinutes(30)));
        port(SaveOwnerLinkPort.class).insert(consent);
        port(SaveOwnerLinkPort.class).insert(manage);

        OwnerLink loaded =
                port(LoadOwnerLinkPort.class).loadByDigest(consent.digest()).orElseThrow();
        assertThat(loaded.id()).isEqualTo(consent.id());
        assertThat(loaded.digest()).isEqualTo(consent.digest());
        assertThat(loaded.purpose()).isEqualTo(LinkPurpose.CONSENT);
        assertThat(loaded.owner().value()).as("the address as typed").isEqualTo(owner.value());
        assertThat(loaded.storeId()).isEqualTo(store);
        assertThat(loaded.integrationId()).contains(integration);
        assertThat(loaded.scopes()).containsExactly(new Scope("orders:read"), new Scope("owner:read"));
        assertThat(loaded.createdAt()).isEqualTo(at);
        assertThat(loaded.expiresAt()).isEqualTo(at.plus(Duration.ofHours(72)));
        assertThat(loaded.usedAt()).isEmpty();

        OwnerLink loadedManage =
                port(LoadOwnerLinkPort.class).loadByDigest(manage.digest()).orElseThrow();
        assertThat(loadedManage.purpose()).isEqualTo(LinkPurpose.MANAGE_CONSENTS);
        assertThat(loadedManage.integrationId()).isEmpty();
        assertThat(loadedManage.scopes()).isEmpty();
        assertThat(loadedManage.expiresAt()).isEqualTo(at.plus(Duration.ofMinutes(30)));

        assertThat(port(LoadOwnerLinkPort.class).loadByDigest(digestOf(linkToken())))
                .isEmpty();
        assertThatThrownBy(() -> port(SaveOwnerLinkPort.class).insert(consent))
                .as("an insert never overwrites")
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aLinkIsUsedOnlyFromTheUseThatWasRead() {
        Instant at = now();
        EmailAddress owner = EmailAddress.of("use." + random.nextInt(1_000_000) + "@shop.example");
        OwnerLink consent = OwnerLink.consent(
                OwnerLinkId.random(),
                digestOf(linkToken()),
                owner,
                StoreId.random(),
                new IntegrationId("crm-" + random.nextInt(1_000_000)),
                Set.of(new Scope("orders:read")),
                at,
                at.plus(Duration.ofHours(72)));
        SaveOwnerLinkPort saving = port(SaveOwnerLinkPort.class);
        saving.insert(consent);
        OwnerLink read =
                port(LoadOwnerLinkPort.class).loadByDigest(consent.digest()).orElseThrow();

        assertThat(saving.markUsed(read, read.use(at.plusSeconds(1)))).isTrue();
        assertThat(saving.markUsed(read, read.use(at.plusSeconds(2))))
                .as("a second decision, made on the link before the first used it")
                .isFalse();
        assertThat(port(LoadOwnerLinkPort.class)
                        .loadByDigest(consent.digest())
                        .orElseThrow()
                        .usedAt())
                .contains(at.plusSeconds(1));

        OwnerLink manage = OwnerLink.forOwner(
                OwnerLinkId.random(),
                digestOf(linkToken()),
                LinkPurpose.MANAGE_CONSENTS,
                owner,
                StoreId.random(),
                at,
                at.plus(Duration.ofMinutes(30)));
        saving.insert(manage);
        OwnerLink fresh =
                port(LoadOwnerLinkPort.class).loadByDigest(manage.digest()).orElseThrow();
        assertThat(saving.markUsed(fresh, fresh.use(at.plusSeconds(1)))).isTrue();
        OwnerLink usedOnce =
                port(LoadOwnerLinkPort.class).loadByDigest(manage.digest()).orElseThrow();
        assertThat(saving.markUsed(usedOnce, usedOnce.use(at.plusSeconds(5))))
                .as("a reusable link, used again from its last use")
                .isTrue();
        assertThat(saving.markUsed(usedOnce, usedOnce.use(at.plusSeconds(6)))).isFalse();
        assertThat(port(LoadOwnerLinkPort.class)
                        .loadByDigest(manage.digest())
                        .orElseThrow()
                        .usedAt())
                .contains(at.plusSeconds(5));
    }

    @Test
    void approvingAgainAddsScopesAndKeepsWhenTheGrantWasFirstGiven() {
        Instant at = now();
        StoreId store = StoreId.random();
        IntegrationId integration = new IntegrationId("crm-" + random.nextInt(1_000_000));
        SaveConsentGrantPort grants = port(SaveConsentGrantPort.class);

        ConsentGrant first = grants.grant(store, integration, Set.of(new Scope("orders:read")), at);
        ConsentGrant second = grants.grant(
                store, integration, Set.of(new Scope("owner:read"), new Scope("orders:read")), at.plusSeconds(60));

        assertThat(first.scopes()).containsExactly(new Scope("orders:read"));
        assertThat(first.grantedAt()).isEqualTo(at);
        assertThat(second.scopes()).containsExactly(new Scope("orders:read"), new Scope("owner:read"));
        assertThat(second.grantedAt()).isEqualTo(at);
        assertThat(second.updatedAt()).isEqualTo(at.plusSeconds(60));
        assertThat(port(LoadConsentGrantPort.class).load(store, integration)).contains(second);
        assertThat(port(LoadConsentGrantPort.class).load(store, new IntegrationId("crm-none")))
                .isEmpty();
    }

    @Test
    void approvalsAtOnceAllAddUp() throws Exception {
        Instant at = now();
        StoreId store = StoreId.random();
        IntegrationId integration = new IntegrationId("crm-" + random.nextInt(1_000_000));
        SaveConsentGrantPort grants = port(SaveConsentGrantPort.class);

        atOnce(8, thread -> grants.grant(store, integration, Set.of(new Scope("area" + thread + ":read")), at));

        assertThat(port(LoadConsentGrantPort.class)
                        .load(store, integration)
                        .orElseThrow()
                        .scopes())
                .extracting(Scope::value)
                .containsExactly(
                        "area0:read",
                        "area1:read",
                        "area2:read",
                        "area3:read",
                        "area4:read",
                        "area5:read",
                        "area6:read",
                        "area7:read");
    }

    @Test
    void aStoresGrantsAreListedWithdrawnOnceAndEndedWithTheirIntegration() {
        Instant at = now();
        int n = random.nextInt(1_000_000);
        StoreId store = StoreId.random();
        StoreId another = StoreId.random();
        IntegrationId removed = new IntegrationId("b-crm-" + n);
        IntegrationId kept = new IntegrationId("a-shop-" + n);
        IntegrationId withdrawn = new IntegrationId("c-mail-" + n);
        SaveConsentGrantPort grants = port(SaveConsentGrantPort.class);
        Set<Scope> scopes = Set.of(new Scope("orders:read"));
        grants.grant(store, removed, scopes, at);
        grants.grant(store, withdrawn, scopes, at);
        grants.grant(store, kept, scopes, at);
        grants.grant(another, removed, scopes, at);
        LoadConsentGrantPort loading = port(LoadConsentGrantPort.class);

        assertThat(loading.loadByStore(store))
                .extracting(ConsentGrant::integrationId)
                .containsExactly(kept, removed, withdrawn);
        assertThat(grants.withdraw(store, withdrawn)).isTrue();
        assertThat(grants.withdraw(store, withdrawn)).isFalse();
        assertThat(grants.withdrawAll(removed)).isEqualTo(2);
        assertThat(grants.withdrawAll(removed)).isZero();

        assertThat(loading.loadByStore(store))
                .extracting(ConsentGrant::integrationId)
                .containsExactly(kept);
        assertThat(loading.loadByStore(another)).isEmpty();
        assertThat(loading.loadByStore(StoreId.random())).isEmpty();
    }

    /** Runs {@code work} on {@code threads} threads released at one moment; answers each one's result. */
    private static <T> List<T> atOnce(int threads, java.util.function.IntFunction<T> work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<T>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                int thread = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return work.apply(thread);
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (java.util.concurrent.Future<T> result : results) {
                answers.add(result.get(30, TimeUnit.SECONDS));
            }
            return answers;
        }
    }

    private PlainApiKey linkToken() {
        return ApiKeyFormat.withPrefix("ecl_").mint(random::nextInt);
    }

    /** A digest as the secrets adapter would make one; the store only keeps and compares it. */
    protected static KeyDigest digestOf(PlainApiKey plain) {
        try {
            return new KeyDigest(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(plain.reveal().getBytes(StandardCharsets.US_ASCII))));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private KeyRequest newRequest(Instant at) {
        return KeyRequest.accept(
                RequestId.random(),
                EmailAddress.of("Owner+" + random.nextInt(1_000_000) + "@Example.com"),
                OwnerName.of("Zoë's Café"),
                at);
    }

    private ApiKey newKey(KeyRequest request, Instant at) {
        return keyFor(request, format.mint(random::nextInt), at, Duration.ofHours(1));
    }

    private static ApiKey keyFor(KeyRequest request, PlainApiKey plain, Instant at, Duration window) {
        return ApiKey.mint(KeyId.random(), request, StoreId.random(), digestOf(plain), plain.hint(), at, window);
    }

    private static List<RequestId> ids(List<KeyRequest> requests) {
        return requests.stream().map(KeyRequest::id).toList();
    }
}

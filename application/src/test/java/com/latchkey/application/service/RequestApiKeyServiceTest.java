package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.in.RequestApiKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyResult;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ClientAddress;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestApiKeyServiceTest {

    private static final EmailAddress JANE = EmailAddress.of("jane@example.com");
    private final Fakes.Requests requests = new Fakes.Requests();
    private final List<KeyRequest> saved = requests.writes;
    private final Fakes.Keys keys = new Fakes.Keys();
    private final Fakes.Audit audit = new Fakes.Audit();
    private final Fakes.Buckets buckets = new Fakes.Buckets();
    private final RequestApiKeyService service = new RequestApiKeyService(
            requests, keys, keys, Fakes.DIRECT, audit, buckets, Fakes.limits(3), Fixtures.CLOCK);

    private RequestApiKeyResult request(String email, ClientAddress client) {
        return service.request(new RequestApiKeyCommand(OwnerName.of("Jane"), EmailAddress.of(email), client));
    }

    @Test
    void storesAPendingRequestDueAtOnceAndAnswersItsId() {
        RequestApiKeyResult result = request("jane@Example.com", Fixtures.CLIENT);

        assertThat(saved).hasSize(1);
        KeyRequest request = saved.get(0);
        assertThat(result).isEqualTo(new RequestApiKeyResult.Accepted(request.id()));
        assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(request.email()).isEqualTo(JANE);
        assertThat(request.isDueAt(Fixtures.NOW)).isTrue();
        assertThat(audit.types()).containsExactly(SecurityEvent.Type.REQUESTED);
        assertThat(audit.events.get(0).maskedEmail()).isEqualTo("j***@example.com");
    }

    @Test
    void supersedesTheEmailsPendingKeysButNeverItsActiveKey() {
        ApiKey pending = key(JANE, false);
        ApiKey active = key(JANE, true);
        ApiKey someoneElses = key(EmailAddress.of("joe@example.com"), false);

        request("jane@example.com", Fixtures.CLIENT);

        assertThat(keys.statusOf(pending)).isEqualTo(KeyStatus.REVOKED);
        assertThat(keys.statusOf(active)).isEqualTo(KeyStatus.ACTIVE);
        assertThat(keys.statusOf(someoneElses)).isEqualTo(KeyStatus.PENDING);
        assertThat(audit.types()).containsExactly(SecurityEvent.Type.SUPERSEDED, SecurityEvent.Type.REQUESTED);
    }

    @Test
    void requestsOverTheLimitPerEmailAreRefusedAndStoreNothing() {
        for (int i = 0; i < 3; i++) {
            assertThat(request("jane@example.com", Fixtures.CLIENT)).isInstanceOf(RequestApiKeyResult.Accepted.class);
        }

        RequestApiKeyResult refused = request("jane@example.com", new ClientAddress("198.51.100.1"));

        assertThat(refused).isEqualTo(new RequestApiKeyResult.RateLimited(Duration.ofHours(1)));
        assertThat(saved).hasSize(3);
        assertThat(audit.types()).endsWith(SecurityEvent.Type.RATE_LIMITED);
        assertThat(request("joe@example.com", Fixtures.CLIENT)).isInstanceOf(RequestApiKeyResult.Accepted.class);
    }

    @Test
    void requestsOverTheLimitPerClientAreRefusedWhateverTheEmail() {
        for (int i = 0; i < 12; i++) {
            request("owner" + i + "@example.com", Fixtures.CLIENT);
        }

        assertThat(request("another@example.com", Fixtures.CLIENT)).isInstanceOf(RequestApiKeyResult.RateLimited.class);
        assertThat(request("another@example.com", new ClientAddress("198.51.100.1")))
                .isInstanceOf(RequestApiKeyResult.Accepted.class);
    }

    @Test
    void aClientOverItsOwnLimitTakesNothingFromTheGlobalBucket() {
        for (int i = 0; i < 400; i++) {
            request("flood" + i + "@example.com", Fixtures.CLIENT);
        }

        assertThat(saved).hasSize(12);
        assertThat(buckets.taken.get("request-global|*")).isEqualTo(12L);
        assertThat(request("first@example.com", new ClientAddress("198.51.100.1")))
                .isInstanceOf(RequestApiKeyResult.Accepted.class);
        assertThat(request("second@example.com", new ClientAddress("198.51.100.2")))
                .isInstanceOf(RequestApiKeyResult.Accepted.class);
        assertThat(audit.events.get(audit.events.size() - 3).detail()).isEqualTo("key request: request-client");
    }

    @Test
    void ipv6ClientsAreLimitedPerSlash64() {
        for (int i = 0; i < 12; i++) {
            request("v6-" + i + "@example.com", new ClientAddress("2001:db8:1:2::" + Integer.toHexString(i + 1)));
        }

        assertThat(request("v6-more@example.com", new ClientAddress("2001:db8:1:2:ffff:ffff:ffff:fffe")))
                .as("another address of the same /64 is the same client")
                .isInstanceOf(RequestApiKeyResult.RateLimited.class);
        assertThat(request("v6-next@example.com", new ClientAddress("2001:db8:1:3::1")))
                .isInstanceOf(RequestApiKeyResult.Accepted.class);
    }

    @Test
    void aRequestRefusedByOneBucketTakesFromNone() {
        for (int i = 0; i < 3; i++) {
            request("jane@example.com", new ClientAddress("198.51.100." + (i + 1)));
        }

        request("JANE@example.com", Fixtures.CLIENT);

        assertThat(buckets.taken.get("request-client|" + Fixtures.CLIENT.value()))
                .isNull();
        assertThat(buckets.taken.get("request-global|*")).isEqualTo(3L);
    }

    @Test
    void aNewRequestSupersedesAKeyWhoseMailIsStillBeingSent() {
        ApiKey inFlight = ApiKey.mint(
                KeyId.random(),
                KeyRequest.accept(RequestId.random(), JANE, OwnerName.of("Jane"), Fixtures.NOW),
                StoreId.random(),
                new KeyDigest("f".repeat(64)),
                new KeyHint("eck_abcd"),
                Fixtures.NOW,
                Duration.ofHours(24));
        keys.save(inFlight);

        request("Jane@Example.com", Fixtures.CLIENT);

        assertThat(keys.statusOf(inFlight)).isEqualTo(KeyStatus.REVOKED);
    }

    private ApiKey key(EmailAddress owner, boolean verified) {
        KeyRequest request = KeyRequest.accept(RequestId.random(), owner, OwnerName.of("Owner"), Fixtures.NOW);
        String digest = String.format("%064x", keys.byId.size() + 1);
        ApiKey key = ApiKey.mint(
                        KeyId.random(),
                        request,
                        StoreId.random(),
                        new KeyDigest(digest),
                        new KeyHint("eck_abcd"),
                        Fixtures.NOW,
                        Duration.ofHours(24))
                .delivered();
        if (verified) {
            key = ((ApiKey.Verification.Verified) key.verify(owner, Fixtures.NOW)).key();
        }
        keys.save(key);
        return key;
    }
}

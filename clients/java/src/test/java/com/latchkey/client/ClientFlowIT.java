package com.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the packaged service, one process for the class: the owner's flow from request to
 * revoke, a wrong key, and an integration's consent, each answer read through the client's results.
 */
class ClientFlowIT {

    @TempDir
    static Path dataDir;

    static LatchkeyService service;
    static LatchkeyClient client;

    @BeforeAll
    static void start() throws Exception {
        service = LatchkeyService.start(dataDir);
        client = LatchkeyClient.builder(service.url())
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /** Asks for a key, follows the request until it is sent, reads the key from the mail and verifies it. */
    static ApiKey activeKeyFor(String name, String email) throws Exception {
        KeyRequestResult requested = client.requestKey(name, email);
        assertThat(requested).isInstanceOf(KeyRequestResult.Accepted.class);
        UUID requestId = ((KeyRequestResult.Accepted) requested).requestId();

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> client.keyRequestStatus(requestId),
                        status -> status instanceof KeyRequestStatusResult.Found found
                                && found.delivery() == KeyRequestStatusResult.Delivery.SENT);
        ApiKey key = ApiKey.of(await().atMost(Duration.ofSeconds(10))
                .until(() -> service.mailbox().newestKey(email), Optional::isPresent)
                .orElseThrow());

        assertThat(client.verify(email, key)).isInstanceOf(VerifyResult.Verified.class);
        return key;
    }

    @Test
    void requestFollowVerifyIdentifyRevoke() throws Exception {
        String email = "jane@flow.example";

        KeyRequestResult requested = client.requestKey("Jane Doe", email);
        UUID requestId = switch (requested) {
            case KeyRequestResult.Accepted(var id, var message) -> {
                assertThat(message).contains("Check your email inbox");
                yield id;
            }
            case ValidationFailed failed -> throw new AssertionError("refused: " + failed);
            case RateLimited limited -> throw new AssertionError("rate limited: " + limited);
            case UnexpectedAnswer unexpected -> throw new AssertionError("unexpected: " + unexpected);
        };

        KeyRequestStatusResult sent = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> client.keyRequestStatus(requestId),
                        status -> status instanceof KeyRequestStatusResult.Found found
                                && found.delivery() == KeyRequestStatusResult.Delivery.SENT);
        assertThat(((KeyRequestStatusResult.Found) sent).attempts()).isPositive();
        assertThat(((KeyRequestStatusResult.Found) sent).requestId()).isEqualTo(requestId);

        ApiKey key = ApiKey.of(await().atMost(Duration.ofSeconds(10))
                .until(() -> service.mailbox().newestKey(email), Optional::isPresent)
                .orElseThrow());

        VerifyResult verified = client.verify(email, key);
        assertThat(verified).isInstanceOf(VerifyResult.Verified.class);
        UUID keyId = ((VerifyResult.Verified) verified).keyId();

        IdentifyResult identity = client.identify(key);
        assertThat(identity).isInstanceOfSatisfying(IdentifyResult.Identified.class, store -> {
            assertThat(store.keyId()).isEqualTo(keyId);
            assertThat(store.status()).isEqualTo("ACTIVE");
            assertThat(store.storeId()).isNotBlank();
            assertThat(store.verifiedAt()).isEqualTo(((VerifyResult.Verified) verified).verifiedAt());
            assertThat(store.scopes()).isEmpty();
        });

        assertThat(client.revoke(key)).isEqualTo(new RevokeResult.Revoked(keyId));

        assertThat(client.identify(key)).isEqualTo(new InvalidCredentials());
        assertThat(client.verify(email, key)).isEqualTo(new KeyRevoked());
    }

    @Test
    void aWrongKeyIsAResultNotAnException() throws Exception {
        String email = "omar@flow.example";
        ApiKey key = activeKeyFor("Omar Said", email);
        String real = key.value();
        // the same shape with its last character changed: the checksum no longer matches
        ApiKey wrong = ApiKey.of(real.substring(0, real.length() - 1) + (real.endsWith("a") ? "b" : "a"));

        assertThat(client.verify(email, wrong)).isEqualTo(new InvalidCredentials());
        assertThat(client.verify("someone@else.example", key)).isEqualTo(new InvalidCredentials());
        assertThat(client.identify(wrong)).isEqualTo(new InvalidCredentials());
        assertThat(client.verify("not an email", key))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        failed -> assertThat(failed.errors())
                                .extracting(ValidationFailed.FieldError::field)
                                .containsExactly("email"));
        assertThat(client.keyRequestStatus(UUID.randomUUID())).isEqualTo(new NotFound());
    }

    @Test
    void anIntegrationHasNoAccessUntilTheOwnerConsents() throws Exception {
        String email = "ada@flow.example";
        ApiKey key = activeKeyFor("Ada Lovelace", email);
        IntegrationCredentials acme = service.registerIntegration("acme-crm", "orders:read", "owner:read");
        String storeId = ((IdentifyResult.Identified) client.identify(key)).storeId();

        AccessResult before = client.checkAccess(acme, key);
        assertThat(before)
                .isInstanceOfSatisfying(
                        AccessResult.NoConsent.class,
                        none -> assertThat(none.storeId()).isEqualTo(storeId));

        assertThat(client.checkAccess(new IntegrationCredentials("acme-crm", "eci_wrong"), key))
                .isEqualTo(new InvalidIntegration());
        assertThat(client.requestConsent(acme, key, List.of("customers:read")))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        failed -> assertThat(failed.errors())
                                .extracting(ValidationFailed.FieldError::field)
                                .containsExactly("scopes"));

        assertThat(client.requestConsent(acme, key, List.of("orders:read", "owner:read")))
                .isInstanceOf(ConsentRequestResult.Requested.class);
        String token = await().atMost(Duration.ofSeconds(10))
                .until(() -> service.mailbox().newestConsentToken(email), Optional::isPresent)
                .orElseThrow();
        assertThat(service.decideConsent(token, "APPROVE").statusCode()).isEqualTo(200);

        assertThat(client.checkAccess(acme, key))
                .isEqualTo(new AccessResult.Granted(
                        storeId,
                        ((IdentifyResult.Identified) client.identify(key)).keyId(),
                        Set.of("orders:read", "owner:read"),
                        Optional.of(new AccessResult.Owner("Ada Lovelace", email))));

        assertThat(client.revoke(key)).isInstanceOf(RevokeResult.Revoked.class);
        assertThat(client.checkAccess(acme, key)).isEqualTo(new InvalidCredentials());
    }
}

package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.in.AuthenticateIntegrationResult;
import com.latchkey.application.port.in.AuthenticateIntegrationUseCase;
import com.latchkey.application.port.in.PresentedKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyUseCase;
import com.latchkey.application.port.in.RevokeApiKeyResult;
import com.latchkey.application.port.in.RevokeApiKeyUseCase;
import com.latchkey.application.port.in.VerifyApiKeyCommand;
import com.latchkey.application.port.in.VerifyApiKeyResult;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.application.service.DeliverPendingKeysService;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import io.micronaut.context.ApplicationContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * State changes racing on one key or one owner, on two instances sharing one database (an H2 in
 * memory here; PostgreSQL in the subclass): every change is a compare-and-set, so a key ends
 * revoked whenever a revoke answered that it did, and an owner never has two active keys.
 */
class KeyRacesTest {

    private static final ClientAddress CLIENT = new ClientAddress("203.0.113.20");
    private static final int TRIALS = 15;

    private final SecureRandom random = new SecureRandom();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private ApplicationContext first;
    private ApplicationContext second;

    /** The shared database: an H2 in memory here. */
    protected Map<String, Object> database() {
        return Map.of(
                "datasources.default.url",
                "jdbc:h2:mem:races-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    }

    @BeforeEach
    void start() {
        Map<String, Object> settings = new HashMap<>(database());
        settings.put("latchkey.key.pepper", "races-pepper-of-at-least-32-characters");
        settings.put("latchkey.limits.enabled", "false");
        settings.put("latchkey.delivery.enabled", "false");
        settings.put("latchkey.key-cache-ttl", "PT0S");
        settings.put(
                "latchkey.data-dir", System.getProperty("java.io.tmpdir") + "/latchkey-races-" + UUID.randomUUID());
        first = ApplicationContext.run(settings);
        second = ApplicationContext.run(settings);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        second.close();
        first.close();
    }

    @Test
    void aKeyEndsRevokedWheneverARevokeAnsweredThatItDid() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            EmailAddress owner = EmailAddress.of("race" + trial + "@revoke.example");
            PlainApiKey key = deliveredKey(owner);
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ApplicationContext instance = i % 2 == 0 ? first : second;
                calls.add(() -> instance.getBean(VerifyApiKeyUseCase.class)
                        .verify(new VerifyApiKeyCommand(owner, key.reveal(), CLIENT)));
                calls.add(() -> instance.getBean(RevokeApiKeyUseCase.class)
                        .revoke(new PresentedKeyCommand(key.reveal(), CLIENT)));
            }

            List<Object> answers = all(calls);

            assertThat(answers)
                    .as("a revoke that read the key before another revoke settled it answers the state that won;"
                            + " one that read it revoked finds nothing to revoke")
                    .filteredOn(RevokeApiKeyResult.class::isInstance)
                    .hasSize(4)
                    .allMatch(answer -> answer instanceof RevokeApiKeyResult.Revoked
                            || answer instanceof RevokeApiKeyResult.InvalidCredentials)
                    .anyMatch(RevokeApiKeyResult.Revoked.class::isInstance);
            assertThat(answers)
                    .filteredOn(VerifyApiKeyResult.class::isInstance)
                    .allMatch(answer -> answer instanceof VerifyApiKeyResult.Verified
                            || answer instanceof VerifyApiKeyResult.Revoked);
            assertThat(stored(key).status()).isEqualTo(KeyStatus.REVOKED);
            for (ApplicationContext instance : List.of(first, second)) {
                assertThat(instance.getBean(AuthenticateIntegrationUseCase.class)
                                .authenticate(new PresentedKeyCommand(key.reveal(), CLIENT)))
                        .isInstanceOf(AuthenticateIntegrationResult.InvalidCredentials.class);
                assertThat(instance.getBean(VerifyApiKeyUseCase.class)
                                .verify(new VerifyApiKeyCommand(owner, key.reveal(), CLIENT)))
                        .isInstanceOf(VerifyApiKeyResult.Revoked.class);
            }
        }
    }

    @Test
    void twoKeysOfOneOwnerVerifiedAtOnceOnTwoInstancesLeaveOneActive() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            EmailAddress owner = EmailAddress.of("Rot" + trial + "@rotate.example");
            PlainApiKey active = deliveredKey(owner);
            first.getBean(VerifyApiKeyUseCase.class).verify(new VerifyApiKeyCommand(owner, active.reveal(), CLIENT));
            // Two deliveries that ran side by side can leave two delivered keys: verify both at once.
            PlainApiKey one = deliveredKey(owner);
            PlainApiKey other = deliveredKey(EmailAddress.of("rot" + trial + "@ROTATE.example"));

            List<Object> answers = all(List.of(
                    () -> first.getBean(VerifyApiKeyUseCase.class)
                            .verify(new VerifyApiKeyCommand(owner, one.reveal(), CLIENT)),
                    () -> second.getBean(VerifyApiKeyUseCase.class)
                            .verify(new VerifyApiKeyCommand(owner, other.reveal(), CLIENT))));

            assertThat(answers).allMatch(VerifyApiKeyResult.Verified.class::isInstance);
            assertThat(first.getBean(LoadApiKeyPort.class).loadByOwner(owner, KeyStatus.ACTIVE))
                    .as("one active key per owner, trial " + trial)
                    .hasSize(1);
            assertThat(stored(active).status()).isEqualTo(KeyStatus.REVOKED);
        }
    }

    @Test
    void aRequestSupersedesAKeyWhoseMailIsBeingSentAtThatMoment() {
        EmailAddress owner = EmailAddress.of("slow@supersede.example");
        first.getBean(RequestApiKeyUseCase.class)
                .request(new RequestApiKeyCommand(OwnerName.of("Owner"), owner, CLIENT));
        AtomicReference<PlainApiKey> mailed = new AtomicReference<>();
        DeliverPendingKeysService delivery = new DeliverPendingKeysService(
                first.getBean(ClaimDueKeyRequestsPort.class),
                first.getBean(SaveKeyRequestPort.class),
                first.getBean(SaveApiKeyPort.class),
                first.getBean(LoadApiKeyPort.class),
                first.getBean(OwnerStoresPort.class),
                first.getBean(AuditTrailPort.class),
                first.getBean(RecordDeliveryAttemptPort.class),
                (mails, handOverBefore, outcomes) -> {
                    mailed.set(mails.getFirst().key());
                    // While this mail is on its way, the owner asks again on the other instance.
                    second.getBean(RequestApiKeyUseCase.class)
                            .request(new RequestApiKeyCommand(OwnerName.of("Owner"), owner, CLIENT));
                    outcomes.accept(new KeyMailOutcome.Sent());
                },
                first.getBean(KeyDigestPort.class),
                first.getBean(TransactionPort.class),
                first.getBean(LatchkeySettings.class).keyFormat(),
                first.getBean(LatchkeySettings.class).deliveryPolicy(),
                Clock.systemUTC(),
                random);

        assertThat(delivery.deliverDue().delivered()).isEqualTo(1);

        assertThat(stored(mailed.get()).status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(second.getBean(VerifyApiKeyUseCase.class)
                        .verify(new VerifyApiKeyCommand(owner, mailed.get().reveal(), CLIENT)))
                .isInstanceOf(VerifyApiKeyResult.Revoked.class);
        assertThat(first.getBean(ClaimDueKeyRequestsPort.class).claimDue(Instant.now(), Duration.ofMinutes(1), 10))
                .as("the newer request still waits for its own delivery")
                .extracting(KeyRequest::email)
                .containsExactly(owner);
    }

    /** A key delivered to {@code owner}, as the dispatcher leaves it; answers the plaintext. */
    private PlainApiKey deliveredKey(EmailAddress owner) {
        LatchkeySettings settings = first.getBean(LatchkeySettings.class);
        PlainApiKey plain = settings.keyFormat().mint(random::nextInt);
        Instant now = Instant.now();
        KeyRequest request = KeyRequest.accept(RequestId.random(), owner, OwnerName.of("Owner"), now);
        first.getBean(SaveKeyRequestPort.class).insert(request);
        ApiKey minted = ApiKey.mint(
                KeyId.random(),
                request,
                first.getBean(OwnerStoresPort.class).storeOf(owner),
                first.getBean(KeyDigestPort.class).digestOf(plain),
                plain.hint(),
                now,
                Duration.ofHours(1));
        first.getBean(SaveApiKeyPort.class).insert(minted.delivered());
        assertThat(first.getBean(LoadKeyRequestPort.class)
                        .load(request.id())
                        .orElseThrow()
                        .status())
                .isEqualTo(RequestStatus.PENDING);
        return plain;
    }

    private ApiKey stored(PlainApiKey key) {
        return first.getBean(LoadApiKeyPort.class)
                .loadByDigest(first.getBean(KeyDigestPort.class).digestOf(key))
                .orElseThrow();
    }

    /** Runs the calls at the same moment, one thread each; answers their results in order. */
    private List<Object> all(List<Callable<Object>> calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> running = new ArrayList<>();
        for (Callable<Object> call : calls) {
            running.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return call.call();
            }));
        }
        ready.await();
        go.countDown();
        List<Object> answers = new ArrayList<>();
        for (Future<Object> answer : running) {
            answers.add(answer.get());
        }
        return answers;
    }
}

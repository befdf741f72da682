package com.latchkey.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import com.latchkey.tck.store.StoreContract;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The memory store passes the store contract, chosen by its setting as a deployment would. */
class MemoryStoreTest extends StoreContract {

    private static final ApplicationContext CONTEXT =
            ApplicationContext.run(Map.of("latchkey.adapters.store", "memory"));

    @AfterAll
    static void stop() {
        CONTEXT.close();
    }

    @Override
    protected <T> T port(Class<T> type) {
        return CONTEXT.getBean(type);
    }

    @Test
    void anUndoneStripPutsBackOnlyWhatItReplacedAndKeepsWhatWasRecordedMeanwhile() {
        MemoryStore store = CONTEXT.getBean(MemoryStore.class);
        EmailAddress owner = EmailAddress.of("undo." + System.nanoTime() + "@shop.example");
        EmailAddress someoneElse = EmailAddress.of("meanwhile." + System.nanoTime() + "@shop.example");
        Instant at = Instant.now();
        store.record(SecurityEvent.of(SecurityEvent.Type.REQUESTED, at, owner, null, "before-undone-strip"));

        assertThatThrownBy(() -> store.inTransaction(() -> {
                    store.stripAudit(owner, Set.of());
                    store.record(SecurityEvent.of(
                            SecurityEvent.Type.REQUESTED, at, someoneElse, null, "meanwhile-undone-strip"));
                    throw new IllegalStateException("failed after the strip");
                }))
                .hasMessageContaining("failed after the strip");

        assertThat(store.auditEvents())
                .filteredOn(event -> event.detail() != null)
                .extracting(SecurityEvent::detail)
                .contains("before-undone-strip", "meanwhile-undone-strip");
        assertThat(store.auditEvents())
                .filteredOn(event -> "before-undone-strip".equals(event.detail()))
                .singleElement()
                .satisfies(event -> assertThat(event.maskedEmail()).isEqualTo(owner.masked()));
    }

    @Test
    void itIsAbsentUnlessChosen() {
        try (ApplicationContext jdbc = ApplicationContext.run(Map.of("latchkey.adapters.store", "jdbc"))) {
            assertThat(jdbc.findBean(LoadApiKeyPort.class)).isEmpty();
            assertThat(jdbc.findBean(OwnerStoresPort.class)).isEmpty();
            assertThat(jdbc.findBean(LoadOwnerLinkPort.class)).isEmpty();
            assertThat(jdbc.findBean(SaveConsentGrantPort.class)).isEmpty();
        }
    }

    @Test
    void theAuditTrailKeepsOnlyTheNewestEventsWithMaskedEmails() {
        MemoryStore store = CONTEXT.getBean(MemoryStore.class);
        for (int i = 0; i < MemoryStore.AUDIT_KEPT + 5; i++) {
            port(AuditTrailPort.class)
                    .record(SecurityEvent.of(
                            SecurityEvent.Type.VERIFY_FAILED,
                            Instant.now(),
                            EmailAddress.of("flood" + i + "@shop.example"),
                            new ClientAddress("203.0.113.9"),
                            "event " + i));
        }

        List<SecurityEvent> kept = store.auditEvents();
        assertThat(kept).hasSize(MemoryStore.AUDIT_KEPT);
        assertThat(kept.getFirst().detail()).as("the oldest five were dropped").isEqualTo("event 5");
        assertThat(kept.getLast().detail()).isEqualTo("event " + (MemoryStore.AUDIT_KEPT + 4));
        assertThat(kept).allSatisfy(event -> assertThat(event.maskedEmail()).isEqualTo("f***@shop.example"));
        assertThat(kept)
                .as("the client's /24 only")
                .allSatisfy(event -> assertThat(event.clientAddress()).isEqualTo(new ClientAddress("203.0.113.0/24")));
    }

    @Test
    void aChangeMadeOnTopOfAWriteThatIsRolledBackStands() throws Exception {
        Instant at = Instant.now();
        KeyRequest request =
                KeyRequest.accept(RequestId.random(), EmailAddress.of("jane@shop.example"), OwnerName.of("Jane"), at);
        PlainApiKey plain = ApiKeyFormat.withPrefix("eck_").mint(new java.util.Random()::nextInt);
        ApiKey pending = ApiKey.mint(
                        KeyId.random(),
                        request,
                        StoreId.random(),
                        digestOf(plain),
                        plain.hint(),
                        at,
                        Duration.ofHours(1))
                .delivered();
        port(SaveApiKeyPort.class).insert(pending);
        ApiKey active = ((ApiKey.Verification.Verified) pending.verify(request.email(), at)).key();

        assertThatThrownBy(() -> port(TransactionPort.class).inTransaction(() -> {
                    port(SaveApiKeyPort.class).compareAndSet(pending, active);
                    // Another thread, outside any transaction, revokes the key it reads active.
                    try (ExecutorService other = Executors.newSingleThreadExecutor()) {
                        assertThat(other.submit(() -> port(SaveApiKeyPort.class).compareAndSet(active, active.revoke()))
                                        .get(10, TimeUnit.SECONDS))
                                .isTrue();
                    } catch (Exception failed) {
                        throw new AssertionError(failed);
                    }
                    throw new IllegalStateException("the activation fails after all");
                }))
                .hasMessage("the activation fails after all");

        assertThat(port(LoadApiKeyPort.class)
                        .loadByDigest(pending.digest())
                        .orElseThrow()
                        .status())
                .as("the revoke is not undone with the activation it was made on")
                .isEqualTo(KeyStatus.REVOKED);
    }
}

package com.latchkey.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.tck.store.StoreContract;
import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.Map;
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
    void itIsAbsentUnlessChosen() {
        try (ApplicationContext jdbc = ApplicationContext.run(Map.of("latchkey.adapters.store", "jdbc"))) {
            assertThat(jdbc.findBean(LoadApiKeyPort.class)).isEmpty();
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
                            null));
        }

        assertThat(store.auditEvents()).hasSize(MemoryStore.AUDIT_KEPT);
        assertThat(store.auditEvents().getLast().maskedEmail())
                .isNotNull()
                .doesNotContain("flood" + (MemoryStore.AUDIT_KEPT + 4));
    }
}

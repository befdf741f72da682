package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.domain.SecurityEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each security event to the audit table and as one log line; neither holds a key or a full
 * email. Services reach it through {@link CoalescingAuditTrail} ({@link AuditTrailFactory}).
 */
class AuditTrailAdapter implements AuditTrailPort {

    private static final Logger LOG = LoggerFactory.getLogger("latchkey.audit");

    private final AuditEventRepository repository;

    AuditTrailAdapter(AuditEventRepository repository) {
        this.repository = repository;
    }

    @Override
    public void record(SecurityEvent event) {
        LOG.info("{}", event.logLine());
        StorageFailures.guarded(() -> {
            repository.save(new AuditEventRow(
                    TimeOrderedIds.next(),
                    event.type().name(),
                    event.at(),
                    event.key().map(id -> id.value()).orElse(null),
                    event.maskedEmail(),
                    event.clientAddress() == null ? null : event.clientAddress().value(),
                    event.detail()));
        });
    }
}

package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.SecurityEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each security event to the audit table and as one log line; neither holds a key or a full
 * email (the table keeps the owner's keyed index, to find an owner's events, never the email), nor a
 * full client address: only its network ({@link com.latchkey.domain.ClientAddress#forAudit()}, SPEC
 * section 9), cut before it is written anywhere, the log line included.
 * Services reach it through {@link CoalescingAuditTrail} ({@link AuditTrailFactory}).
 */
class AuditTrailAdapter implements AuditTrailPort {

    private static final Logger LOG = LoggerFactory.getLogger("latchkey.audit");

    private final AuditEventRepository repository;
    private final SealPersonalDataPort emails;

    AuditTrailAdapter(AuditEventRepository repository, SealPersonalDataPort emails) {
        this.repository = repository;
        this.emails = emails;
    }

    @Override
    public void record(SecurityEvent full) {
        SecurityEvent event = new SecurityEvent(
                full.type(),
                full.at(),
                full.keyId(),
                full.maskedEmail(),
                full.clientAddress() == null ? null : full.clientAddress().forAudit(),
                full.detail(),
                full.owner(),
                full.actor());
        LOG.info("{}", event.logLine());
        StorageFailures.guarded(() -> {
            repository.save(new AuditEventRow(
                    TimeOrderedIds.next(),
                    event.type().name(),
                    event.at(),
                    event.key().map(id -> id.value()).orElse(null),
                    event.maskedEmail(),
                    event.clientAddress() == null ? null : event.clientAddress().value(),
                    event.detail(),
                    event.ownerEmail().map(emails::index).orElse(null),
                    event.actor() == SecurityEvent.Actor.CALLER
                            ? null
                            : event.actor().label()));
        });
    }
}

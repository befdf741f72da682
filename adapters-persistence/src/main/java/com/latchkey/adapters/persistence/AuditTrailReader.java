package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.SecurityEvent;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the audit table back for operators: a key's events by its id, an owner's by the keyed
 * index of the email, each page after the id of the last one read (ids are time-ordered, so the
 * pages follow the order the events were written in).
 */
@Singleton
class AuditTrailReader implements ReadAuditTrailPort {

    private static final UUID BEFORE_EVERY_ID = new UUID(0, 0);

    private final AuditEventRepository repository;
    private final SealPersonalDataPort emails;

    AuditTrailReader(AuditEventRepository repository, SealPersonalDataPort emails) {
        this.repository = repository;
        this.emails = emails;
    }

    @Override
    public Page read(Query query) {
        UUID after = query.after().flatMap(AuditTrailReader::cursor).orElse(BEFORE_EVERY_ID);
        List<AuditEventRow> rows = StorageFailures.guarded(() -> query.key().isPresent()
                ? repository.pageOfKey(query.key().get().value(), query.since(), after, query.limit())
                : repository.pageOfOwner(
                        emails.indexes(query.owner().orElseThrow()), query.since(), after, query.limit()));
        List<Recorded> events = rows.stream()
                .map(row -> new Recorded(row.id().toString(), toEvent(row)))
                .toList();
        Optional<String> next = rows.size() < query.limit()
                ? Optional.empty()
                : Optional.of(rows.getLast().id().toString());
        return new Page(events, next);
    }

    @Override
    public boolean isCursor(String after) {
        return cursor(after).isPresent();
    }

    private static Optional<UUID> cursor(String after) {
        try {
            return Optional.of(UUID.fromString(after));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    private static SecurityEvent toEvent(AuditEventRow row) {
        SecurityEvent.Actor actor = row.actor() == null
                ? SecurityEvent.Actor.CALLER
                : Arrays.stream(SecurityEvent.Actor.values())
                        .filter(candidate -> candidate.label().equals(row.actor()))
                        .findFirst()
                        .orElse(SecurityEvent.Actor.CALLER);
        return new SecurityEvent(
                SecurityEvent.Type.valueOf(row.eventType()),
                row.occurredAt(),
                row.keyId() == null ? null : new KeyId(row.keyId()),
                row.maskedEmail(),
                // Stored cut to its network; cut again in case an instance of the release before
                // (a rolling upgrade) wrote it in full after migration 12 ran.
                row.clientAddress() == null ? null : new ClientAddress(row.clientAddress()).forAudit(),
                row.detail(),
                null,
                actor);
    }
}

package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyHint;
import com.latchkey.domain.Scope;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

@Singleton
class IntegrationPersistenceAdapter implements LoadIntegrationPort, SaveIntegrationPort {

    private final IntegrationRepository repository;
    private final com.latchkey.application.port.out.KeyDigestPort digests;

    IntegrationPersistenceAdapter(
            IntegrationRepository repository, com.latchkey.application.port.out.KeyDigestPort digests) {
        this.repository = repository;
        this.digests = digests;
    }

    @Override
    public boolean insert(Integration integration) {
        IntegrationRow row = toRow(integration);
        try {
            // The secret's digest was made just now, in this process: under the newest pepper.
            return StorageFailures.guarded(() -> repository.insertUnlessTaken(
                            row.id(),
                            row.name(),
                            row.scopes(),
                            row.secretDigest(),
                            row.secretHint(),
                            row.registeredAt(),
                            digests.currentSecret())
                    == 1);
        } catch (RuntimeException failed) {
            // Two registrations of one id at once: both saw it free, the second hit the primary key.
            if (StorageFailures.isUniqueViolation(failed)) {
                return false;
            }
            throw failed;
        }
    }

    @Override
    public boolean delete(IntegrationId id) {
        return StorageFailures.guarded(() -> repository.remove(id.value()) == 1);
    }

    @Override
    public Optional<Integration> load(IntegrationId id) {
        return StorageFailures.guarded(
                () -> repository.findById(id.value()).map(IntegrationPersistenceAdapter::toDomain));
    }

    @Override
    public List<Integration> loadAll() {
        return StorageFailures.guarded(() -> repository.findAllOrderById().stream()
                .map(IntegrationPersistenceAdapter::toDomain)
                .toList());
    }

    private static IntegrationRow toRow(Integration integration) {
        return new IntegrationRow(
                integration.id().value(),
                integration.name().value(),
                integration.scopes().stream().map(Scope::value).collect(Collectors.joining(" ")),
                integration.secretDigest().hex(),
                integration.secretHint().value(),
                integration.registeredAt(),
                null);
    }

    private static Integration toDomain(IntegrationRow row) {
        return Integration.restore(
                new IntegrationId(row.id()),
                new IntegrationName(row.name()),
                Arrays.stream(row.scopes().split(" ")).map(Scope::new).collect(Collectors.toSet()),
                new KeyDigest(row.secretDigest()),
                new KeyHint(row.secretHint()),
                row.registeredAt());
    }
}

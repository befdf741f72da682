package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.RequestId;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@Singleton
class KeyRequestPersistenceAdapter implements SaveKeyRequestPort, LoadKeyRequestPort, ClaimDueKeyRequestsPort {

    private final KeyRequestRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final KeyRequestMapper mapper;

    KeyRequestPersistenceAdapter(
            KeyRequestRepository repository, TransactionOperations<Connection> transactions, EmailProtection emails) {
        this.repository = repository;
        this.transactions = transactions;
        this.mapper = new KeyRequestMapper(emails);
    }

    @Override
    public void insert(KeyRequest request) {
        KeyRequestRow row = mapper.toRow(request);
        StorageFailures.guarded(() -> {
            repository.save(row);
        });
    }

    @Override
    public boolean compareAndSet(KeyRequest read, KeyRequest changed) {
        if (!read.id().equals(changed.id())) {
            throw new IllegalArgumentException("a change of request " + read.id() + " names request " + changed.id());
        }
        return StorageFailures.guarded(() -> repository.updateOutcome(
                        changed.id().value(),
                        read.status().name(),
                        read.attempts(),
                        changed.status().name(),
                        changed.attempts(),
                        changed.nextAttemptAt(),
                        changed.updatedAt(),
                        changed.lastError().orElse(null))
                == 1);
    }

    @Override
    public Optional<KeyRequest> load(RequestId id) {
        return StorageFailures.guarded(() -> repository.findById(id.value()).map(mapper::toDomain));
    }

    @Override
    public List<KeyRequest> claimDue(Instant now, Duration lease, int limit) {
        return StorageFailures.guarded(() -> transactions.executeWrite(status -> repository.lockDue(now, limit).stream()
                .map(mapper::toDomain)
                .map(request -> request.claim(now, lease))
                .peek(claimed -> repository.lease(claimed.id().value(), claimed.nextAttemptAt(), now))
                .toList()));
    }
}

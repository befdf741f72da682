package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.RequestId;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
class KeyRequestPersistenceAdapter implements SaveKeyRequestPort, LoadKeyRequestPort, ClaimDueKeyRequestsPort {

    /**
     * How many of the requests due longest a claim on H2 chooses from, in batches: room for the
     * dispatcher's four workers (its default) to claim a full batch each at the same time.
     */
    static final int CLAIM_WINDOW_BATCHES = 4;

    private final KeyRequestRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final KeyRequestMapper mapper;
    private final SealPersonalDataPort emails;
    private final boolean postgres;

    KeyRequestPersistenceAdapter(
            KeyRequestRepository repository,
            TransactionOperations<Connection> transactions,
            SealPersonalDataPort emails,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl) {
        this.repository = repository;
        this.transactions = transactions;
        this.mapper = new KeyRequestMapper(emails);
        this.emails = emails;
        this.postgres = databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql:");
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
    public List<KeyRequest> requestsOf(EmailAddress owner) {
        return StorageFailures.guarded(
                () -> repository.findByEmailIndexInOrderByCreatedAtDesc(emails.indexes(owner)).stream()
                        .map(mapper::toDomain)
                        .toList());
    }

    @Override
    public List<KeyRequest> claimDue(Instant now, Duration lease, int limit) {
        return StorageFailures.guarded(() -> transactions.executeWrite(status -> lockDue(now, limit).stream()
                .map(mapper::toDomain)
                .map(request -> request.claim(now, lease))
                .peek(claimed -> repository.lease(claimed.id().value(), claimed.nextAttemptAt(), now))
                .toList()));
    }

    /**
     * PostgreSQL locks only the rows a sorted, limited {@code FOR UPDATE} returns. H2 locks every row
     * such a query reads before it sorts (the whole backlog, and each lock is a write of the row); so
     * on H2 the claim picks from the requests due longest without a lock, then locks only the rows it
     * takes.
     */
    private List<KeyRequestRow> lockDue(Instant now, int limit) {
        if (postgres) {
            return repository.lockDue(now, limit);
        }
        List<UUID> dueLongest = repository.findDueLongest(now, limit * CLAIM_WINDOW_BATCHES);
        return dueLongest.isEmpty() ? List.of() : repository.lockDueAmong(dueLongest, now, limit);
    }
}

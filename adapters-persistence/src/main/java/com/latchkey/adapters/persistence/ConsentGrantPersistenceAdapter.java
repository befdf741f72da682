package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.Scope;
import com.latchkey.domain.StoreId;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Grants in {@code consent_grant}. A grant is a first insert or, when the store granted the
 * integration already, a change of the locked row, in one transaction: concurrent approvals queue on
 * the row's lock (or on the first insert's key) and each adds its scopes to what the last one left.
 */
@Singleton
class ConsentGrantPersistenceAdapter implements LoadConsentGrantPort, SaveConsentGrantPort {

    /**
     * How often a grant tries to insert or lock before it gives up: the row it could not insert may
     * be gone by the time it locks (withdrawn meanwhile, or on H2 not yet committed).
     */
    static final int ATTEMPTS = 3;

    private final ConsentGrantRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final boolean postgres;

    ConsentGrantPersistenceAdapter(
            ConsentGrantRepository repository,
            TransactionOperations<Connection> transactions,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl) {
        this.repository = repository;
        this.transactions = transactions;
        this.postgres = databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public ConsentGrant grant(StoreId store, IntegrationId integration, Set<Scope> scopes, Instant now) {
        ConsentGrant first = ConsentGrant.give(store, integration, scopes, now);
        return StorageFailures.guarded(() -> transactions.executeWrite(status -> {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                if (insertFirst(first)) {
                    return first;
                }
                Optional<ConsentGrantRow> locked = repository.lock(store.value(), integration.value());
                if (locked.isPresent()) {
                    ConsentGrant added = toDomain(locked.get()).adding(scopes, now);
                    repository.updateScopes(
                            store.value(), integration.value(), ScopesColumn.text(added.scopes()), added.updatedAt());
                    return added;
                }
            }
            throw new IllegalStateException("the grant of " + integration + " by store " + store
                    + " changed under every one of " + ATTEMPTS + " tries");
        }));
    }

    private boolean insertFirst(ConsentGrant first) {
        String scopes = ScopesColumn.text(first.scopes());
        if (postgres) {
            return repository.insertUnlessGrantedOnPostgres(
                            first.storeId().value(), first.integrationId().value(), scopes, first.grantedAt())
                    == 1;
        }
        try {
            return repository.insertUnlessGranted(
                            first.storeId().value(), first.integrationId().value(), scopes, first.grantedAt())
                    == 1;
        } catch (RuntimeException failed) {
            // A concurrent first grant won the key; H2 goes on with the transaction, to lock its row.
            if (StorageFailures.isUniqueViolation(failed)) {
                return false;
            }
            throw failed;
        }
    }

    @Override
    public boolean withdraw(StoreId store, IntegrationId integration) {
        return StorageFailures.guarded(() -> repository.remove(store.value(), integration.value()) == 1);
    }

    @Override
    public int withdrawAll(IntegrationId integration) {
        return StorageFailures.guarded(() -> repository.removeAll(integration.value()));
    }

    @Override
    public Optional<ConsentGrant> load(StoreId store, IntegrationId integration) {
        return StorageFailures.guarded(() ->
                repository.find(store.value(), integration.value()).map(ConsentGrantPersistenceAdapter::toDomain));
    }

    /** Sorted here, not by the database, whose collation may order ids otherwise than their characters. */
    @Override
    public List<ConsentGrant> loadByStore(StoreId store) {
        return StorageFailures.guarded(() -> repository.findByStore(store.value()).stream()
                .map(ConsentGrantPersistenceAdapter::toDomain)
                .sorted(Comparator.comparing(grant -> grant.integrationId().value()))
                .toList());
    }

    private static ConsentGrant toDomain(ConsentGrantRow row) {
        return new ConsentGrant(
                new StoreId(row.id().storeId()),
                new IntegrationId(row.id().integrationId()),
                ScopesColumn.scopes(row.scopes()),
                row.grantedAt(),
                row.updatedAt());
    }
}

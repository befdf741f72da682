package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.StoreId;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The owners' store ids, in {@code store_owner}. A first id is inserted only when the owner has none
 * under any pepper; of two instances assigning one at once, the unique email index keeps the first,
 * and the other reads it back.
 */
@Singleton
class OwnerStoresAdapter implements OwnerStoresPort {

    /**
     * How often an assignment reads and inserts before it gives up: H2 may refuse an insert for a row
     * that is not committed yet, so the read after it can miss the winner once.
     */
    static final int ATTEMPTS = 3;

    private final StoreOwnerRepository repository;
    private final SealPersonalDataPort emails;
    private final boolean postgres;

    OwnerStoresAdapter(
            StoreOwnerRepository repository,
            SealPersonalDataPort emails,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl) {
        this.repository = repository;
        this.emails = emails;
        this.postgres = databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public StoreId storeOf(EmailAddress owner) {
        List<String> indexes = emails.indexes(owner);
        return StorageFailures.guarded(() -> {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Optional<StoreId> found = oldest(indexes);
                if (found.isPresent()) {
                    return found.get();
                }
                UUID id = UUID.randomUUID();
                try {
                    if (insert(id, owner, indexes) == 1) {
                        return new StoreId(id);
                    }
                } catch (RuntimeException failed) {
                    if (!StorageFailures.isUniqueViolation(failed)) {
                        throw failed;
                    }
                    // Another instance assigned the owner a store meanwhile: the next read finds it.
                }
            }
            throw new IllegalStateException("no store id settled for " + owner.masked() + " in " + ATTEMPTS + " tries");
        });
    }

    @Override
    public Optional<StoreId> find(EmailAddress owner) {
        return StorageFailures.guarded(() -> oldest(emails.indexes(owner)));
    }

    private Optional<StoreId> oldest(List<String> indexes) {
        return repository.findIdsByEmailIndexes(indexes).stream().findFirst().map(StoreId::new);
    }

    /** Sealed and indexed under the newest pepper, like every value written now. */
    private int insert(UUID id, EmailAddress owner, List<String> indexes) {
        String index = emails.index(owner);
        String sealed = emails.seal(owner);
        Instant now = Instant.now();
        return postgres
                ? repository.insertUnlessOwnedOnPostgres(id, index, sealed, now, indexes)
                : repository.insertUnlessOwned(id, index, sealed, now, indexes);
    }
}

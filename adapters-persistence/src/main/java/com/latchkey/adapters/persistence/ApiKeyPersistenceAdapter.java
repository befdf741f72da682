package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.StoreId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

@Singleton
class ApiKeyPersistenceAdapter implements SaveApiKeyPort, LoadApiKeyPort, RecordKeyUsePort, LoadKeyUsePort {

    private final ApiKeyRepository repository;
    private final ApiKeyMapper mapper;
    private final SealPersonalDataPort emails;
    private final KeyDigestPort digests;
    private final OwnerStoresAdapter stores;
    private final Clock clock;

    ApiKeyPersistenceAdapter(
            ApiKeyRepository repository,
            SealPersonalDataPort emails,
            KeyDigestPort digests,
            OwnerStoresAdapter stores,
            Optional<Clock> clock) {
        this.repository = repository;
        this.mapper = new ApiKeyMapper(emails);
        this.emails = emails;
        this.digests = digests;
        this.stores = stores;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /** A new key's digest was made just now, in this process: under the newest pepper. */
    @Override
    public void insert(ApiKey key) {
        ApiKeyRow row = mapper.toRow(key, digests.currentSecret());
        StorageFailures.guarded(() -> {
            repository.save(row);
        });
    }

    @Override
    public boolean compareAndSet(ApiKey read, ApiKey changed) {
        if (!read.id().equals(changed.id())) {
            throw new IllegalArgumentException("a change of key " + read.id() + " names key " + changed.id());
        }
        // Everything but the state is fixed at minting, so the state is all a change writes.
        return StorageFailures.guarded(() -> repository.updateStatus(
                        changed.id().value(),
                        read.status().name(),
                        changed.status().name(),
                        changed.verifiedAt().orElse(null),
                        hasEnded(changed.status()) ? clock.instant() : null)
                == 1);
    }

    private static boolean hasEnded(KeyStatus status) {
        return switch (status) {
            case REVOKED, EXPIRED, UNDELIVERED -> true;
            case MINTED, PENDING, ACTIVE -> false;
        };
    }

    @Override
    public List<ApiKey> lockOwner(EmailAddress owner) {
        return StorageFailures.guarded(() -> repository.lockByEmailIndexes(emails.indexes(owner)).stream()
                .map(this::toDomain)
                .toList());
    }

    @Override
    public List<ApiKey> loadByOwner(EmailAddress owner, KeyStatus status) {
        return StorageFailures.guarded(
                () -> repository.findByEmailIndexInAndStatus(emails.indexes(owner), status.name()).stream()
                        .map(this::toDomain)
                        .toList());
    }

    @Override
    public List<ApiKey> loadByOwner(EmailAddress owner) {
        return StorageFailures.guarded(
                () -> repository.findByEmailIndexInOrderByMintedAtDesc(emails.indexes(owner)).stream()
                        .map(this::toDomain)
                        .toList());
    }

    @Override
    public Optional<ApiKey> loadById(KeyId id) {
        return StorageFailures.guarded(() -> repository.findById(id.value()).map(this::toDomain));
    }

    @Override
    public void used(KeyId key, Instant at) {
        StorageFailures.guarded(() -> repository.updateLastUsed(key.value(), at));
    }

    @Override
    public Map<KeyId, Instant> lastUsed(Collection<KeyId> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<java.util.UUID> ids = keys.stream().map(KeyId::value).toList();
        return StorageFailures.guarded(() -> repository.findByIdInAndLastUsedAtIsNotNull(ids).stream()
                .collect(Collectors.toMap(row -> new KeyId(row.id()), KeyUseRow::lastUsedAt)));
    }

    @Override
    public Optional<ApiKey> loadByDigest(KeyDigest digest) {
        return StorageFailures.guarded(
                () -> repository.findByDigest(digest.hex()).map(this::toDomain));
    }

    @Override
    public Map<KeyDigest, KeyStatus> loadStatuses(Collection<KeyDigest> digests) {
        if (digests.isEmpty()) {
            return Map.of();
        }
        List<String> hexes = digests.stream().map(KeyDigest::hex).toList();
        return StorageFailures.guarded(() -> repository.findByDigestIn(hexes).stream()
                .collect(Collectors.toMap(row -> new KeyDigest(row.digest()), row -> KeyStatus.valueOf(row.status()))));
    }

    /**
     * A key from its row. A row stored by an earlier release, still running beside this one during a
     * rolling upgrade (after migration 10 filled in the older rows), has no store id: it gets its
     * owner's, written back once, only where nobody wrote one meanwhile.
     */
    private ApiKey toDomain(ApiKeyRow row) {
        if (row.storeId() != null) {
            return mapper.toDomain(row, new StoreId(row.storeId()));
        }
        StoreId store = stores.storeOf(emails.open(row.emailSealed()));
        repository.assignStore(row.id(), store.value());
        return mapper.toDomain(row, store);
    }
}

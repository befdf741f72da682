package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

@Singleton
class ApiKeyPersistenceAdapter implements SaveApiKeyPort, LoadApiKeyPort {

    private final ApiKeyRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final ApiKeyMapper mapper;
    private final EmailProtection emails;

    ApiKeyPersistenceAdapter(
            ApiKeyRepository repository, TransactionOperations<Connection> transactions, EmailProtection emails) {
        this.repository = repository;
        this.transactions = transactions;
        this.mapper = new ApiKeyMapper(emails);
        this.emails = emails;
    }

    @Override
    public void save(ApiKey key) {
        ApiKeyRow row = mapper.toRow(key);
        Upsert.save(transactions, repository, row.id(), row);
    }

    @Override
    public List<ApiKey> loadByOwner(EmailAddress owner, KeyStatus status) {
        return StorageFailures.guarded(
                () -> repository.findByEmailIndexAndStatus(emails.index(owner), status.name()).stream()
                        .map(mapper::toDomain)
                        .toList());
    }

    @Override
    public Optional<ApiKey> loadByDigest(KeyDigest digest) {
        return StorageFailures.guarded(
                () -> repository.findByDigest(digest.hex()).map(mapper::toDomain));
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
}

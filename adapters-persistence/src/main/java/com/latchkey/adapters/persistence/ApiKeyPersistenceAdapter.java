package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.KeyDigest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Optional;

@Singleton
class ApiKeyPersistenceAdapter implements SaveApiKeyPort, LoadApiKeyPort {

    private final ApiKeyRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final ApiKeyMapper mapper;

    ApiKeyPersistenceAdapter(
            ApiKeyRepository repository, TransactionOperations<Connection> transactions, EmailProtection emails) {
        this.repository = repository;
        this.transactions = transactions;
        this.mapper = new ApiKeyMapper(emails);
    }

    @Override
    public void save(ApiKey key) {
        StorageFailures.guarded(() -> {
            ApiKeyRow row = mapper.toRow(key);
            transactions.executeWrite(status -> {
                if (repository.existsById(row.id())) {
                    repository.update(row);
                } else {
                    repository.save(row);
                }
                return null;
            });
        });
    }

    @Override
    public Optional<ApiKey> loadByDigest(KeyDigest digest) {
        return StorageFailures.guarded(
                () -> repository.findByDigest(digest.hex()).map(mapper::toDomain));
    }
}

package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity(value = "api_key", escape = false)
record ApiKeyRow(
        @Id UUID id,
        UUID requestId,
        String emailIndex,
        String emailSealed,
        String ownerName,
        String digest,
        String hint,
        String status,
        Instant mintedAt,
        Instant expiresAt,
        @Nullable Instant verifiedAt,
        @Nullable Instant lastUsedAt,
        @Nullable String digestSecret,
        // Empty only on a key an earlier release stored; see ApiKeyPersistenceAdapter#toDomain.
        @Nullable UUID storeId) {}

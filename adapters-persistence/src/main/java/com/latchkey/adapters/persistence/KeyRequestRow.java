package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity(value = "key_request", escape = false)
record KeyRequestRow(
        @Id UUID id,
        String emailIndex,
        String emailSealed,
        String ownerName,
        String status,
        int attempts,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String lastError) {}

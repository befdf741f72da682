package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

@MappedEntity(value = "delivery_attempt", escape = false)
record DeliveryAttemptRow(
        @Id UUID id,
        UUID requestId,
        @MappedProperty("attempt") int attempt,
        UUID keyId,
        Instant attemptedAt,
        String outcome,
        @Nullable String error) {}

package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity(value = "audit_event", escape = false)
record AuditEventRow(
        @Id UUID id,
        String eventType,
        Instant occurredAt,
        @Nullable UUID keyId,
        @Nullable String maskedEmail,
        @Nullable String clientAddress,
        @Nullable String detail,
        @Nullable String emailIndex,
        @Nullable String actor) {}

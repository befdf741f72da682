package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** An integration; its scopes space-separated, its secret a digest. */
@MappedEntity(value = "integration", escape = false)
record IntegrationRow(
        @Id String id,
        String name,
        String scopes,
        String secretDigest,
        String secretHint,
        Instant registeredAt,
        @io.micronaut.core.annotation.Nullable String secretPepper) {}

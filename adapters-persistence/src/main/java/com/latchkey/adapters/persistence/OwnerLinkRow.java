package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A link mailed to an owner, by the digest of its token; a consent link's scopes space-separated. */
@MappedEntity(value = "owner_link", escape = false)
record OwnerLinkRow(
        @Id UUID id,
        String digest,
        String purpose,
        String emailIndex,
        String emailSealed,
        UUID storeId,
        @Nullable String integrationId,
        @Nullable String scopes,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant usedAt) {}

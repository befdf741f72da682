package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/** What one store granted one integration, its scopes space-separated. */
@MappedEntity(value = "consent_grant", escape = false)
record ConsentGrantRow(@EmbeddedId Key id, String scopes, Instant grantedAt, Instant updatedAt) {

    /** A grant is one per store and integration. */
    @Embeddable
    record Key(
            @MappedProperty("store_id") UUID storeId,
            @MappedProperty("integration_id") String integrationId) {}
}

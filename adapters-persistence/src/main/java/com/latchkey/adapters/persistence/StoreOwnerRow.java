package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** An owner's store: its id, and the owner's email sealed and indexed. */
@MappedEntity(value = "store_owner", escape = false)
record StoreOwnerRow(@Id UUID id, String emailIndex, String emailSealed, Instant createdAt) {}

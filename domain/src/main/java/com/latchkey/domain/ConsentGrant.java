package com.latchkey.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The scopes an owner granted one integration. It belongs to the owner's store, not to a key, so it
 * survives rotation; approving again adds scopes, and a withdrawal ends it.
 */
public record ConsentGrant(
        StoreId storeId, IntegrationId integrationId, SortedSet<Scope> scopes, Instant grantedAt, Instant updatedAt) {

    public ConsentGrant {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(integrationId, "integrationId");
        scopes = new TreeSet<>(Objects.requireNonNull(scopes, "scopes"));
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a grant gives at least one scope");
        }
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (updatedAt.isBefore(grantedAt)) {
            throw new IllegalArgumentException("a grant changes after it is first given");
        }
    }

    /** A first grant of these scopes, given now. */
    public static ConsentGrant give(StoreId storeId, IntegrationId integrationId, Set<Scope> scopes, Instant now) {
        return new ConsentGrant(storeId, integrationId, new TreeSet<>(scopes), now, now);
    }

    /** This grant with {@code more} scopes added (never fewer): approving again adds. */
    public ConsentGrant adding(Set<Scope> more, Instant now) {
        SortedSet<Scope> all = new TreeSet<>(scopes);
        all.addAll(more);
        return new ConsentGrant(storeId, integrationId, all, grantedAt, now.isBefore(updatedAt) ? updatedAt : now);
    }

    @Override
    public SortedSet<Scope> scopes() {
        return new TreeSet<>(scopes);
    }
}

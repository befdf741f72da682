package com.latchkey.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A third-party integration an operator registered: its id, the name owners see, the scopes it may
 * ask for, and the digest of its secret (the secret itself is shown once, at registration).
 */
public final class Integration {

    private final IntegrationId id;
    private final IntegrationName name;
    private final SortedSet<Scope> scopes;
    private final KeyDigest secretDigest;
    private final KeyHint secretHint;
    private final Instant registeredAt;

    private Integration(
            IntegrationId id,
            IntegrationName name,
            Set<Scope> scopes,
            KeyDigest secretDigest,
            KeyHint secretHint,
            Instant registeredAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.scopes = new TreeSet<>(Objects.requireNonNull(scopes, "scopes"));
        if (this.scopes.isEmpty()) {
            throw new IllegalArgumentException("an integration may ask for at least one scope");
        }
        this.secretDigest = Objects.requireNonNull(secretDigest, "secretDigest");
        this.secretHint = Objects.requireNonNull(secretHint, "secretHint");
        this.registeredAt = Objects.requireNonNull(registeredAt, "registeredAt");
    }

    /** A newly registered integration, known from now on by the digest of the secret minted for it. */
    public static Integration register(
            IntegrationId id,
            IntegrationName name,
            Set<Scope> scopes,
            KeyDigest secretDigest,
            KeyHint hint,
            Instant now) {
        return new Integration(id, name, scopes, secretDigest, hint, now);
    }

    /** An integration as it was stored. */
    public static Integration restore(
            IntegrationId id,
            IntegrationName name,
            Set<Scope> scopes,
            KeyDigest secretDigest,
            KeyHint hint,
            Instant registeredAt) {
        return new Integration(id, name, scopes, secretDigest, hint, registeredAt);
    }

    public IntegrationId id() {
        return id;
    }

    public IntegrationName name() {
        return name;
    }

    public SortedSet<Scope> scopes() {
        return new TreeSet<>(scopes);
    }

    public KeyDigest secretDigest() {
        return secretDigest;
    }

    public KeyHint secretHint() {
        return secretHint;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    @Override
    public String toString() {
        return "Integration[" + id + ", " + scopes + "]";
    }
}

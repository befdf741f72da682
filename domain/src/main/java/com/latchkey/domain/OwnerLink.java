package com.latchkey.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A one-time link mailed to an owner: known by the digest of its token (the token itself is only in
 * the mail), for one purpose, until it expires. A consent link also names the integration and the
 * scopes it asks for. Immutable; {@link #use} returns the used link.
 */
public final class OwnerLink {

    private final OwnerLinkId id;
    private final KeyDigest digest;
    private final LinkPurpose purpose;
    private final EmailAddress owner;
    private final StoreId storeId;
    private final IntegrationId integrationId;
    private final SortedSet<Scope> scopes;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final Instant usedAt;

    private OwnerLink(
            OwnerLinkId id,
            KeyDigest digest,
            LinkPurpose purpose,
            EmailAddress owner,
            StoreId storeId,
            IntegrationId integrationId,
            Set<Scope> scopes,
            Instant createdAt,
            Instant expiresAt,
            Instant usedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.digest = Objects.requireNonNull(digest, "digest");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.storeId = Objects.requireNonNull(storeId, "storeId");
        this.scopes = new TreeSet<>(Objects.requireNonNull(scopes, "scopes"));
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("a link expires after it is made");
        }
        if ((purpose == LinkPurpose.CONSENT) != (integrationId != null)) {
            throw new IllegalArgumentException("exactly a consent link names an integration");
        }
        if ((purpose == LinkPurpose.CONSENT) == this.scopes.isEmpty()) {
            throw new IllegalArgumentException("exactly a consent link names scopes");
        }
        this.integrationId = integrationId;
        this.usedAt = usedAt;
    }

    /** A link asking the owner of {@code storeId} to decide on an integration's request for scopes. */
    public static OwnerLink consent(
            OwnerLinkId id,
            KeyDigest digest,
            EmailAddress owner,
            StoreId storeId,
            IntegrationId integrationId,
            Set<Scope> scopes,
            Instant now,
            Instant expiresAt) {
        return new OwnerLink(
                id, digest, LinkPurpose.CONSENT, owner, storeId, integrationId, scopes, now, expiresAt, null);
    }

    /** A link for the owner's own use (manage consents, export, erase). */
    public static OwnerLink forOwner(
            OwnerLinkId id,
            KeyDigest digest,
            LinkPurpose purpose,
            EmailAddress owner,
            StoreId storeId,
            Instant now,
            Instant expiresAt) {
        if (purpose == LinkPurpose.CONSENT) {
            throw new IllegalArgumentException("a consent link names an integration: use consent(..)");
        }
        return new OwnerLink(id, digest, purpose, owner, storeId, null, Set.of(), now, expiresAt, null);
    }

    /** A link as it was stored. */
    public static OwnerLink restore(
            OwnerLinkId id,
            KeyDigest digest,
            LinkPurpose purpose,
            EmailAddress owner,
            StoreId storeId,
            IntegrationId integrationId,
            Set<Scope> scopes,
            Instant createdAt,
            Instant expiresAt,
            Instant usedAt) {
        return new OwnerLink(id, digest, purpose, owner, storeId, integrationId, scopes, createdAt, expiresAt, usedAt);
    }

    /**
     * Whether the link still works at {@code now} for {@code purpose}: not expired, not used up, and
     * made for that purpose. A link for another purpose is as invalid as an unknown one.
     */
    public boolean worksFor(LinkPurpose wanted, Instant now) {
        return purpose == wanted && now.isBefore(expiresAt) && (usedAt == null || !purpose.isSingleUse());
    }

    /** The link used at {@code now}: a single-use link works no more. */
    public OwnerLink use(Instant now) {
        if (!worksFor(purpose, now)) {
            throw new IllegalStateException("link " + id + " no longer works");
        }
        return new OwnerLink(id, digest, purpose, owner, storeId, integrationId, scopes, createdAt, expiresAt, now);
    }

    public OwnerLinkId id() {
        return id;
    }

    public KeyDigest digest() {
        return digest;
    }

    public LinkPurpose purpose() {
        return purpose;
    }

    public EmailAddress owner() {
        return owner;
    }

    public StoreId storeId() {
        return storeId;
    }

    public Optional<IntegrationId> integrationId() {
        return Optional.ofNullable(integrationId);
    }

    public SortedSet<Scope> scopes() {
        return new TreeSet<>(scopes);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Optional<Instant> usedAt() {
        return Optional.ofNullable(usedAt);
    }

    @Override
    public String toString() {
        return "OwnerLink[" + id + ", " + purpose + ", " + owner.masked() + "]";
    }
}

package com.latchkey.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A key as the service remembers it: its digest, never the key itself. Instances are immutable; a
 * state change returns the new state.
 */
public final class ApiKey {

    private final KeyId id;
    private final RequestId requestId;
    private final EmailAddress email;
    private final OwnerName ownerName;
    private final KeyDigest digest;
    private final KeyHint hint;
    private final KeyStatus status;
    private final Instant mintedAt;
    private final Instant expiresAt;
    private final Instant verifiedAt;
    private final StoreId storeId;

    private ApiKey(
            KeyId id,
            RequestId requestId,
            EmailAddress email,
            OwnerName ownerName,
            KeyDigest digest,
            KeyHint hint,
            KeyStatus status,
            Instant mintedAt,
            Instant expiresAt,
            Instant verifiedAt,
            StoreId storeId) {
        this.id = Objects.requireNonNull(id, "id");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.email = Objects.requireNonNull(email, "email");
        this.ownerName = Objects.requireNonNull(ownerName, "ownerName");
        this.digest = Objects.requireNonNull(digest, "digest");
        this.hint = Objects.requireNonNull(hint, "hint");
        this.status = Objects.requireNonNull(status, "status");
        this.mintedAt = Objects.requireNonNull(mintedAt, "mintedAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(mintedAt)) {
            throw new IllegalArgumentException("a key expires after it is minted");
        }
        if ((status == KeyStatus.ACTIVE) != (verifiedAt != null) && status != KeyStatus.REVOKED) {
            throw new IllegalArgumentException("exactly the verified keys carry a verification time");
        }
        this.verifiedAt = verifiedAt;
        this.storeId = Objects.requireNonNull(storeId, "storeId");
    }

    /**
     * A new key for the request's owner, whose store is {@code storeId}, minted by a delivery
     * attempt: it verifies only once delivered.
     */
    public static ApiKey mint(
            KeyId id,
            KeyRequest request,
            StoreId storeId,
            KeyDigest digest,
            KeyHint hint,
            Instant now,
            Duration verifyWindow) {
        if (verifyWindow.isNegative() || verifyWindow.isZero()) {
            throw new IllegalArgumentException("the verification window must be positive");
        }
        return new ApiKey(
                id,
                request.id(),
                request.email(),
                request.ownerName(),
                digest,
                hint,
                KeyStatus.MINTED,
                now,
                now.plus(verifyWindow),
                null,
                storeId);
    }

    /** A key as it was stored. */
    public static ApiKey restore(
            KeyId id,
            RequestId requestId,
            EmailAddress email,
            OwnerName ownerName,
            KeyDigest digest,
            KeyHint hint,
            KeyStatus status,
            Instant mintedAt,
            Instant expiresAt,
            Instant verifiedAt,
            StoreId storeId) {
        return new ApiKey(
                id, requestId, email, ownerName, digest, hint, status, mintedAt, expiresAt, verifiedAt, storeId);
    }

    /** The transport accepted the mail holding this key: it now waits for its owner to verify it. */
    public ApiKey delivered() {
        requireStatus(KeyStatus.MINTED);
        return with(KeyStatus.PENDING, null);
    }

    /** The transport refused the mail: this key will never verify. */
    public ApiKey undelivered() {
        requireStatus(KeyStatus.MINTED);
        return with(KeyStatus.UNDELIVERED, null);
    }

    /** Ends the key: by its owner's wish, by rotation, or because a newer key replaced it. */
    public ApiKey revoke() {
        if (status != KeyStatus.PENDING && status != KeyStatus.ACTIVE) {
            throw new IllegalStateException("key " + id + " is " + status + " and cannot be revoked");
        }
        return with(KeyStatus.REVOKED, verifiedAt);
    }

    /**
     * A newer request for the same owner replaces this key before it was verified: whether its mail
     * is still being sent or already went out, it will never verify.
     */
    public ApiKey supersede() {
        if (status != KeyStatus.MINTED && status != KeyStatus.PENDING) {
            throw new IllegalStateException("key " + id + " is " + status + " and cannot be superseded");
        }
        return with(KeyStatus.REVOKED, null);
    }

    /** Whether a newer request replaces this key: only a key not yet verified is. */
    public boolean isSupersedable() {
        return status == KeyStatus.MINTED || status == KeyStatus.PENDING;
    }

    /** A delivered key that was not verified within its window. */
    public ApiKey expire() {
        requireStatus(KeyStatus.PENDING);
        return with(KeyStatus.EXPIRED, null);
    }

    public boolean isExpiredAt(Instant now) {
        return status == KeyStatus.PENDING && !now.isBefore(expiresAt);
    }

    /** Whether an integration presenting this key is let in: only an active key is. */
    public boolean admitsIntegrations() {
        return status == KeyStatus.ACTIVE;
    }

    /**
     * Checks a claim that this key belongs to {@code claimedOwner}. Verifying an active key again
     * succeeds and changes nothing; {@code EXPIRED} and {@code REVOKED} are told only to its owner.
     */
    public Verification verify(EmailAddress claimedOwner, Instant now) {
        if (!email.equals(claimedOwner)) {
            return new Verification.Rejected(Verification.Reason.INVALID_CREDENTIALS);
        }
        return switch (status) {
            case MINTED, UNDELIVERED -> new Verification.Rejected(Verification.Reason.INVALID_CREDENTIALS);
            case PENDING ->
                now.isBefore(expiresAt)
                        ? new Verification.Verified(with(KeyStatus.ACTIVE, now), true)
                        : new Verification.Rejected(Verification.Reason.EXPIRED);
            case ACTIVE -> new Verification.Verified(this, false);
            case EXPIRED -> new Verification.Rejected(Verification.Reason.EXPIRED);
            case REVOKED -> new Verification.Rejected(Verification.Reason.REVOKED);
        };
    }

    /** What a verification came to. */
    public sealed interface Verification {

        /** The key is active; {@code changed} when this verification activated it. */
        record Verified(ApiKey key, boolean changed) implements Verification {}

        record Rejected(Reason reason) implements Verification {}

        enum Reason {
            INVALID_CREDENTIALS,
            EXPIRED,
            REVOKED
        }
    }

    private void requireStatus(KeyStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("key " + id + " is " + status + ", not " + expected);
        }
    }

    private ApiKey with(KeyStatus newStatus, Instant newVerifiedAt) {
        return new ApiKey(
                id, requestId, email, ownerName, digest, hint, newStatus, mintedAt, expiresAt, newVerifiedAt, storeId);
    }

    public KeyId id() {
        return id;
    }

    public RequestId requestId() {
        return requestId;
    }

    public EmailAddress email() {
        return email;
    }

    public OwnerName ownerName() {
        return ownerName;
    }

    public KeyDigest digest() {
        return digest;
    }

    public KeyHint hint() {
        return hint;
    }

    public KeyStatus status() {
        return status;
    }

    public Instant mintedAt() {
        return mintedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Optional<Instant> verifiedAt() {
        return Optional.ofNullable(verifiedAt);
    }

    /** The owner's store: the same for every key of the owner. */
    public StoreId storeId() {
        return storeId;
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + ", " + hint.value() + "…, " + status + ", " + email.masked() + "]";
    }
}

package com.latchkey.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A store owner's request for a key, and the state of its delivery. Accepting it is cheap and
 * durable; the key itself is minted later, by a delivery attempt.
 */
public final class KeyRequest {

    private final RequestId id;
    private final EmailAddress email;
    private final OwnerName ownerName;
    private final RequestStatus status;
    private final int attempts;
    private final Instant nextAttemptAt;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final String lastError;

    private KeyRequest(
            RequestId id,
            EmailAddress email,
            OwnerName ownerName,
            RequestStatus status,
            int attempts,
            Instant nextAttemptAt,
            Instant createdAt,
            Instant updatedAt,
            String lastError) {
        this.id = Objects.requireNonNull(id, "id");
        this.email = Objects.requireNonNull(email, "email");
        this.ownerName = Objects.requireNonNull(ownerName, "ownerName");
        this.status = Objects.requireNonNull(status, "status");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
        this.attempts = attempts;
        this.nextAttemptAt = Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.lastError = lastError;
    }

    /** A new request, due for delivery at once. */
    public static KeyRequest accept(RequestId id, EmailAddress email, OwnerName ownerName, Instant now) {
        return new KeyRequest(id, email, ownerName, RequestStatus.PENDING, 0, now, now, now, null);
    }

    /** A request as it was stored. */
    public static KeyRequest restore(
            RequestId id,
            EmailAddress email,
            OwnerName ownerName,
            RequestStatus status,
            int attempts,
            Instant nextAttemptAt,
            Instant createdAt,
            Instant updatedAt,
            String lastError) {
        return new KeyRequest(id, email, ownerName, status, attempts, nextAttemptAt, createdAt, updatedAt, lastError);
    }

    public boolean isDueAt(Instant now) {
        return status == RequestStatus.PENDING && !nextAttemptAt.isAfter(now);
    }

    /**
     * Takes the request for one delivery attempt. Until {@code lease} has passed nobody else
     * claims it; if the claimant dies, it falls due again after that.
     */
    public KeyRequest claim(Instant now, Duration lease) {
        requirePending();
        return new KeyRequest(id, email, ownerName, status, attempts, now.plus(lease), createdAt, now, lastError);
    }

    /**
     * The attempt this claim was for never began (the claim was ending before its mail was
     * begun): the request falls due again at once, with no attempt counted.
     */
    public KeyRequest released(Instant now) {
        requirePending();
        return new KeyRequest(id, email, ownerName, status, attempts, now, createdAt, now, lastError);
    }

    /** The mail holding its key was handed to the transport. */
    public KeyRequest delivered(Instant now) {
        requirePending();
        return new KeyRequest(id, email, ownerName, RequestStatus.SENT, attempts + 1, now, createdAt, now, null);
    }

    /**
     * An attempt failed with {@code error} (a class name, never a message that could hold a secret).
     * The request is retried at {@code retryAt}, or is {@code FAILED} once it made {@code maxAttempts}.
     */
    public KeyRequest deliveryFailed(Instant now, Instant retryAt, int maxAttempts, String error) {
        requirePending();
        int made = attempts + 1;
        RequestStatus next = made >= maxAttempts ? RequestStatus.FAILED : RequestStatus.PENDING;
        return new KeyRequest(id, email, ownerName, next, made, retryAt, createdAt, now, error);
    }

    private void requirePending() {
        if (status != RequestStatus.PENDING) {
            throw new IllegalStateException("request " + id + " is " + status + ", not PENDING");
        }
    }

    public RequestId id() {
        return id;
    }

    public EmailAddress email() {
        return email;
    }

    public OwnerName ownerName() {
        return ownerName;
    }

    public RequestStatus status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    @Override
    public String toString() {
        return "KeyRequest[" + id + ", " + status + ", attempts=" + attempts + ", " + email.masked() + "]";
    }
}

package com.latchkey.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the audit trail: what happened, when, to which key, for which (masked) email, from
 * which client address. It never holds a key or a full email.
 */
public record SecurityEvent(
        Type type, Instant at, KeyId keyId, String maskedEmail, ClientAddress clientAddress, String detail) {

    public enum Type {
        REQUESTED,
        DELIVERED,
        DELIVERY_FAILED,
        VERIFIED,
        VERIFY_FAILED,
        ROTATED,
        REVOKED,
        EXPIRED,
        SUPERSEDED,
        AUTHENTICATION_FAILED,
        RATE_LIMITED
    }

    public SecurityEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (maskedEmail != null && !maskedEmail.contains("***")) {
            throw new IllegalArgumentException("an audit record holds masked emails only");
        }
        if (detail != null && detail.length() > 200) {
            detail = detail.substring(0, 200);
        }
    }

    /** An event about a key of a known owner. */
    public static SecurityEvent of(Type type, Instant at, ApiKey key, ClientAddress client) {
        return new SecurityEvent(type, at, key.id(), key.email().masked(), client, null);
    }

    /** An event about an owner's email, before or without a key. */
    public static SecurityEvent of(Type type, Instant at, EmailAddress email, ClientAddress client, String detail) {
        return new SecurityEvent(type, at, null, email == null ? null : email.masked(), client, detail);
    }

    public Optional<KeyId> key() {
        return Optional.ofNullable(keyId);
    }

    /** The event as one line of the audit log: no key, no full email, so any store may log it. */
    public String logLine() {
        return type + " key=" + key().map(Object::toString).orElse("-")
                + " email=" + (maskedEmail == null ? "-" : maskedEmail)
                + " client=" + (clientAddress == null ? "-" : clientAddress.value())
                + (detail == null ? "" : " (" + detail + ")");
    }
}

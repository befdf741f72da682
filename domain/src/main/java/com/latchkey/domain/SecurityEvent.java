package com.latchkey.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the audit trail: what happened, when, to which key, for which (masked) email, from
 * which client address, and who did it. It never holds a key; the owner's full email is kept only
 * for the trail to index it (never shown, logged or printed: {@link #toString()} masks it).
 */
public record SecurityEvent(
        Type type,
        Instant at,
        KeyId keyId,
        String maskedEmail,
        ClientAddress clientAddress,
        String detail,
        EmailAddress owner,
        Actor actor) {

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
        RATE_LIMITED,
        INTEGRATION_REGISTERED,
        INTEGRATION_REMOVED,
        /** An operator looked something up (an owner's keys, the trail, the integrations). */
        OPERATOR_LOOKUP,
        /** A secret scanner reported a key found in public; the detail says where. */
        LEAK_REPORTED,
        /** An integration asked an owner for scopes; the detail names the integration and the scopes. */
        CONSENT_REQUESTED,
        CONSENT_GRANTED,
        CONSENT_DENIED,
        CONSENT_WITHDRAWN,
        /** An owner asked for a link (to manage consents, export or erase); the detail names its purpose. */
        OWNER_LINK_SENT,
        /** An owner downloaded what is stored about them; recorded without anything personal. */
        OWNER_DATA_EXPORTED,
        /** An owner's data was erased at their request; recorded without anything personal. */
        OWNER_DATA_ERASED
    }

    /** Who caused an event: whoever called the public API, an operator through the admin API, or a leak report. */
    public enum Actor {
        CALLER,
        OPERATOR,
        LEAK_REPORT;

        /** The actor as the trail shows it: {@code caller}, {@code operator}, {@code leak-report}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
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
        if (owner != null && maskedEmail == null) {
            maskedEmail = owner.masked();
        }
        actor = actor == null ? Actor.CALLER : actor;
    }

    /** An event of a caller of the public API, its owner known by the masked email only. */
    public SecurityEvent(
            Type type, Instant at, KeyId keyId, String maskedEmail, ClientAddress clientAddress, String detail) {
        this(type, at, keyId, maskedEmail, clientAddress, detail, null, Actor.CALLER);
    }

    /** An event about a key of a known owner. */
    public static SecurityEvent of(Type type, Instant at, ApiKey key, ClientAddress client) {
        return new SecurityEvent(type, at, key.id(), key.email().masked(), client, null, key.email(), Actor.CALLER);
    }

    /** An event about an owner's email, before or without a key. */
    public static SecurityEvent of(Type type, Instant at, EmailAddress email, ClientAddress client, String detail) {
        return new SecurityEvent(
                type, at, null, email == null ? null : email.masked(), client, detail, email, Actor.CALLER);
    }

    /** The same event, caused by {@code by}. */
    public SecurityEvent by(Actor by) {
        return new SecurityEvent(type, at, keyId, maskedEmail, clientAddress, detail, owner, by);
    }

    /** The same event about this key. */
    public SecurityEvent withKey(KeyId key) {
        return new SecurityEvent(type, at, key, maskedEmail, clientAddress, detail, owner, actor);
    }

    /** The same event with this detail. */
    public SecurityEvent withDetail(String newDetail) {
        return new SecurityEvent(type, at, keyId, maskedEmail, clientAddress, newDetail, owner, actor);
    }

    public Optional<KeyId> key() {
        return Optional.ofNullable(keyId);
    }

    /** The owner the event is about, for indexing it; never to be shown. */
    public Optional<EmailAddress> ownerEmail() {
        return Optional.ofNullable(owner);
    }

    /** The event as one line of the audit log: no key, no full email, so any store may log it. */
    public String logLine() {
        return type + " key=" + key().map(Object::toString).orElse("-")
                + " email=" + (maskedEmail == null ? "-" : maskedEmail)
                + " client=" + (clientAddress == null ? "-" : clientAddress.value())
                + (actor == Actor.CALLER ? "" : " by=" + actor.label())
                + (detail == null ? "" : " (" + detail + ")");
    }

    @Override
    public String toString() {
        return "SecurityEvent[" + logLine() + ", at " + at + "]";
    }
}

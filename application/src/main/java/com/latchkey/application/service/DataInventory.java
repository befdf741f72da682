package com.latchkey.application.service;

import com.latchkey.application.port.in.DescribeStoredDataUseCase;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The inventory of what the service stores (SPEC §9). Each entry says what it is for; a new column
 * or file without an entry here fails the schema test (bootstrap's {@code DataInventoryTest}), so
 * the privacy page cannot fall behind the data. Durations come from the settings in force.
 */
public final class DataInventory implements DescribeStoredDataUseCase {

    /** How an owner's name rests in the store. */
    static final String NAME_AT_REST = "sealed with AES-GCM, like the email";

    /** How a caller's address rests in the audit. */
    static final String CLIENT_AT_REST =
            "network, the address cut to its /24 (IPv4) or /48 (IPv6) before it is written";

    private final List<StoredData> entries;

    /**
     * The inventory under these settings: how long a key waits for verification, how long what ended
     * is kept, and how long audit events and pickup mails are kept.
     */
    public DataInventory(
            String brand,
            Duration verifyWindow,
            Duration endedRetention,
            Duration auditRetention,
            Duration pickupRetention) {
        Objects.requireNonNull(brand, "brand");
        String window = words(verifyWindow);
        String ended = words(endedRetention);
        this.entries = List.of(
                new StoredData(
                        "Key request",
                        "your name (" + NAME_AT_REST + ") and business email (sealed with AES-GCM, and as a keyed"
                                + " index, which finds it without revealing it), whether the key was mailed, how"
                                + " many attempts it took, when, and the kind of the last mail error",
                        true,
                        "to mail you the key, retry while the mail server is down, and tell you how it went",
                        "while its key is in use; deleted " + ended + " after its delivery failed or its last key"
                                + " ended, or at once when you erase your data",
                        "you, in your export; nobody else through the API but the request's status to whoever"
                                + " holds its id",
                        List.of(
                                "key_request.id",
                                "key_request.email_index",
                                "key_request.email_sealed",
                                "key_request.owner_name",
                                "key_request.status",
                                "key_request.attempts",
                                "key_request.next_attempt_at",
                                "key_request.created_at",
                                "key_request.updated_at",
                                "key_request.last_error")),
                new StoredData(
                        "API key",
                        "a keyed digest of the key (never the key), its first characters (the hint), its state,"
                                + " when it was mailed, verified and last used (to the minute), your name ("
                                + NAME_AT_REST
                                + ") and email (sealed, and as its keyed index), your store id, which secret"
                                + " made the digest, and when it ended",
                        true,
                        "to check a key you or an integration presents, replace your old key when you verify a"
                                + " new one, and let operators help you",
                        "while it is in use (an unverified key stops working after " + window + "); deleted "
                                + ended + " after it was revoked, replaced or expired, or at once when you erase"
                                + " your data",
                        "you (verify, and in your export); integrations holding the key see its id, your store id, its state and"
                                + " when it was verified, and your name and email only with your consent to"
                                + " owner:read; operators see the hint, state and dates",
                        List.of(
                                "api_key.id",
                                "api_key.request_id",
                                "api_key.email_index",
                                "api_key.email_sealed",
                                "api_key.owner_name",
                                "api_key.digest",
                                "api_key.hint",
                                "api_key.status",
                                "api_key.minted_at",
                                "api_key.expires_at",
                                "api_key.verified_at",
                                "api_key.last_used_at",
                                "api_key.digest_secret",
                                "api_key.store_id",
                                "api_key.ended_at")),
                new StoredData(
                        "Delivery attempt",
                        "each attempt to mail a key: when, which key it carried (its id), the outcome and the kind of"
                                + " error",
                        false,
                        "to retry with backoff and to show operators why a mail did not arrive",
                        "as long as its request and key, deleted with them",
                        "operators",
                        List.of(
                                "delivery_attempt.id",
                                "delivery_attempt.request_id",
                                "delivery_attempt.attempt",
                                "delivery_attempt.key_id",
                                "delivery_attempt.attempted_at",
                                "delivery_attempt.outcome",
                                "delivery_attempt.error")),
                new StoredData(
                        "Audit event",
                        "what happened (requested, verified, revoked, consent given …), when, to which key, your"
                                + " email masked (j***@shop.example) and as a keyed index, the caller's "
                                + CLIENT_AT_REST
                                + ", who acted, and a short detail",
                        true,
                        "to find and stop abuse and to answer your questions about your keys",
                        words(auditRetention) + ", then deleted; when you erase your data, only the type, the"
                                + " time and the key id are left of yours",
                        "operators, through the admin API; you, in your export",
                        List.of(
                                "audit_event.id",
                                "audit_event.event_type",
                                "audit_event.occurred_at",
                                "audit_event.key_id",
                                "audit_event.masked_email",
                                "audit_event.email_index",
                                "audit_event.client_address",
                                "audit_event.actor",
                                "audit_event.detail")),
                new StoredData(
                        "Rate-limit bucket",
                        "a count of recent attempts under a keyed digest of the limit and its subject (an email or"
                                + " a network, never in clear)",
                        false,
                        "to slow down guessing and flooding",
                        "until the bucket is full again (at most the limit's period)",
                        "nobody",
                        List.of("rate_limit_bucket.id", "rate_limit_bucket.state", "rate_limit_bucket.expires_at")),
                new StoredData(
                        "Store",
                        "your store id (random) with your email, sealed and as a keyed index",
                        true,
                        "so that integrations see the same store across your keys, and your consents follow you"
                                + " from key to key",
                        "while you have a key; deleted with your last key, " + ended
                                + " after it ended, or at once when" + " you erase your data",
                        "you, in your export; integrations holding one of your active keys see the store id"
                                + " (never the email)",
                        List.of(
                                "store_owner.id",
                                "store_owner.email_index",
                                "store_owner.email_sealed",
                                "store_owner.created_at")),
                new StoredData(
                        "Owner link",
                        "a keyed digest of a link's one-time token (never the token), what it is for, your email"
                                + " (sealed, and its keyed index), your store id, for a consent link the"
                                + " integration and the scopes it asks for, and when it was made, expires and"
                                + " was used",
                        true,
                        "so that the link mailed to you works, once or until it expires, and for nobody else",
                        "a link works 72 hours (consent, once) or 30 minutes (manage, export, erase); deleted " + ended
                                + " after it expired, or at once when you erase your data",
                        "only whoever holds the mailed link",
                        List.of(
                                "owner_link.id",
                                "owner_link.digest",
                                "owner_link.purpose",
                                "owner_link.email_index",
                                "owner_link.email_sealed",
                                "owner_link.store_id",
                                "owner_link.integration_id",
                                "owner_link.scopes",
                                "owner_link.created_at",
                                "owner_link.expires_at",
                                "owner_link.used_at")),
                new StoredData(
                        "Consent",
                        "which integration you allowed which scopes, and when",
                        false,
                        "so that an integration gets what you approved and nothing else",
                        "until you withdraw it, the integration is removed, or you erase your data",
                        "you (with a manage link, and in your export) and the integration itself",
                        List.of(
                                "consent_grant.store_id",
                                "consent_grant.integration_id",
                                "consent_grant.scopes",
                                "consent_grant.granted_at",
                                "consent_grant.updated_at")),
                new StoredData(
                        "Integration",
                        "an integration an operator registered: its id, name, the scopes it may ask for, a keyed"
                                + " digest of its secret and the secret's first characters",
                        false,
                        "to know who asks for your consent and to check its secret",
                        "until an operator removes it",
                        "owners it asks (its name), operators",
                        List.of(
                                "integration.id",
                                "integration.name",
                                "integration.scopes",
                                "integration.secret_digest",
                                "integration.secret_hint",
                                "integration.registered_at",
                                "integration.secret_pepper")),
                new StoredData(
                        "Mail file (embedded default only)",
                        "each mail the pickup transport wrote instead of sending it: your address, and for a key"
                                + " mail the key itself",
                        true,
                        "so that a person running " + brand + " without a mail server can open the mails",
                        words(pickupRetention) + ", then deleted",
                        "whoever runs the service (the folder is readable by its own user only)",
                        List.of("file:<data folder>/mail/*.eml")),
                new StoredData(
                        "Logs",
                        "one line per event: its type, the key's id, your email masked, the caller's address",
                        true,
                        "so that operators see what the service does",
                        "as long as the operator's log system keeps them",
                        "operators",
                        List.of("stdout")));
    }

    @Override
    public List<StoredData> inventory() {
        return entries;
    }

    /** A duration in words an owner reads: "7 days", "24 hours", "30 minutes". */
    static String words(Duration duration) {
        if (duration.toDays() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return duration.toDays() + (duration.toDays() == 1 ? " day" : " days");
        }
        if (duration.toHours() > 0 && duration.equals(Duration.ofHours(duration.toHours()))) {
            return duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours");
        }
        long minutes = Math.max(1, duration.toMinutes());
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}

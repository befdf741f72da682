package com.latchkey.client;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What {@link LatchkeyClient#checkAccess} got: the owner's grants to this integration, or why not. */
public sealed interface AccessResult
        permits AccessResult.Granted,
                AccessResult.NoConsent,
                InvalidIntegration,
                InvalidCredentials,
                RateLimited,
                UnexpectedAnswer {

    /**
     * {@code 200} with scopes: what the owner granted this integration; {@code owner} only under
     * {@code owner:read}.
     */
    record Granted(String storeId, UUID keyId, Set<String> scopes, Optional<Owner> owner) implements AccessResult {

        public Granted {
            scopes = Set.copyOf(scopes);
        }
    }

    /**
     * {@code 200} with no scope: the key is active but its owner has granted this integration nothing
     * (never asked, denied, withdrawn, or the integration was registered anew). Ask with {@link
     * LatchkeyClient#requestConsent}.
     */
    record NoConsent(String storeId, UUID keyId) implements AccessResult {}

    /** The owner's name and business email, shared under {@code owner:read} only. */
    record Owner(String name, String email) {}
}

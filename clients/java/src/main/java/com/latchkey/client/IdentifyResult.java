package com.latchkey.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What {@link LatchkeyClient#identify} got. */
public sealed interface IdentifyResult
        permits IdentifyResult.Identified, InvalidCredentials, RateLimited, UnexpectedAnswer {

    /**
     * {@code 200}: the store behind an active key. Identity only: no name, no email; {@code storeId}
     * is opaque and stable across the owner's keys. {@code scopes} is empty: an integration's grants
     * are answered by {@link LatchkeyClient#checkAccess}.
     */
    record Identified(UUID keyId, String storeId, String status, Instant verifiedAt, List<String> scopes)
            implements IdentifyResult {

        public Identified {
            scopes = List.copyOf(scopes);
        }
    }
}

package com.latchkey.client;

import java.util.UUID;

/** What {@link LatchkeyClient#revoke} got. */
public sealed interface RevokeResult permits RevokeResult.Revoked, InvalidCredentials, RateLimited, UnexpectedAnswer {

    /** {@code 200}: the key is revoked and works nowhere any more. */
    record Revoked(UUID keyId) implements RevokeResult {}
}

package com.latchkey.client;

import java.time.Instant;
import java.util.UUID;

/** What {@link LatchkeyClient#verify} got. */
public sealed interface VerifyResult
        permits VerifyResult.Verified,
                InvalidCredentials,
                KeyRevoked,
                KeyExpired,
                ValidationFailed,
                RateLimited,
                UnexpectedAnswer {

    /** {@code 200}: email and key match; the key is active (verifying again changes nothing). */
    record Verified(UUID keyId, Instant verifiedAt, String message) implements VerifyResult {}
}

package com.latchkey.client;

import java.util.UUID;

/** What {@link LatchkeyClient#requestKey} got: accepted, or why not. */
public sealed interface KeyRequestResult
        permits KeyRequestResult.Accepted, ValidationFailed, RateLimited, UnexpectedAnswer {

    /**
     * {@code 202}: the request is stored and the key will be mailed; the same answer for a new and a
     * known email. Follow it with {@link LatchkeyClient#keyRequestStatus}.
     */
    record Accepted(UUID requestId, String message) implements KeyRequestResult {}
}

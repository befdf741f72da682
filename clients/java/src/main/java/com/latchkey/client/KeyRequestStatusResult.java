package com.latchkey.client;

import java.time.Instant;
import java.util.UUID;

/** What {@link LatchkeyClient#keyRequestStatus} got. */
public sealed interface KeyRequestStatusResult permits KeyRequestStatusResult.Found, NotFound, UnexpectedAnswer {

    /** How the delivery of a key request stands. */
    enum Delivery {
        /** not mailed yet (the dispatcher retries failed attempts with backoff) */
        PENDING,
        /** the key mail was handed to the mail transport */
        SENT,
        /** every attempt failed; ask again */
        FAILED
    }

    /** {@code 200}: the request's delivery, how many attempts so far, and when it last changed. */
    record Found(UUID requestId, Delivery delivery, int attempts, Instant updatedAt)
            implements KeyRequestStatusResult {}
}

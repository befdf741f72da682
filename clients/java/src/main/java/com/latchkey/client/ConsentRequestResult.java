package com.latchkey.client;

import java.util.UUID;

/** What {@link LatchkeyClient#requestConsent} got. */
public sealed interface ConsentRequestResult
        permits ConsentRequestResult.Requested,
                ValidationFailed,
                InvalidIntegration,
                InvalidCredentials,
                RateLimited,
                UnexpectedAnswer {

    /** {@code 202}: the owner is being mailed a one-time link to approve or deny. */
    record Requested(UUID consentRequestId) implements ConsentRequestResult {}
}

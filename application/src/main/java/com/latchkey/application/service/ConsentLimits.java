package com.latchkey.application.service;

import com.latchkey.application.port.out.RateLimit;
import java.util.Objects;

/**
 * The limits of SPEC §8, each a token bucket per subject: consent requests per integration and
 * store (so no integration floods an owner's inbox), owner links per email, per client address and
 * overall.
 */
public record ConsentLimits(
        RateLimit consentRequestsPerStore,
        RateLimit ownerLinksPerEmail,
        RateLimit ownerLinksPerClient,
        RateLimit ownerLinksGlobal) {

    public ConsentLimits {
        Objects.requireNonNull(consentRequestsPerStore, "consentRequestsPerStore");
        Objects.requireNonNull(ownerLinksPerEmail, "ownerLinksPerEmail");
        Objects.requireNonNull(ownerLinksPerClient, "ownerLinksPerClient");
        Objects.requireNonNull(ownerLinksGlobal, "ownerLinksGlobal");
    }
}

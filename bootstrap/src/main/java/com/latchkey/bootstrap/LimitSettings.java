package com.latchkey.bootstrap;

import com.latchkey.application.service.ConsentLimits;
import com.latchkey.application.service.RateLimits;
import io.micronaut.context.annotation.ConfigurationProperties;

/** The rate limits of SPEC §5 ({@code LATCHKEY_LIMITS_*}); their defaults are in application.yml. */
@ConfigurationProperties("latchkey.limits")
record LimitSettings(
        RateSetting verifyPerEmail,
        RateSetting verifyPerClient,
        RateSetting requestsPerEmail,
        RateSetting requestsPerClient,
        RateSetting requestsGlobal,
        RateSetting bearerPerClient,
        RateSetting adminPerClient,
        RateSetting consentRequestsPerStore,
        RateSetting ownerLinksPerEmail,
        RateSetting ownerLinksPerClient,
        RateSetting ownerLinksGlobal) {

    /** The limits of SPEC §8 ({@code LATCHKEY_LIMITS_CONSENT_REQUESTS_PER_STORE}, {@code ..._OWNER_LINKS_PER_*}). */
    ConsentLimits consentLimits() {
        return new ConsentLimits(
                consentRequestsPerStore.named("consent-store"),
                ownerLinksPerEmail.named("link-email"),
                ownerLinksPerClient.named("link-client"),
                ownerLinksGlobal.named("link-global"));
    }

    /** Wrong admin tokens per client address ({@code LATCHKEY_LIMITS_ADMIN_PER_CLIENT}). */
    com.latchkey.application.port.out.RateLimit adminLimit() {
        return adminPerClient.named("admin-client");
    }

    RateLimits rateLimits() {
        return new RateLimits(
                verifyPerEmail.named("verify-email"),
                verifyPerClient.named("verify-client"),
                requestsPerEmail.named("request-email"),
                requestsPerClient.named("request-client"),
                requestsGlobal.named("request-global"),
                bearerPerClient.named("bearer-client"));
    }
}

package com.latchkey.bootstrap;

import com.latchkey.application.service.LinkLifetimes;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;

/** How long each kind of owner link works ({@code LATCHKEY_LINKS_*}); the defaults are in application.yml. */
@ConfigurationProperties("latchkey.links")
record LinkSettings(Duration consent, Duration manageConsents, Duration export, Duration erase) {

    LinkLifetimes lifetimes() {
        positive("LATCHKEY_LINKS_CONSENT", consent);
        positive("LATCHKEY_LINKS_MANAGE_CONSENTS", manageConsents);
        positive("LATCHKEY_LINKS_EXPORT", export);
        positive("LATCHKEY_LINKS_ERASE", erase);
        return new LinkLifetimes(consent, manageConsents, export, erase);
    }

    private static void positive(String setting, Duration lifetime) {
        if (lifetime == null || lifetime.isZero() || lifetime.isNegative()) {
            throw new ConfigurationException(setting + " must be a positive ISO-8601 duration such as PT30M");
        }
    }
}

package com.latchkey.application.service;

import com.latchkey.domain.LinkPurpose;
import java.time.Duration;
import java.util.Objects;

/** How long each kind of owner link works after it is mailed (SPEC §8: consent 72 h, manage 30 minutes). */
public record LinkLifetimes(Duration consent, Duration manageConsents, Duration export, Duration erase) {

    public LinkLifetimes {
        for (Duration lifetime : new Duration[] {consent, manageConsents, export, erase}) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isZero() || lifetime.isNegative()) {
                throw new IllegalArgumentException("a link's lifetime must be positive");
            }
        }
    }

    public Duration of(LinkPurpose purpose) {
        return switch (purpose) {
            case CONSENT -> consent;
            case MANAGE_CONSENTS -> manageConsents;
            case EXPORT -> export;
            case ERASE -> erase;
        };
    }
}

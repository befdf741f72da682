package com.latchkey.adapters.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The counters of the API's outcomes. Tags name outcomes and endpoints only: never an email,
 * a key or an address.
 */
@Singleton
class WebMetrics {

    private final MeterRegistry registry;

    WebMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void requestAccepted() {
        registry.counter("latchkey.key.requests.accepted").increment();
    }

    void verification(String outcome) {
        registry.counter("latchkey.verifications", "outcome", outcome).increment();
    }

    void authentication(String outcome) {
        registry.counter("latchkey.integration.authentications", "outcome", outcome)
                .increment();
    }

    void rateLimited(String endpoint) {
        registry.counter("latchkey.rate.limited", "endpoint", endpoint).increment();
    }
}

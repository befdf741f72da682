package com.latchkey.adapters.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of the API's outcomes. Tags name outcomes and endpoints only: never an email,
 * a key or an address.
 */
@Singleton
class WebMetrics {

    private final MeterRegistry registry;
    /** Each counter once found: the registry builds tags and looks a meter up on every call otherwise. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    WebMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void requestAccepted() {
        counter("latchkey.key.requests.accepted", null, null).increment();
    }

    void verification(String outcome) {
        counter("latchkey.verifications", "outcome", outcome).increment();
    }

    void authentication(String outcome) {
        counter("latchkey.integration.authentications", "outcome", outcome).increment();
    }

    /** A token of a signed leak report, by what it turned out to be: true_positive or false_positive. */
    void leakReported(String label) {
        counter("latchkey.leaks.reported", "label", label).increment();
    }

    /** A consent event: requested, granted, denied or withdrawn. */
    void consent(String event) {
        counter("latchkey.consents", "event", event).increment();
    }

    /** An integration's access check, by outcome. */
    void accessCheck(String outcome) {
        counter("latchkey.integration.access.checks", "outcome", outcome).increment();
    }

    /** An owner asked for a link, by purpose (known and unknown emails alike). */
    void ownerLinkRequested(String purpose) {
        counter("latchkey.owner.links.requested", "purpose", purpose).increment();
    }

    /** An owner's export or erasure, done. */
    void ownerData(String event) {
        counter("latchkey.owner.data", "event", event).increment();
    }

    void rateLimited(String endpoint) {
        counter("latchkey.rate.limited", "endpoint", endpoint).increment();
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(
                tag == null ? name : name + '|' + tag + '=' + value,
                key -> tag == null ? registry.counter(name) : registry.counter(name, tag, value));
    }
}

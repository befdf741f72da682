package com.example.latchkey.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;

/**
 * {@code LATCHKEY_WEBHOOK_URL} (where each mail is POSTed; https, or http to this machine only,
 * since every mail holds a live key), {@code LATCHKEY_WEBHOOK_SECRET} (signs each POST, so the
 * receiver can refuse anyone else's) and {@code LATCHKEY_WEBHOOK_TIMEOUT}. A plugin cannot add to
 * the service's {@code application.yml}, so its one default is here.
 */
@ConfigurationProperties("latchkey.webhook")
@Requires(property = "latchkey.adapters.mail", value = "webhook")
record WebhookSettings(
        @Nullable String url,
        @Nullable String secret,
        @Bindable(defaultValue = "5s") Duration timeout) {

    static final int MIN_SECRET_LENGTH = 32;

    byte[] signingKey() {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new ConfigurationException("LATCHKEY_WEBHOOK_SECRET must be set, " + MIN_SECRET_LENGTH
                    + " characters at least, when LATCHKEY_ADAPTERS_MAIL=webhook: it signs every POST");
        }
        return secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WebhookSettings[url=(not shown), secret=(not shown), timeout=" + timeout + "]";
    }

    URI endpoint() {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException("LATCHKEY_WEBHOOK_URL must be set when LATCHKEY_ADAPTERS_MAIL=webhook");
        }
        URI endpoint;
        try {
            endpoint = URI.create(url.strip());
        } catch (IllegalArgumentException unreadable) {
            throw new ConfigurationException("LATCHKEY_WEBHOOK_URL is not a URL (expected https://host/path)");
        }
        if (endpoint.getHost() == null || endpoint.getUserInfo() != null) {
            throw new ConfigurationException("LATCHKEY_WEBHOOK_URL must be https://host/path, with no user:password");
        }
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        boolean plainToThisMachine = "http".equalsIgnoreCase(endpoint.getScheme()) && isLoopback(endpoint.getHost());

        if (!https && !plainToThisMachine) {
            throw new ConfigurationException(
                    "LATCHKEY_WEBHOOK_URL must be https (http only to this machine): every mail holds a live key");
        }
        return endpoint;
    }

    /** A loopback address written as such: a name is not asked of DNS, which could answer otherwise later. */
    private static boolean isLoopback(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (literal.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // ofLiteral never asks DNS: a name that only looks like an address is refused.
            return java.net.InetAddress.ofLiteral(literal).isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}

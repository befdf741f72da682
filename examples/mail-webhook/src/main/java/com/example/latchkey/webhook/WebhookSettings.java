package com.example.latchkey.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * {@code LATCHKEY_WEBHOOK_URL} (where each mail is POSTed; https, or http to this machine only,
 * since every mail holds a live key) and {@code LATCHKEY_WEBHOOK_TIMEOUT}. A plugin cannot add to
 * the service's {@code application.yml}, so its one default is here.
 */
@ConfigurationProperties("latchkey.webhook")
@Requires(property = "latchkey.adapters.mail", value = "webhook")
record WebhookSettings(
        @Nullable String url, @Bindable(defaultValue = "5s") Duration timeout) {

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

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            return false;
        }
    }
}

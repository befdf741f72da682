package com.latchkey.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An integration's id and secret ({@code eci_…}), as an operator registered it; sent as HTTP Basic.
 * {@link #toString()} shows the id only.
 */
public record IntegrationCredentials(String id, String secret) {

    public IntegrationCredentials {
        if (id == null || id.isBlank() || id.contains(":")) {
            throw new IllegalArgumentException("an integration id must be a non-empty name without ':'");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("an integration secret must not be empty");
        }
    }

    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "IntegrationCredentials[id=" + id + ", secret=(masked)]";
    }
}

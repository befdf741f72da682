package com.latchkey.application.port.in;

import java.util.Objects;

/**
 * What an integration presented as itself (HTTP Basic: its id and its secret), as typed: checked
 * by the use case. {@link #toString()} masks the secret.
 */
public record IntegrationCredentials(String id, String secret) {

    public IntegrationCredentials {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IntegrationCredentials[" + id + ", (masked)]";
    }
}

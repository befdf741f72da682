package com.latchkey.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A store's API key ({@code eck_…}) as the owner received it by mail. It is a secret: {@link
 * #toString()} prints its hint only, and the client never puts it in a message, an exception or a log.
 * Its shape is checked by the service, not here, so a malformed key gets the service's own answer
 * ({@link InvalidCredentials}).
 */
public final class ApiKey {

    /** The prefix and the first four characters: what the service's admin API shows as the hint. */
    private static final int HINT_LENGTH = 8;

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** The key as mailed; surrounding white space is dropped. */
    public static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an API key must not be empty");
        }
        return new ApiKey(value.strip());
    }

    /** The key itself, for the one place that must send it. */
    String value() {
        return value;
    }

    /** The first characters (prefix and four more), as the service's admin API shows them. */
    public String hint() {
        return value.length() <= HINT_LENGTH ? "…" : value.substring(0, HINT_LENGTH) + "…";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), key.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[" + hint() + "]";
    }
}

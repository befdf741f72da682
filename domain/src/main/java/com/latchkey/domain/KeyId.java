package com.latchkey.domain;

import java.util.Objects;
import java.util.UUID;

/** The public, unguessable identifier of a key. */
public record KeyId(UUID value) {

    public KeyId {
        Objects.requireNonNull(value, "value");
    }

    public static KeyId random() {
        return new KeyId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

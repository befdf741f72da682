package com.latchkey.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * The stable, opaque identifier of an owner's store: the same for all of an owner's keys, across
 * rotation; random, so it tells nothing about the email.
 */
public record StoreId(UUID value) {

    public StoreId {
        Objects.requireNonNull(value, "value");
    }

    public static StoreId random() {
        return new StoreId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

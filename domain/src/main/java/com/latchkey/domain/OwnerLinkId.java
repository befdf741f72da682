package com.latchkey.domain;

import java.util.Objects;
import java.util.UUID;

/** The public identifier of an owner link (a consent request's id): never the token it was mailed with. */
public record OwnerLinkId(UUID value) {

    public OwnerLinkId {
        Objects.requireNonNull(value, "value");
    }

    public static OwnerLinkId random() {
        return new OwnerLinkId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

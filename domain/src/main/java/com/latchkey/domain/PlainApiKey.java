package com.latchkey.domain;

import java.util.Objects;

/**
 * A key in clear, as it exists in memory while a mail is composed or a verification is checked.
 * Only {@link ApiKeyFormat} makes one, so every instance has a valid shape and checksum.
 * {@link #toString()} prints a mask, never the key.
 */
public final class PlainApiKey {

    private final String value;
    private final KeyHint hint;

    PlainApiKey(String value, KeyHint hint) {
        this.value = value;
        this.hint = hint;
    }

    /** The key itself; hand it only to the mail composer or the digest. */
    public String reveal() {
        return value;
    }

    public KeyHint hint() {
        return hint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PlainApiKey that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return hint.value() + "…(masked)";
    }
}

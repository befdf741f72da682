package com.latchkey.domain;

/** What may be shown of a key: its prefix and the first four random characters. */
public record KeyHint(String value) {

    public KeyHint {
        if (value == null || value.isBlank() || value.length() > 40) {
            throw new IllegalArgumentException("a key hint is a prefix and four characters");
        }
    }
}

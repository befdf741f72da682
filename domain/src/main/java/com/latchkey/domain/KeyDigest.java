package com.latchkey.domain;

import java.util.regex.Pattern;

/** The HMAC-SHA256 of a key under the pepper, as 64 lower-case hex characters: what is stored. */
public record KeyDigest(String hex) {

    private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

    public KeyDigest {
        if (hex == null || !HEX_256.matcher(hex).matches()) {
            throw new IllegalArgumentException("a key digest is 64 lower-case hex characters");
        }
    }
}

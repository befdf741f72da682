package com.latchkey.domain;

/** The HMAC-SHA256 of a key under the pepper, as 64 lower-case hex characters: what is stored. */
public record KeyDigest(String hex) {

    private static final int LENGTH = 64;

    public KeyDigest {
        if (!isLowerHex256(hex)) {
            throw new IllegalArgumentException("a key digest is 64 lower-case hex characters");
        }
    }

    // A plain loop: this runs on every integration call, where a regular expression showed up in profiles.
    private static boolean isLowerHex256(String hex) {
        if (hex == null || hex.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}

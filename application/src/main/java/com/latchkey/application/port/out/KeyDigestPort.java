package com.latchkey.application.port.out;

import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.PlainApiKey;
import java.util.List;

/**
 * Computes the stored form of a key: a keyed digest under a secret pepper. Several peppers may be
 * configured while one is rotated out (newest first); new digests use the newest.
 */
public interface KeyDigestPort {

    /** The digest under the newest secret: what a new key is stored as. */
    KeyDigest digestOf(PlainApiKey key);

    /** The key's digest under every configured secret, newest first: a stored key is found by any of them. */
    default List<KeyDigest> digestsOf(PlainApiKey key) {
        return List.of(digestOf(key));
    }

    /** The ids of the configured secrets, newest first: short, stable, and telling nothing of the secret. */
    default List<String> secrets() {
        return List.of("");
    }

    /** The id of the secret {@link #digestOf} uses. */
    default String currentSecret() {
        return secrets().getFirst();
    }
}

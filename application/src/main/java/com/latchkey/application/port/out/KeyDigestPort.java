package com.latchkey.application.port.out;

import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.PlainApiKey;

/** Computes the stored form of a key: a keyed digest under a secret pepper. */
public interface KeyDigestPort {

    KeyDigest digestOf(PlainApiKey key);
}

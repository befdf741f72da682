package com.latchkey.application.port.out;

import java.util.Map;

/**
 * How much stored data still depends on each secret: the digests of live keys (made under it, and
 * never made again: the key's plaintext is gone) and sealed values (re-sealed under the newest
 * secret in the background). A secret nothing depends on any more may be dropped.
 */
public interface LoadSecretUsagePort {

    /**
     * Live keys (in delivery, delivered or active) and registered integrations' secrets by the id of
     * the secret their digest was made under; those whose secret is not known yet (stored before digests named it) under {@code ""}.
     */
    Map<String, Long> liveKeyDigestsBySecret();

    /** Sealed values by the id of the secret they were made under; those that do not name it under {@code ""}. */
    Map<String, Long> sealedValuesBySecret();
}

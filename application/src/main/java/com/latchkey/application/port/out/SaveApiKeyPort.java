package com.latchkey.application.port.out;

import com.latchkey.domain.ApiKey;

/** Stores keys (their digests, never the keys): a new one, or a change of state. */
public interface SaveApiKeyPort {

    /** Stores a key minted just now. */
    void insert(ApiKey key);

    /**
     * Stores {@code changed} only if the stored key is still in the state of {@code read}, the one
     * the change was decided on. Answers false, writing nothing, when another change came first.
     */
    boolean compareAndSet(ApiKey read, ApiKey changed);
}

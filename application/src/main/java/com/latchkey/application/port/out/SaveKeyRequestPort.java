package com.latchkey.application.port.out;

import com.latchkey.domain.KeyRequest;

/** Stores key requests: a new one, or the outcome of a delivery attempt. */
public interface SaveKeyRequestPort {

    /** Stores a request accepted just now. */
    void insert(KeyRequest request);

    /**
     * Stores {@code changed} only if the stored request is still as {@code read} left it (the same
     * status and attempt count). Answers false, writing nothing, when another change came first.
     */
    boolean compareAndSet(KeyRequest read, KeyRequest changed);
}

package com.latchkey.application.port.out;

import com.latchkey.domain.KeyRequest;

/** Stores a key request, new or changed. */
public interface SaveKeyRequestPort {

    void save(KeyRequest request);
}

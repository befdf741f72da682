package com.latchkey.application.port.out;

import com.latchkey.domain.ApiKey;

/** Stores a key (its digest, never the key), new or changed. */
public interface SaveApiKeyPort {

    void save(ApiKey key);
}

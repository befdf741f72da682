package com.latchkey.application.port.out;

import com.latchkey.domain.ApiKey;
import com.latchkey.domain.KeyDigest;
import java.util.Optional;

/** Finds a key by the digest of the key presented. */
public interface LoadApiKeyPort {

    Optional<ApiKey> loadByDigest(KeyDigest digest);
}

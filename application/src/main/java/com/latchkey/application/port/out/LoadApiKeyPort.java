package com.latchkey.application.port.out;

import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyStatus;
import java.util.List;
import java.util.Optional;

/** Finds keys: one by the digest of the key presented, or an owner's keys in one state. */
public interface LoadApiKeyPort {

    Optional<ApiKey> loadByDigest(KeyDigest digest);

    List<ApiKey> loadByOwner(EmailAddress owner, KeyStatus status);
}

package com.latchkey.application.port.in;

import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An operator finds an owner's keys by the owner's email, each with its last use. */
public interface FindOwnerKeysUseCase {

    List<OwnerKey> find(EmailAddress owner, ClientAddress operator);

    /** A key and when it last authenticated or verified, to the minute. */
    record OwnerKey(ApiKey key, Optional<Instant> lastUsedAt) {

        public OwnerKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        }
    }
}

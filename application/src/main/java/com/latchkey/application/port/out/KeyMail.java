package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import java.time.Instant;
import java.util.Objects;

/** What the key mail says: to whom, the key, and when an unverified key stops working. */
public record KeyMail(EmailAddress to, OwnerName ownerName, PlainApiKey key, Instant verifyBefore) {

    public KeyMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(ownerName, "ownerName");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(verifyBefore, "verifyBefore");
    }
}

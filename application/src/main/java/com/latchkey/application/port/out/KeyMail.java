package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.PlainApiKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What the key mail says: to whom, the key, and when an unverified key stops working. It holds
 * nothing the requester typed but the address (no name), so no mail can carry a stranger's words.
 */
public record KeyMail(EmailAddress to, PlainApiKey key, Instant verifyBefore) {

    public KeyMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(verifyBefore, "verifyBefore");
    }
}

package com.latchkey.application.port.in;

import com.latchkey.domain.EmailAddress;
import java.util.Objects;

/** The owner's email and the key as they typed it; the key's shape is checked by the service. */
public record VerifyApiKeyCommand(EmailAddress email, String presentedKey) {

    public VerifyApiKeyCommand {
        Objects.requireNonNull(email, "email");
        presentedKey = presentedKey == null ? "" : presentedKey.strip();
    }

    @Override
    public String toString() {
        return "VerifyApiKeyCommand[email=" + email.masked() + ", presentedKey=(masked)]";
    }
}

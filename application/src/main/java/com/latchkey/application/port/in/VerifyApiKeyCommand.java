package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import java.util.Objects;

/** The owner's email and the key as they typed it, and where the call came from. */
public record VerifyApiKeyCommand(EmailAddress email, String presentedKey, ClientAddress client) {

    public VerifyApiKeyCommand {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(client, "client");
        presentedKey = presentedKey == null ? "" : presentedKey.strip();
    }

    @Override
    public String toString() {
        return "VerifyApiKeyCommand[email=" + email.masked() + ", presentedKey=(masked), client=" + client + "]";
    }
}

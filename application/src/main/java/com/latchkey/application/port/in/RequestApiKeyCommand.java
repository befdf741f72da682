package com.latchkey.application.port.in;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.OwnerName;
import java.util.Objects;

/** Who asks for a key, and at which business email it should arrive. */
public record RequestApiKeyCommand(OwnerName name, EmailAddress email) {

    public RequestApiKeyCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }
}

package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.OwnerName;
import java.util.Objects;

/** Who asks for a key, at which business email it should arrive, and from where the call came. */
public record RequestApiKeyCommand(OwnerName name, EmailAddress email, ClientAddress client) {

    public RequestApiKeyCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(client, "client");
    }
}

package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import java.util.Objects;

/** A key presented as a bearer credential, and where the call came from. */
public record PresentedKeyCommand(String presentedKey, ClientAddress client) {

    public PresentedKeyCommand {
        Objects.requireNonNull(client, "client");
        presentedKey = presentedKey == null ? "" : presentedKey.strip();
    }

    @Override
    public String toString() {
        return "PresentedKeyCommand[presentedKey=(masked), client=" + client + "]";
    }
}

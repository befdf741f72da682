package com.latchkey.application.port.in;

/** Accepts a store owner's request for a key; the key itself is mailed later by the delivery. */
public interface RequestApiKeyUseCase {

    RequestApiKeyResult request(RequestApiKeyCommand command);
}

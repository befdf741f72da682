package com.latchkey.application.port.in;

/** Revokes a key by possession of it: whoever holds a delivered or active key may end it. */
public interface RevokeApiKeyUseCase {

    RevokeApiKeyResult revoke(PresentedKeyCommand command);
}

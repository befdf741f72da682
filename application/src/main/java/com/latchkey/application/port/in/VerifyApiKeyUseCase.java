package com.latchkey.application.port.in;

/** Checks that a key belongs to an email, and activates it the first time. */
public interface VerifyApiKeyUseCase {

    VerifyApiKeyResult verify(VerifyApiKeyCommand command);
}

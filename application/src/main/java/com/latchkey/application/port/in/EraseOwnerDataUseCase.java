package com.latchkey.application.port.in;

/**
 * Erases the owner of an erase link (SPEC §9): every key revoked, every grant withdrawn, name, email
 * and store id removed everywhere, the audit reduced to type, time and key id, a confirmation
 * mailed. The link works once.
 */
public interface EraseOwnerDataUseCase {

    Result erase(String token);

    sealed interface Result {

        /** Done; {@code confirmationSent} is false when the transport refused the confirmation mail. */
        record Erased(int keysRevoked, boolean confirmationSent) implements Result {}

        /** Used, expired, unknown, malformed or made for something else: one answer for all. */
        record LinkNotValid() implements Result {}
    }
}

package com.latchkey.application.port.out;

/** Hands the mail holding a new key to the configured transport. */
public interface SendKeyMailPort {

    /** Returns once the transport took the mail; throws {@link KeyMailNotSentException} when it did not. */
    void send(KeyMail mail);
}

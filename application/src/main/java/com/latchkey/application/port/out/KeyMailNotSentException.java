package com.latchkey.application.port.out;

/** The transport did not take the mail. Its message never holds the key or the address. */
public class KeyMailNotSentException extends RuntimeException {

    public KeyMailNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}

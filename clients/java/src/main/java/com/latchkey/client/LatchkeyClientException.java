package com.latchkey.client;

/**
 * A fault, not an outcome: the service could not be reached or did not answer in time after the
 * attempts the retry policy allows, the call was interrupted, or the request was not safe to send
 * again. Its message names the call (method and path) and never a key or a secret.
 */
public final class LatchkeyClientException extends RuntimeException {

    LatchkeyClientException(String message, Throwable cause) {
        super(message, cause);
    }
}

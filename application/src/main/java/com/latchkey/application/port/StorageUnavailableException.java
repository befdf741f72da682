package com.latchkey.application.port;

/**
 * The database cannot be reached just now. Outbound ports throw it, use cases pass it on, so it
 * belongs to both sides of the hexagon. Nothing of the operation was committed; the caller may
 * try again in a moment. It carries no message from the database, which could quote stored values.
 */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String kind) {
        super("storage unavailable: " + kind, null, false, false);
    }
}

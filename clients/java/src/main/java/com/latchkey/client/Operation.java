package com.latchkey.client;

/**
 * The calls of the client, each with whether it is safe to send again after it may have reached the
 * service ({@link RetryPolicy} says which are and why).
 */
enum Operation {
    REQUEST_KEY("POST /api/v1/key-requests", false),
    KEY_REQUEST_STATUS("GET /api/v1/key-requests/{requestId}", true),
    VERIFY("POST /api/v1/keys/verify", true),
    IDENTIFY("GET /api/v1/integrations/me", true),
    REVOKE("POST /api/v1/keys/revoke", false),
    CHECK_ACCESS("POST /api/v1/integrations/access", true),
    REQUEST_CONSENT("POST /api/v1/consent-requests", false);

    private final String name;
    private final boolean safeToRepeat;

    Operation(String name, boolean safeToRepeat) {
        this.name = name;
        this.safeToRepeat = safeToRepeat;
    }

    /** Whether a {@code 503} or a failure after sending may be answered by sending it again. */
    boolean safeToRepeat() {
        return safeToRepeat;
    }

    @Override
    public String toString() {
        return name;
    }
}

package com.latchkey.client;

/** {@code 401 INVALID_INTEGRATION}: the integration's id and secret are wrong, or it was removed. */
public record InvalidIntegration() implements AccessResult, ConsentRequestResult {}

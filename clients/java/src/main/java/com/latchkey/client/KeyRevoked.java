package com.latchkey.client;

/** {@code 403 KEY_REVOKED}: email and key match, but the key was revoked or replaced by a newer one. */
public record KeyRevoked() implements VerifyResult {}

package com.latchkey.client;

/** {@code 403 KEY_EXPIRED}: email and key match, but the key was not verified in time. */
public record KeyExpired() implements VerifyResult {}

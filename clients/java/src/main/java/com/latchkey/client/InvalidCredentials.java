package com.latchkey.client;

/**
 * {@code 401 INVALID_CREDENTIALS}: the key (with the email, on verify) does not match an active key
 * (on verify: a key the service issued). One answer for a wrong, malformed, unknown, revoked or
 * expired key on the integration calls: the service tells nothing more.
 */
public record InvalidCredentials()
        implements VerifyResult, IdentifyResult, RevokeResult, AccessResult, ConsentRequestResult {}

package com.latchkey.client;

/**
 * An answer this call does not expect: a {@code 5xx} (after the retries the policy allows), a problem
 * code the call does not name, or a body that is not the documented JSON. {@code code} is the
 * problem's {@code code} member, or {@code null} when the body had none (a proxy's page, say);
 * {@code detail} is the service's sentence, or what the client could not read.
 */
public record UnexpectedAnswer(int status, String code, String detail)
        implements KeyRequestResult,
                KeyRequestStatusResult,
                VerifyResult,
                IdentifyResult,
                RevokeResult,
                AccessResult,
                ConsentRequestResult {}

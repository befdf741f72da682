package com.latchkey.client;

import java.util.List;

/**
 * {@code 400 VALIDATION_FAILED} (or {@code MALFORMED_REQUEST}): a field is missing or not valid, in
 * words for the person who filled it in; on a consent request also a scope the integration is not
 * registered for.
 */
public record ValidationFailed(String code, List<FieldError> errors)
        implements KeyRequestResult, VerifyResult, ConsentRequestResult {

    public ValidationFailed {
        errors = List.copyOf(errors);
    }

    /** One field that did not pass, and why. */
    public record FieldError(String field, String message) {}
}

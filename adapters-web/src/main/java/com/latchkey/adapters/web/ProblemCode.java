package com.latchkey.adapters.web;

import io.micronaut.http.HttpStatus;

/**
 * Every {@code code} a problem answer can carry, with its status and the sentence it says unless a
 * more precise one is given: the one list of the API's errors (docs and clients match on these).
 */
enum ProblemCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Some fields are missing or not valid."),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "The request body is not JSON of the expected shape."),
    INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "The email and API key do not match a key we issued."),
    KEY_EXPIRED(HttpStatus.FORBIDDEN, "This API key was not verified in time and no longer works. Request a new one."),
    KEY_REVOKED(HttpStatus.FORBIDDEN, "This API key was revoked or replaced by a newer one. Request a new one."),
    NOT_FOUND(HttpStatus.NOT_FOUND, "There is nothing at this address."),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "This address does not take that method."),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "This address answers in application/json only."),
    PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "The request body is larger than 16 KiB."),
    INVALID_INTEGRATION(HttpStatus.UNAUTHORIZED, "The integration's id and secret are missing or wrong."),
    LINK_NOT_VALID(
            HttpStatus.GONE,
            "This link is no longer valid: it was used already, it expired, or it was never ours. Ask for a new one."),
    INVALID_ADMIN_TOKEN(HttpStatus.UNAUTHORIZED, "The admin token is missing or wrong."),
    INVALID_SIGNATURE(HttpStatus.UNAUTHORIZED, "The report is not signed by a known reporter key."),
    INTEGRATION_EXISTS(HttpStatus.CONFLICT, "An integration with this id is registered already."),
    KEY_NOT_REVOCABLE(
            HttpStatus.CONFLICT, "This key has ended already (or is still being delivered); nothing changed."),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json."),
    URI_TOO_LONG(HttpStatus.REQUEST_URI_TOO_LONG, "The request line is too long."),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many attempts. Try again later."),
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request's header fields are too large."),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side. Try again in a moment."),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The service is briefly unavailable. Try again in a moment.");

    private final HttpStatus status;
    private final String detail;

    ProblemCode(HttpStatus status, String detail) {
        this.status = status;
        this.detail = detail;
    }

    HttpStatus status() {
        return status;
    }

    /** The sentence said when nothing more precise is. */
    String detail() {
        return detail;
    }
}

package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem with a machine-readable {@code code}. Every detail is a fixed sentence of
 * ours: nothing from an exception, a query or a secret ever reaches it.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        @Nullable List<FieldError> errors) {

    static final MediaType APPLICATION_PROBLEM_JSON = MediaType.of("application/problem+json");
    private static final String TYPE_BASE = "https://latchkey.dev/problems/";

    /** One field that did not pass, and why, in words for the person who filled it in. */
    @Serdeable
    record FieldError(String field, String message) {}

    /** The problem of this code, in its own words. */
    static Problem of(ProblemCode code) {
        return of(code, code.detail());
    }

    /** The problem of this code, with a more precise sentence of ours. */
    static Problem of(ProblemCode code, String detail) {
        return of(code.status(), code.name(), detail);
    }

    /** A status no code of ours names (one Micronaut answers on its own): the status's name is the code. */
    static Problem ofStatus(HttpStatus status) {
        return of(status, status.name(), status.getReason() + ".");
    }

    private static Problem of(HttpStatus status, String code, String detail) {
        return new Problem(
                TYPE_BASE + code.toLowerCase().replace('_', '-'),
                status.getReason(),
                status.getCode(),
                detail,
                code,
                null);
    }

    static Problem validationFailed(List<FieldError> errors) {
        Problem base = of(ProblemCode.VALIDATION_FAILED);
        return new Problem(base.type(), base.title(), base.status(), base.detail(), base.code(), List.copyOf(errors));
    }

    MutableHttpResponse<Problem> toResponse() {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(status))
                .contentType(APPLICATION_PROBLEM_JSON)
                .body(this);
    }
}

package com.latchkey.adapters.web;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Turns every error the framework itself answers (no route, wrong method, wrong media type, body
 * too large, unreadable JSON, a crash) into a problem+json body. The framework's own message is
 * dropped on purpose: it can name classes, fields or SQL. Declaring this bean retires the
 * framework's default processor, which is present only when no other is.
 */
@Singleton
class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    @NonNull
    public MutableHttpResponse<Problem> processResponse(
            @NonNull ErrorContext errorContext, @NonNull MutableHttpResponse<?> response) {
        if (errorContext.getRequest().getMethod() == HttpMethod.HEAD) {
            @SuppressWarnings("unchecked")
            MutableHttpResponse<Problem> bodiless = (MutableHttpResponse<Problem>) response;
            return bodiless;
        }
        return response.contentType(Problem.APPLICATION_PROBLEM_JSON).body(problemFor(response.status()));
    }

    static Problem problemFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST ->
                Problem.of(status, "MALFORMED_REQUEST", "The request body is not JSON of the expected shape.");
            case NOT_FOUND -> Problem.of(status, "NOT_FOUND", "There is nothing at this address.");
            case METHOD_NOT_ALLOWED ->
                Problem.of(status, "METHOD_NOT_ALLOWED", "This address does not take that method.");
            case NOT_ACCEPTABLE ->
                Problem.of(status, "NOT_ACCEPTABLE", "This address answers in application/json only.");
            case REQUEST_ENTITY_TOO_LARGE ->
                Problem.of(status, "PAYLOAD_TOO_LARGE", "The request body is larger than 16 KiB.");
            case UNSUPPORTED_MEDIA_TYPE ->
                Problem.of(status, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
            case SERVICE_UNAVAILABLE ->
                Problem.of(status, "SERVICE_UNAVAILABLE", "The service is briefly unavailable. Try again in a moment.");
            default ->
                status.getCode() >= 500
                        ? Problem.of(
                                HttpStatus.INTERNAL_SERVER_ERROR,
                                "INTERNAL_ERROR",
                                "Something went wrong on our side. Try again in a moment.")
                        : Problem.of(status, status.name(), status.getReason() + ".");
        };
    }
}

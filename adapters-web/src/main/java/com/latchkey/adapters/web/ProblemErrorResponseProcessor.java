package com.latchkey.adapters.web;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.netty.NettyHttpRequestBuilder;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;

/**
 * Turns every error the framework itself answers (no route, wrong method, wrong media type, body
 * or request head too large, unreadable JSON or HTTP, a crash) into a problem+json body. The framework's own message is
 * dropped on purpose: it can name classes, fields or SQL. Declaring this bean retires the
 * framework's default processor, which is present only when no other is.
 */
@Singleton
class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    @NonNull
    public MutableHttpResponse<Problem> processResponse(
            @NonNull ErrorContext errorContext, @NonNull MutableHttpResponse<?> response) {
        Throwable unreadableHead = unreadableHead(errorContext.getRequest());
        // Micronaut answers every over-long part of a request head with 413, as if the body were too
        // large; the codec's failure tells which part it was.
        if (unreadableHead instanceof TooLongHttpHeaderException) {
            response.status(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
        } else if (unreadableHead instanceof TooLongHttpLineException) {
            response.status(HttpStatus.REQUEST_URI_TOO_LONG);
        }
        if (errorContext.getRequest().getMethod() == HttpMethod.HEAD) {
            @SuppressWarnings("unchecked")
            MutableHttpResponse<Problem> bodiless = (MutableHttpResponse<Problem>) response;
            return bodiless;
        }
        Problem problem = unreadableHead != null && response.status() == HttpStatus.BAD_REQUEST
                ? Problem.of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The request is not well-formed HTTP.")
                : problemFor(response.status());
        return response.contentType(Problem.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Why Netty's codec could not read the request's line or header fields, or null if it could. */
    private static Throwable unreadableHead(HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequestBuilder netty)) {
            return null;
        }
        DecoderResult decoded = netty.toHttpRequestWithoutBody().decoderResult();
        return decoded.isFailure() ? decoded.cause() : null;
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
            case REQUEST_HEADER_FIELDS_TOO_LARGE ->
                Problem.of(status, "HEADERS_TOO_LARGE", "The request's header fields are too large.");
            case REQUEST_URI_TOO_LONG -> Problem.of(status, "URI_TOO_LONG", "The request line is too long.");
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

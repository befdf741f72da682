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
                ? Problem.of(ProblemCode.MALFORMED_REQUEST, "The request is not well-formed HTTP.")
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
            case BAD_REQUEST -> Problem.of(ProblemCode.MALFORMED_REQUEST);
            case NOT_FOUND -> Problem.of(ProblemCode.NOT_FOUND);
            case METHOD_NOT_ALLOWED -> Problem.of(ProblemCode.METHOD_NOT_ALLOWED);
            case NOT_ACCEPTABLE -> Problem.of(ProblemCode.NOT_ACCEPTABLE);
            case REQUEST_ENTITY_TOO_LARGE -> Problem.of(ProblemCode.PAYLOAD_TOO_LARGE);
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> Problem.of(ProblemCode.HEADERS_TOO_LARGE);
            case REQUEST_URI_TOO_LONG -> Problem.of(ProblemCode.URI_TOO_LONG);
            case UNSUPPORTED_MEDIA_TYPE -> Problem.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE);
            case SERVICE_UNAVAILABLE -> Problem.of(ProblemCode.SERVICE_UNAVAILABLE);
            default -> status.getCode() >= 500 ? Problem.of(ProblemCode.INTERNAL_ERROR) : Problem.ofStatus(status);
        };
    }
}

package com.latchkey.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for an exception nothing else handled. It logs the chain of exception classes
 * only: database and mail messages quote the values they choked on, emails included.
 */
@Singleton
@Produces
class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Exception exception) {
        LOG.error("unexpected error on {} {}: {}", request.getMethod(), request.getPath(), causeChain(exception));
        return ProblemErrorResponseProcessor.problemFor(HttpStatus.INTERNAL_SERVER_ERROR)
                .toResponse();
    }

    static String causeChain(Throwable failure) {
        StringBuilder chain = new StringBuilder(failure.getClass().getName());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            chain.append(" <- ").append(cause.getClass().getName());
        }
        StackTraceElement[] trace = failure.getStackTrace();
        if (trace.length > 0) {
            chain.append(" at ").append(trace[0]);
        }
        return chain.toString();
    }
}

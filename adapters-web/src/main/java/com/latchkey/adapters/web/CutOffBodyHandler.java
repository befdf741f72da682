package com.latchkey.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.io.EOFException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's body ended before its last byte: the connection closed, because the client went away
 * or took longer than LATCHKEY_REQUEST_READ_TIMEOUT. The client's doing, not the service's fault,
 * and nobody is left to read the answer.
 */
@Singleton
@Produces
class CutOffBodyHandler implements ExceptionHandler<EOFException, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(CutOffBodyHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, EOFException cutOff) {
        LOG.debug("the connection closed before the body of {} {} ended", request.getMethod(), request.getPath());
        return ProblemErrorResponseProcessor.problemFor(HttpStatus.BAD_REQUEST).toResponse();
    }
}

package com.latchkey.adapters.web;

import com.latchkey.application.port.StorageUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The database is briefly out of reach: 503 with a hint when to retry; nothing was half-written. */
@Singleton
@Produces
class StorageUnavailableHandler implements ExceptionHandler<StorageUnavailableException, HttpResponse<Problem>> {

    static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger LOG = LoggerFactory.getLogger(StorageUnavailableHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, StorageUnavailableException unavailable) {
        LOG.warn("database unreachable on {} {}: {}", request.getMethod(), request.getPath(), unavailable.getMessage());
        return ProblemErrorResponseProcessor.problemFor(HttpStatus.SERVICE_UNAVAILABLE)
                .toResponse()
                .header("Retry-After", RETRY_AFTER_SECONDS);
    }
}

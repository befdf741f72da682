package com.latchkey.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * API answers are never stored by a browser or a shared cache: they carry request ids, key ids and
 * states that belong to one caller. The security headers are set on every answer by
 * {@link SecurityHeadersHandler}, which also sees the answers that no filter runs for.
 */
@ServerFilter("/api/**")
class ApiNoStoreFilter {

    @ResponseFilter
    void noStore(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("Cache-Control", "no-store");
    }
}

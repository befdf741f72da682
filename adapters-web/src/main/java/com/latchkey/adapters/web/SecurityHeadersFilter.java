package com.latchkey.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The usual security headers on every answer, and a strict Content-Security-Policy: pages may load
 * scripts, styles and images from this origin only (no inline code); API answers may load nothing.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SecurityHeadersFilter {

    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    @ResponseFilter
    void secure(HttpRequest<?> request, MutableHttpResponse<?> response) {
        boolean page = response.getContentType()
                .map(type -> type.matches(MediaType.TEXT_HTML_TYPE))
                .orElse(false);
        response.header("Content-Security-Policy", page ? PAGE_POLICY : API_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        response.header("Cross-Origin-Opener-Policy", "same-origin");
        if (request.getPath().startsWith("/api/")) {
            response.header("Cache-Control", "no-store");
        }
    }
}

package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every answer carries the security headers and HSTS over real HTTP, including those Micronaut
 * makes before any route or filter runs (a request head too large or malformed, a cross-origin
 * refusal); its error bodies stay problem+json.
 */
@MicronautTest
class SecurityHeadersTest {

    @Inject
    EmbeddedServer server;

    /** One request, sent by java.net.http or, where it will not send it, byte for byte on a socket. */
    interface Exchange {
        Http.RawAnswer send(Http http) throws Exception;
    }

    static Stream<Arguments> answers() {
        String json = "application/json";
        return Stream.of(
                answer("page", 200, false, http -> of(http.get("/request"))),
                answer(
                        "API answer",
                        200,
                        false,
                        http -> of(http.get("/api/v1/key-requests/" + FakeUseCases.KNOWN_REQUEST))),
                answer("no page here", 404, true, http -> of(http.get("/nothing"))),
                answer("no API route", 404, true, http -> of(http.get("/api/v1/nothing"))),
                answer(
                        "wrong method",
                        405,
                        true,
                        http -> of(http.send(HttpRequest.newBuilder(http.uri("/api/v1/key-requests"))
                                .DELETE()))),
                answer("broken JSON", 400, true, http -> of(http.post("/api/v1/key-requests", json, "{\"name\":"))),
                answer("not JSON", 415, true, http -> of(http.post("/api/v1/key-requests", "text/plain", "hello"))),
                answer(
                        "body over 16 KiB",
                        413,
                        true,
                        http -> of(
                                http.post("/api/v1/key-requests", json, "{\"name\":\"" + "a".repeat(20_000) + "\"}"))),
                // Micronaut's CORS filter refuses a foreign origin calling a server addressed as
                // localhost (drive-by-localhost protection), before any other filter runs.
                answer(
                        "cross-origin refusal",
                        403,
                        false,
                        http -> of(http.send(HttpRequest.newBuilder(http.uri("/api/v1/key-requests"))
                                .header("Origin", "https://evil.example")
                                .header("Content-Type", json)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"J\",\"email\":\"j@shop.example\"}"))))),
                answer(
                        "header fields too large",
                        431,
                        true,
                        http -> http.raw(
                                "GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(20_000) + "\r\n\r\n")),
                answer(
                        "request line too long",
                        414,
                        true,
                        http -> http.raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")),
                answer("no HTTP at all", 400, true, http -> http.raw("HELLO\r\n\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerCarriesTheSecurityHeaders(Exchange exchange, int status, boolean problem) throws Exception {
        Http.RawAnswer answer = exchange.send(new Http(server.getURL()));

        assertThat(answer.status()).isEqualTo(status);
        boolean page = answer.headers().getOrDefault("content-type", "").startsWith("text/html");
        assertThat(answer.headers())
                .containsEntry(
                        "content-security-policy",
                        page ? SecurityHeadersHandler.PAGE_POLICY : SecurityHeadersHandler.API_POLICY)
                .containsEntry("strict-transport-security", "max-age=31536000; includeSubDomains")
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("x-frame-options", "DENY")
                .containsEntry("referrer-policy", "no-referrer");
        if (problem) {
            assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"status\":" + status).contains("\"code\":");
        }
    }

    private static Arguments answer(String name, int status, boolean problem, Exchange exchange) {
        return Arguments.of(Named.of(name, exchange), status, problem);
    }

    private static Http.RawAnswer of(HttpResponse<String> response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        return new Http.RawAnswer(response.statusCode(), headers, response.body());
    }
}

package com.latchkey.adapters.web;

import static com.latchkey.adapters.web.KeyRequestControllerTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.server.exceptions.NotFoundException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An address no route serves is answered by the global error route, found in the router's table,
 * with the same problem the framework gave; answers of real routes, 404s included, are untouched.
 */
@MicronautTest
class UnknownAddressTest {

    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(server.getURL());
    }

    @Test
    void anUnknownAddressIsA404ProblemWithTheUsualHeaders() throws Exception {
        for (HttpResponse<String> answer : List.of(
                http.get("/api/v1/no-such-route"),
                http.get("/wp-login.php"),
                http.postJson("/api/v1/no-such-route", "{}"),
                http.send(HttpRequest.newBuilder(http.uri("/api/v2/keys")).DELETE()))) {
            assertProblem(answer, 404, "NOT_FOUND");
            assertThat(answer.body()).contains("There is nothing at this address.");
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .contains(SecurityHeadersHandler.API_POLICY);
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
        assertThat(http.get("/api/v1/no-such-route").headers().firstValue("Cache-Control"))
                .contains("no-store");
    }

    @Test
    void aHeadRequestForAnUnknownAddressIs404WithoutABody() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(http.uri("/api/v1/no-such-route"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void theRouterAnswersAnUnknownAddressFromItsOwnTable() {
        assertThat(router.findErrorRoute(
                        new NotFoundException(), io.micronaut.http.HttpRequest.GET("/api/v1/no-such-route")))
                .isPresent();
    }

    @Test
    void realRoutesKeepTheirOwnAnswers() throws Exception {
        HttpResponse<String> noSuchRequest = http.get("/api/v1/key-requests/1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        assertProblem(noSuchRequest, 404, "NOT_FOUND");
        assertThat(noSuchRequest.body()).contains("There is no key request with this id.");
        assertProblem(http.get("/api/v1/keys/verify"), 405, "METHOD_NOT_ALLOWED");
        assertThat(http.get("/verify").statusCode()).isEqualTo(200);
        assertThat(http.get("/assets/latchkey.css").statusCode()).isEqualTo(200);
        assertThat(http.get("/assets/latchkey.js").statusCode()).isEqualTo(200);
        assertThat(http.get("/assets/no-such.css").statusCode()).isEqualTo(404);
    }
}

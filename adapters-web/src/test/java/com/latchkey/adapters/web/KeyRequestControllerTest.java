package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest
class KeyRequestControllerTest {

    @Inject
    EmbeddedServer server;

    @Inject
    FakeUseCases useCases;

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(server.getURL());
        useCases.requests.clear();
    }

    @Test
    void acceptsAValidRequestWith202() throws Exception {
        HttpResponse<String> response =
                http.postJson("/api/v1/key-requests", "{\"name\":\" Jane \",\"email\":\"Jane@Shop.EXAMPLE\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Location"))
                .contains("/api/v1/key-requests/" + FakeUseCases.KNOWN_REQUEST);
        assertThat(response.body())
                .isEqualTo(
                        "{\"requestId\":\"" + FakeUseCases.KNOWN_REQUEST + "\",\"status\":\"PENDING\","
                                + "\"message\":\"Check your email inbox for an email from Acme Shops containing the API key.\"}");
        assertThat(useCases.requests).hasSize(1);
        assertThat(useCases.requests.get(0).email().value()).isEqualTo("Jane@shop.example");
        assertThat(useCases.requests.get(0).name().value()).isEqualTo("Jane");
    }

    @Test
    void overTheLimitIs429WithRetryAfter() throws Exception {
        HttpResponse<String> response =
                http.postJson("/api/v1/key-requests", "{\"name\":\"Jane\",\"email\":\"limited@shop.example\"}");

        assertProblem(response, 429, "RATE_LIMITED");
        assertThat(response.headers().firstValue("Retry-After")).contains("125");
        assertThat(response.body()).contains("Try again in 3 minutes.");
    }

    @Test
    void callerAddressIsThePeerAndAForgedForwardedForIsIgnored() throws Exception {
        http.send(HttpRequest.newBuilder(http.uri("/api/v1/key-requests"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "198.51.100.66")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Jane\",\"email\":\"jane@shop.example\"}")));

        assertThat(useCases.requests.get(0).client().value()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void apiAnswersCarryTheSecurityHeaders() throws Exception {
        HttpResponse<String> response = http.get("/api/v1/key-requests/" + FakeUseCases.KNOWN_REQUEST);

        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .contains(SecurityHeadersHandler.API_POLICY);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(http.get("/api/v1/nothing").headers().firstValue("X-Content-Type-Options"))
                .contains("nosniff");
    }

    @Test
    void namesEveryInvalidFieldAndStoresNothing() throws Exception {
        HttpResponse<String> response =
                http.postJson("/api/v1/key-requests", "{\"name\":\"\",\"email\":\"not-an-email\"}");

        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(response.body())
                .contains("{\"field\":\"name\",\"message\":\"must not be blank\"}")
                .contains("{\"field\":\"email\",\"message\":\"must be an email address like name@example.com\"}");
        assertThat(useCases.requests).isEmpty();
    }

    @Test
    void missingFieldsAreValidationErrors() throws Exception {
        HttpResponse<String> response = http.postJson("/api/v1/key-requests", "{}");

        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(response.body()).contains("\"field\":\"name\"").contains("\"field\":\"email\"");
    }

    @Test
    void brokenJsonIsAProblemThatLeaksNothing() throws Exception {
        HttpResponse<String> response = http.postJson("/api/v1/key-requests", "{\"name\": \"Jane\", \"email\": ");

        assertProblem(response, 400, "MALFORMED_REQUEST");
        assertThat(response.body())
                .doesNotContainIgnoringCase("jackson")
                .doesNotContain("Exception")
                .doesNotContain("at [");
        assertThat(useCases.requests).isEmpty();
    }

    @Test
    void unknownMembersAreRejected() throws Exception {
        HttpResponse<String> response = http.postJson(
                "/api/v1/key-requests", "{\"name\":\"Jane\",\"email\":\"jane@shop.example\",\"admin\":true}");

        assertProblem(response, 400, "MALFORMED_REQUEST");
        assertThat(useCases.requests).isEmpty();
    }

    @Test
    void nonJsonIs415() throws Exception {
        HttpResponse<String> response =
                http.post("/api/v1/key-requests", "text/plain", "name=Jane&email=jane@shop.example");

        assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(useCases.requests).isEmpty();
    }

    @Test
    void bodyOver16KibIs413() throws Exception {
        String body = "{\"name\":\"" + "x".repeat(17 * 1024) + "\",\"email\":\"jane@shop.example\"}";

        HttpResponse<String> response = http.postJson("/api/v1/key-requests", body);

        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
        assertThat(useCases.requests).isEmpty();
    }

    @Test
    void statusOfAKnownRequest() throws Exception {
        HttpResponse<String> response = http.get("/api/v1/key-requests/" + FakeUseCases.KNOWN_REQUEST);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"requestId\":\"" + FakeUseCases.KNOWN_REQUEST
                        + "\",\"status\":\"SENT\",\"attempts\":2,\"updatedAt\":\"2026-11-27T10:00:00Z\"}");
    }

    @Test
    void unknownOrMalformedRequestIdIs404() throws Exception {
        assertProblem(http.get("/api/v1/key-requests/1b4e28ba-2fa1-11d2-883f-0016d3cca427"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/key-requests/not-a-uuid"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/key-requests/'%20OR%201=1"), 404, "NOT_FOUND");
    }

    @Test
    void unknownRouteAndWrongMethodAreProblems() throws Exception {
        assertProblem(http.get("/api/v1/nothing-here"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/keys/verify"), 405, "METHOD_NOT_ALLOWED");
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body())
                .contains("\"status\":" + status)
                .contains("\"code\":\"" + code + "\"")
                .contains("\"type\":\"https://")
                .contains("\"title\":")
                .contains("\"detail\":");
    }
}

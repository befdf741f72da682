package com.latchkey.adapters.web;

import static com.latchkey.adapters.web.KeyRequestControllerTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest
class IntegrationControllerTest {

    @Inject
    EmbeddedServer server;

    @Inject
    FakeUseCases useCases;

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(server.getURL());
        useCases.presented.clear();
    }

    private HttpResponse<String> me(String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(http.uri("/api/v1/integrations/me")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request);
    }

    @Test
    void activeBearerKeyIdentifiesTheStore() throws Exception {
        HttpResponse<String> response = me("Bearer active-key");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"keyId\":\"" + FakeUseCases.KEY_ID + "\",\"storeId\":\"" + FakeUseCases.STORE_ID
                        + "\",\"status\":\"ACTIVE\",\"verifiedAt\":\"2026-11-27T10:00:00Z\",\"scopes\":[]}");
        assertThat(response.body())
                .doesNotContain("jane")
                .doesNotContain("email")
                .doesNotContain("name");
        assertThat(useCases.presented.get(0).presentedKey()).isEqualTo("active-key");
    }

    @Test
    void missingMalformedOrWrongCredentialsAreOneAnd401WithTheChallenge() throws Exception {
        List<HttpResponse<String>> refused =
                List.of(me(null), me("Basic abc"), me("Bearer"), me("Bearer wrong-key"), me("bearer  wrong-key"));

        for (HttpResponse<String> response : refused) {
            assertProblem(response, 401, "INVALID_CREDENTIALS");
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(response.body()).isEqualTo(refused.get(0).body());
        }
    }

    @Test
    void tooManyFailuresIs429() throws Exception {
        HttpResponse<String> response = me("Bearer limited-key");

        assertProblem(response, 429, "RATE_LIMITED");
        assertThat(response.headers().firstValue("Retry-After")).contains("30");
    }

    @Test
    void revokeByPossession() throws Exception {
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(http.uri("/api/v1/keys/revoke"))
                .header("Authorization", "Bearer active-key")
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(http.uri("/api/v1/keys/revoke"))
                .header("Authorization", "Bearer nothing")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).isEqualTo("{\"keyId\":\"" + FakeUseCases.KEY_ID + "\",\"status\":\"REVOKED\"}");
        assertProblem(refused, 401, "INVALID_CREDENTIALS");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void bearerParsing() {
        assertThat(IntegrationController.bearer("Bearer eck_abc")).isEqualTo("eck_abc");
        assertThat(IntegrationController.bearer("BEARER   eck_abc  ")).isEqualTo("eck_abc");
        assertThat(IntegrationController.bearer("Basic eck_abc")).isEmpty();
        assertThat(IntegrationController.bearer(null)).isEmpty();
    }
}

package com.latchkey.adapters.web;

import static com.latchkey.adapters.web.KeyRequestControllerTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest
class VerifyKeyControllerTest {

    @Inject
    EmbeddedServer server;

    @Inject
    FakeUseCases useCases;

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(server.getURL());
        useCases.verifications.clear();
    }

    private HttpResponse<String> verify(String email, String apiKey) throws Exception {
        return http.postJson("/api/v1/keys/verify", "{\"email\":\"" + email + "\",\"apiKey\":\"" + apiKey + "\"}");
    }

    @Test
    void verifiedKeyAnswers200() throws Exception {
        HttpResponse<String> response = verify("jane@shop.example", "good-key");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"verified\":true,\"keyId\":\"" + FakeUseCases.KEY_ID + "\",\"status\":\"ACTIVE\","
                        + "\"verifiedAt\":\"2026-11-27T10:00:00Z\",\"message\":\""
                        + VerifyKeyController.VERIFIED_MESSAGE
                        + "\"}");
        assertThat(useCases.verifications.get(0).email().value()).isEqualTo("jane@shop.example");
    }

    @Test
    void everyMismatchGetsTheSame401() throws Exception {
        HttpResponse<String> wrongKey = verify("jane@shop.example", "eck_wrong");
        HttpResponse<String> otherEmail = verify("someone@else.example", "whatever");

        assertProblem(wrongKey, 401, "INVALID_CREDENTIALS");
        assertThat(otherEmail.statusCode()).isEqualTo(401);
        assertThat(otherEmail.body()).isEqualTo(wrongKey.body());
        assertThat(wrongKey.body()).doesNotContain("eck_wrong").doesNotContain("jane");
    }

    @Test
    void expiredAndRevokedAre403WithTheirCodes() throws Exception {
        assertProblem(verify("jane@shop.example", "expired-key"), 403, "KEY_EXPIRED");
        assertProblem(verify("jane@shop.example", "revoked-key"), 403, "KEY_REVOKED");
    }

    @Test
    void malformedEmailOrMissingKeyIs400() throws Exception {
        HttpResponse<String> response = http.postJson("/api/v1/keys/verify", "{\"email\":\"jane\"}");

        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(response.body()).contains("\"field\":\"email\"").contains("\"field\":\"apiKey\"");
        assertThat(useCases.verifications).isEmpty();
    }

    @Test
    void unreachableDatabaseIsA503WithRetryAfter() throws Exception {
        HttpResponse<String> response = verify("jane@shop.example", "database-down");

        assertProblem(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(response.body()).doesNotContain("SQL");
    }

    @Test
    void aCrashIsA500ThatTellsNothingOfTheInside() throws Exception {
        HttpResponse<String> response = verify("jane@shop.example", "crash");

        assertProblem(response, 500, "INTERNAL_ERROR");
        assertThat(response.body())
                .doesNotContain("h2")
                .doesNotContain("SELECT")
                .doesNotContain("IllegalStateException")
                .doesNotContain("crash");
    }
}

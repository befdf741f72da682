package com.latchkey.adapters.web;

import static com.latchkey.adapters.web.KeyRequestControllerTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consent routes over HTTP, on scripted use cases: mapping in and out, and every error's shape. */
@MicronautTest
class ConsentControllerTest {

    @Inject
    EmbeddedServer server;

    @Inject
    FakeConsentUseCases useCases;

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(server.getURL());
        useCases.consentRequests.clear();
        useCases.linkRequests.clear();
        useCases.decisions.clear();
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request);
    }

    @Test
    void anIntegrationAsksWithItsBasicCredentialsAndIsAnswered202() throws Exception {
        HttpResponse<String> response = post(
                "/api/v1/consent-requests",
                basic("acme-crm", FakeConsentUseCases.SECRET),
                "{\"apiKey\":\"active-key\",\"scopes\":[\"orders:read\",\"owner:read\"]}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body())
                .isEqualTo("{\"consentRequestId\":\"" + FakeConsentUseCases.REQUEST_ID + "\",\"status\":\"PENDING\"}");
        var command = useCases.consentRequests.getFirst();
        assertThat(command.integration().id()).isEqualTo("acme-crm");
        assertThat(command.scopes()).containsExactlyInAnyOrder("orders:read", "owner:read");
        assertThat(command.toString())
                .doesNotContain(FakeConsentUseCases.SECRET)
                .doesNotContain("active-key");
    }

    @Test
    void missingOrWrongIntegrationCredentialsAre401WithTheBasicChallenge() throws Exception {
        String body = "{\"apiKey\":\"active-key\",\"scopes\":[\"orders:read\"]}";
        List<HttpResponse<String>> refused = List.of(
                post("/api/v1/consent-requests", null, body),
                post("/api/v1/consent-requests", "Bearer active-key", body),
                post("/api/v1/consent-requests", "Basic !!!", body),
                post("/api/v1/consent-requests", basic("acme-crm", "wrong"), body),
                post("/api/v1/integrations/access", null, "{\"apiKey\":\"active-key\"}"),
                post("/api/v1/integrations/access", basic("acme-crm", "wrong"), "{\"apiKey\":\"active-key\"}"));

        for (HttpResponse<String> response : refused) {
            assertProblem(response, 401, "INVALID_INTEGRATION");
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"latchkey\"");
        }
    }

    @Test
    void scopesOutsideTheRegistrationOrNoneAre400AndAnInactiveKeyIsTheVerifyAnswer() throws Exception {
        String auth = basic("acme-crm", FakeConsentUseCases.SECRET);

        HttpResponse<String> outside =
                post("/api/v1/consent-requests", auth, "{\"apiKey\":\"active-key\",\"scopes\":[\"orders:write\"]}");
        assertProblem(outside, 400, "VALIDATION_FAILED");
        assertThat(outside.body()).contains("\"field\":\"scopes\"").contains("orders:write");

        HttpResponse<String> none = post("/api/v1/consent-requests", auth, "{\"apiKey\":\"active-key\",\"scopes\":[]}");
        assertProblem(none, 400, "VALIDATION_FAILED");
        assertThat(useCases.consentRequests).hasSize(1);

        assertProblem(
                post("/api/v1/consent-requests", auth, "{\"apiKey\":\"old-key\",\"scopes\":[\"orders:read\"]}"),
                401,
                "INVALID_CREDENTIALS");
        HttpResponse<String> limited =
                post("/api/v1/consent-requests", auth, "{\"apiKey\":\"limited-key\",\"scopes\":[\"orders:read\"]}");
        assertProblem(limited, 429, "RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).contains("72000");
        assertProblem(
                post("/api/v1/consent-requests", auth, "{\"apiKey\":\"active-key\",\"scopes\":[\"a:b\"],\"x\":1}"),
                400,
                "MALFORMED_REQUEST");
    }

    @Test
    void accessAnswersTheGrantedScopesAlwaysAndTheOwnerOnlyWhenGranted() throws Exception {
        String auth = basic("acme-crm", FakeConsentUseCases.SECRET);

        HttpResponse<String> granted = post("/api/v1/integrations/access", auth, "{\"apiKey\":\"granted-key\"}");
        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(granted.body())
                .isEqualTo("{\"storeId\":\"" + FakeUseCases.STORE_ID + "\",\"keyId\":\"" + FakeUseCases.KEY_ID
                        + "\",\"scopes\":[\"orders:read\",\"owner:read\"],"
                        + "\"owner\":{\"name\":\"Jane's Shop\",\"email\":\"jane@shop.example\"}}");

        HttpResponse<String> nothing = post("/api/v1/integrations/access", auth, "{\"apiKey\":\"active-key\"}");
        assertThat(nothing.body())
                .isEqualTo("{\"storeId\":\"" + FakeUseCases.STORE_ID + "\",\"keyId\":\"" + FakeUseCases.KEY_ID
                        + "\",\"scopes\":[]}");

        assertProblem(
                post("/api/v1/integrations/access", auth, "{\"apiKey\":\"revoked-key\"}"), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void anOwnerLinkIsAcceptedAlikeForEveryEmailAndOnlyForOfferedPurposes() throws Exception {
        HttpResponse<String> known = http.postJson(
                "/api/v1/owner-links", "{\"email\":\"jane@shop.example\",\"purpose\":\"MANAGE_CONSENTS\"}");
        HttpResponse<String> unknown = http.postJson(
                "/api/v1/owner-links", "{\"email\":\"who@shop.example\",\"purpose\":\"MANAGE_CONSENTS\"}");

        assertThat(known.statusCode()).isEqualTo(202);
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(known.body()).isEqualTo(unknown.body()).contains("\"status\":\"ACCEPTED\"");

        HttpResponse<String> bad = http.postJson("/api/v1/owner-links", "{\"email\":\"nope\",\"purpose\":\"CONSENT\"}");
        assertProblem(bad, 400, "VALIDATION_FAILED");
        assertThat(bad.body()).contains("\"field\":\"email\"").contains("\"field\":\"purpose\"");
        assertProblem(
                http.postJson(
                        "/api/v1/owner-links", "{\"email\":\"limited@shop.example\",\"purpose\":\"MANAGE_CONSENTS\"}"),
                429,
                "RATE_LIMITED");
        assertThat(useCases.linkRequests).hasSize(3);
    }

    @Test
    void aConsentLinkIsPreviewedAndDecidedAndAnInvalidOneIsGone() throws Exception {
        HttpResponse<String> preview =
                http.postJson("/api/v1/consent-decisions/preview", "{\"token\":\"consent-token\"}");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body())
                .isEqualTo("{\"integration\":{\"id\":\"acme-crm\",\"name\":\"Acme CRM\"},"
                        + "\"scopes\":[{\"scope\":\"orders:read\",\"description\":\"see your orders\"}],"
                        + "\"expiresAt\":\"2026-11-30T10:00:00Z\"}");

        assertThat(http.postJson("/api/v1/consent-decisions", "{\"token\":\"consent-token\",\"decision\":\"APPROVE\"}")
                        .body())
                .isEqualTo("{\"status\":\"GRANTED\"}");
        assertThat(http.postJson("/api/v1/consent-decisions", "{\"token\":\"consent-token\",\"decision\":\"DENY\"}")
                        .body())
                .isEqualTo("{\"status\":\"DENIED\"}");

        HttpResponse<String> gone = http.postJson("/api/v1/consent-decisions/preview", "{\"token\":\"used\"}");
        HttpResponse<String> goneToo =
                http.postJson("/api/v1/consent-decisions", "{\"token\":\"ecl_unknown\",\"decision\":\"APPROVE\"}");
        assertProblem(gone, 410, "LINK_NOT_VALID");
        assertProblem(goneToo, 410, "LINK_NOT_VALID");
        assertThat(gone.body()).isEqualTo(goneToo.body());

        assertProblem(
                http.postJson("/api/v1/consent-decisions", "{\"token\":\"consent-token\",\"decision\":\"MAYBE\"}"),
                400,
                "VALIDATION_FAILED");
        assertProblem(http.postJson("/api/v1/consent-decisions/preview", "{}"), 400, "VALIDATION_FAILED");
        assertThat(useCases.decisions).hasSize(3);
    }

    @Test
    void aManageLinkListsAndWithdraws() throws Exception {
        HttpResponse<String> listed = http.postJson("/api/v1/consents/list", "{\"token\":\"manage-token\"}");
        assertThat(listed.body())
                .isEqualTo("{\"consents\":[{\"integration\":{\"id\":\"acme-crm\",\"name\":\"Acme CRM\"},"
                        + "\"scopes\":[{\"scope\":\"orders:read\",\"description\":\"see your orders\"}],"
                        + "\"grantedAt\":\"2026-11-28T10:00:00Z\",\"updatedAt\":\"2026-11-28T11:00:00Z\"}],"
                        + "\"expiresAt\":\"2026-11-30T10:00:00Z\"}");
        assertThat(http.postJson("/api/v1/consents/list", "{\"token\":\"empty-token\"}")
                        .body())
                .isEqualTo("{\"consents\":[],\"expiresAt\":\"2026-11-30T10:00:00Z\"}");

        assertThat(http.postJson(
                                "/api/v1/consents/withdraw",
                                "{\"token\":\"manage-token\",\"integrationId\":\"acme-crm\"}")
                        .body())
                .isEqualTo("{\"status\":\"WITHDRAWN\"}");
        assertProblem(
                http.postJson(
                        "/api/v1/consents/withdraw", "{\"token\":\"manage-token\",\"integrationId\":\"other-app\"}"),
                404,
                "NOT_FOUND");
        assertProblem(
                http.postJson("/api/v1/consents/withdraw", "{\"token\":\"old\",\"integrationId\":\"acme-crm\"}"),
                410,
                "LINK_NOT_VALID");
        assertProblem(
                http.postJson("/api/v1/consents/withdraw", "{\"token\":\"manage-token\",\"integrationId\":\"No Id\"}"),
                400,
                "VALIDATION_FAILED");
    }
}

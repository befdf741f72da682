package com.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.client.ScriptedServer.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the client sends, and how it reads each answer the service gives, over real HTTP. */
class AnswersTest {

    static final ApiKey KEY = RetryTest.KEY;
    static final IntegrationCredentials ACME = new IntegrationCredentials("acme-crm", "eci_secretsecret");
    static final UUID KEY_ID = UUID.fromString("0d7f6f0c-9a3e-4f7e-8a53-5b8c2f1f3c22");

    static LatchkeyClient client(ScriptedServer server) {
        return LatchkeyClient.builder(server.url()).retries(RetryPolicy.none()).build();
    }

    @Test
    void theKeyTravelsAsABearerCredentialOnlyNeverInTheAddress() throws Exception {
        try (var server = new ScriptedServer(Reply.json(200, RetryTest.IDENTITY));
                var client = client(server)) {

            IdentifyResult result = client.identify(KEY);

            assertThat(result)
                    .isEqualTo(new IdentifyResult.Identified(
                            KEY_ID, "s-1", "ACTIVE", Instant.parse("2026-11-27T10:00:00Z"), List.of()));
            var sent = server.received().getFirst();
            assertThat(sent.method()).isEqualTo("GET");
            assertThat(sent.path()).isEqualTo("/api/v1/integrations/me");
            assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY.value());
        }
    }

    @Test
    void anIntegrationAuthenticatesWithHttpBasicAndTheKeyInTheBody() throws Exception {
        try (var server = new ScriptedServer(Reply.json(
                        200,
                        "{\"storeId\":\"s-1\",\"keyId\":\"" + KEY_ID + "\",\"scopes\":[\"orders:read\",\"owner:read\"],"
                                + "\"owner\":{\"name\":\"Jane Doe\",\"email\":\"jane@shop.example\"}}"));
                var client = client(server)) {

            AccessResult result = client.checkAccess(ACME, KEY);

            assertThat(result)
                    .isEqualTo(new AccessResult.Granted(
                            "s-1",
                            KEY_ID,
                            Set.of("orders:read", "owner:read"),
                            Optional.of(new AccessResult.Owner("Jane Doe", "jane@shop.example"))));
            var sent = server.received().getFirst();
            assertThat(sent.path()).isEqualTo("/api/v1/integrations/access");
            assertThat(new String(
                            Base64.getDecoder()
                                    .decode(sent.header("Authorization").substring("Basic ".length())),
                            StandardCharsets.UTF_8))
                    .isEqualTo("acme-crm:eci_secretsecret");
            assertThat(sent.body()).isEqualTo("{\"apiKey\":\"" + KEY.value() + "\"}");
        }
    }

    @Test
    void noScopeGrantedIsNoConsent() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.json(200, "{\"storeId\":\"s-1\",\"keyId\":\"" + KEY_ID + "\",\"scopes\":[]}"));
                var client = client(server)) {

            assertThat(client.checkAccess(ACME, KEY)).isEqualTo(new AccessResult.NoConsent("s-1", KEY_ID));
        }
    }

    @Test
    void aConsentRequestSendsTheScopesAsked() throws Exception {
        try (var server = new ScriptedServer(Reply.json(
                        202,
                        "{\"consentRequestId\":\"8a6f0b1e-0c2d-4f3e-9a1b-2c3d4e5f6a7b\",\"status\":\"PENDING\"}"));
                var client = client(server)) {

            ConsentRequestResult result = client.requestConsent(ACME, KEY, List.of("orders:read", "owner:read"));

            assertThat(result)
                    .isEqualTo(new ConsentRequestResult.Requested(
                            UUID.fromString("8a6f0b1e-0c2d-4f3e-9a1b-2c3d4e5f6a7b")));
            assertThat(server.received().getFirst().body())
                    .isEqualTo("{\"apiKey\":\"" + KEY.value() + "\",\"scopes\":[\"orders:read\",\"owner:read\"]}");
        }
    }

    @Test
    void theTwoRefusalsOfAnIntegrationCallAreToldApartByTheirCode() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.problem(401, "INVALID_INTEGRATION"),
                        Reply.problem(401, "INVALID_CREDENTIALS"),
                        Reply.problem(401, "SOMETHING_NEW"));
                var client = client(server)) {

            assertThat(client.checkAccess(ACME, KEY)).isEqualTo(new InvalidIntegration());
            assertThat(client.requestConsent(ACME, KEY, List.of("orders:read"))).isEqualTo(new InvalidCredentials());
            assertThat(client.checkAccess(ACME, KEY))
                    .isEqualTo(new UnexpectedAnswer(401, "SOMETHING_NEW", "Said by the service."));
        }
    }

    @Test
    void aVerificationIsReadForEachOfItsAnswers() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.json(
                                200,
                                "{\"verified\":true,\"keyId\":\"" + KEY_ID + "\",\"status\":\"ACTIVE\","
                                        + "\"verifiedAt\":\"2026-11-27T10:00:00Z\",\"message\":\"Verified.\"}"),
                        Reply.problem(401, "INVALID_CREDENTIALS"),
                        Reply.problem(403, "KEY_REVOKED"),
                        Reply.problem(403, "KEY_EXPIRED"),
                        new Reply(
                                400,
                                java.util.Map.of("Content-Type", "application/problem+json"),
                                "{\"code\":\"VALIDATION_FAILED\",\"status\":400,\"errors\":[{\"field\":\"email\","
                                        + "\"message\":\"must be an email address\"}]}"),
                        Reply.problem(429, "RATE_LIMITED").with("Retry-After", "900"));
                var client = client(server)) {

            assertThat(client.verify("jane@shop.example", KEY))
                    .isEqualTo(new VerifyResult.Verified(KEY_ID, Instant.parse("2026-11-27T10:00:00Z"), "Verified."));
            assertThat(client.verify("jane@shop.example", KEY)).isEqualTo(new InvalidCredentials());
            assertThat(client.verify("jane@shop.example", KEY)).isEqualTo(new KeyRevoked());
            assertThat(client.verify("jane@shop.example", KEY)).isEqualTo(new KeyExpired());
            assertThat(client.verify("jane", KEY))
                    .isEqualTo(new ValidationFailed(
                            "VALIDATION_FAILED",
                            List.of(new ValidationFailed.FieldError("email", "must be an email address"))));
            assertThat(client.verify("jane@shop.example", KEY)).isEqualTo(new RateLimited(Duration.ofMinutes(15)));
            assertThat(server.received().getFirst().body())
                    .isEqualTo("{\"email\":\"jane@shop.example\",\"apiKey\":\"" + KEY.value() + "\"}");
        }
    }

    @Test
    void aKeyRequestIsFollowedByItsId() throws Exception {
        UUID requestId = UUID.fromString("6f1c1f9e-2f4e-4c55-9a55-0b0e4c1d2a11");
        try (var server = new ScriptedServer(
                        Reply.json(
                                200,
                                "{\"requestId\":\"" + requestId + "\",\"status\":\"SENT\",\"attempts\":2,"
                                        + "\"updatedAt\":\"2026-11-27T10:00:01Z\"}"),
                        Reply.problem(404, "NOT_FOUND"));
                var client = client(server)) {

            assertThat(client.keyRequestStatus(requestId))
                    .isEqualTo(new KeyRequestStatusResult.Found(
                            requestId, KeyRequestStatusResult.Delivery.SENT, 2, Instant.parse("2026-11-27T10:00:01Z")));
            assertThat(client.keyRequestStatus(requestId)).isEqualTo(new NotFound());
            assertThat(server.received())
                    .extracting(ScriptedServer.Received::path)
                    .containsOnly("/api/v1/key-requests/" + requestId);
        }
    }

    @Test
    void anAnswerNotOfTheDocumentedShapeIsAnUnexpectedAnswerNotAnException() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.json(200, "{\"keyId\":\"not-a-uuid\"}"),
                        new Reply(502, java.util.Map.of("Content-Type", "text/html"), "<html>Bad gateway</html>"));
                var client = client(server)) {

            assertThat(client.revoke(KEY))
                    .isEqualTo(new UnexpectedAnswer(
                            200, null, "the answer is not the documented JSON: IllegalArgumentException"));
            assertThat(client.revoke(KEY)).isEqualTo(new UnexpectedAnswer(502, null, "HTTP 502"));
        }
    }

    @Test
    void theBaseUrlMayCarryAPathOfItsOwn() throws Exception {
        try (var server = new ScriptedServer(Reply.json(202, RetryTest.ACCEPTED));
                var client = LatchkeyClient.builder(server.url().resolve("/latchkey/"))
                        .retries(RetryPolicy.none())
                        .build()) {

            assertThat(client.requestKey("Jane Doe", "jane@shop.example"))
                    .isEqualTo(new KeyRequestResult.Accepted(
                            UUID.fromString("6f1c1f9e-2f4e-4c55-9a55-0b0e4c1d2a11"), "Check your email inbox."));
            assertThat(server.received().getFirst().path()).isEqualTo("/latchkey/api/v1/key-requests");
        }
    }
}

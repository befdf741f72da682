package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.latchkey.application.port.in.AuthenticateIntegrationResult;
import com.latchkey.application.port.in.AuthenticateIntegrationUseCase;
import com.latchkey.application.port.in.PresentedKeyCommand;
import com.latchkey.application.port.in.RevokeApiKeyResult;
import com.latchkey.application.port.in.RevokeApiKeyUseCase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Locale;

/**
 * What integrations call with the key as a bearer credential: who am I, and revoke. Both run on a
 * virtual thread ({@link TaskExecutors#BLOCKING}): a key not in the cache is read from the
 * database, a failed call takes from the limit store and is audited, a revoke writes. A call
 * answered from the key cache touches neither the database nor the limit store, so it does not
 * wait behind a stalled database: virtual threads are not pooled, and one waiting for a connection
 * holds no carrier thread.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class IntegrationController implements IntegrationApi {

    private final AuthenticateIntegrationUseCase authenticateIntegration;
    private final RevokeApiKeyUseCase revokeApiKey;
    private final ClientAddressResolver clients;
    private final WebMetrics metrics;

    IntegrationController(
            AuthenticateIntegrationUseCase authenticateIntegration,
            RevokeApiKeyUseCase revokeApiKey,
            ClientAddressResolver clients,
            WebMetrics metrics) {
        this.authenticateIntegration = authenticateIntegration;
        this.revokeApiKey = revokeApiKey;
        this.clients = clients;
        this.metrics = metrics;
    }

    /**
     * Identity only: no name, no email (SPEC §9). {@code scopes} is always present and empty: a bearer
     * key names no integration, whose grants {@code POST /api/v1/integrations/access} answers.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record IdentityBody(String keyId, String storeId, String status, String verifiedAt, List<String> scopes) {}

    @Serdeable
    record RevokedBody(String keyId, String status) {}

    @Override
    @Get(uri = "/integrations/me", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> me(
            HttpRequest<?> request, @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        AuthenticateIntegrationResult result = authenticateIntegration.authenticate(
                new PresentedKeyCommand(bearer(authorization), clients.of(request)));
        return switch (result) {
            case AuthenticateIntegrationResult.Authenticated store -> {
                metrics.authentication("authenticated");
                yield HttpResponse.ok(new IdentityBody(
                        store.keyId().toString(),
                        store.storeId().toString(),
                        store.status().name(),
                        store.verifiedAt().toString(),
                        store.scopes()));
            }
            case AuthenticateIntegrationResult.RateLimited(var retryAfter) -> {
                metrics.authentication("rate_limited");
                metrics.rateLimited("integrations-me");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
            case AuthenticateIntegrationResult.InvalidCredentials() -> {
                metrics.authentication("invalid_credentials");
                yield unauthorized();
            }
        };
    }

    @Override
    @Post(uri = "/keys/revoke", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> revoke(
            HttpRequest<?> request, @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        RevokeApiKeyResult result =
                revokeApiKey.revoke(new PresentedKeyCommand(bearer(authorization), clients.of(request)));
        return switch (result) {
            case RevokeApiKeyResult.Revoked(var keyId) -> HttpResponse.ok(new RevokedBody(keyId.toString(), "REVOKED"));
            case RevokeApiKeyResult.RateLimited(var retryAfter) -> {
                metrics.rateLimited("revoke");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
            case RevokeApiKeyResult.InvalidCredentials() -> unauthorized();
        };
    }

    /** The credential of an {@code Authorization: Bearer <key>} header, or nothing. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return "";
        }
        String trimmed = authorization.strip();
        if (trimmed.length() < 7
                || !trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return "";
        }
        return trimmed.substring(7).strip();
    }

    private static HttpResponse<Problem> unauthorized() {
        return VerifyKeyController.INVALID_CREDENTIALS.toResponse().header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
}

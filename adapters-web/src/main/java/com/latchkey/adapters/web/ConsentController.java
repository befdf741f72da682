package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.latchkey.application.port.in.CheckIntegrationAccessUseCase;
import com.latchkey.application.port.in.IntegrationCredentials;
import com.latchkey.application.port.in.RequestConsentUseCase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an integration calls as itself (HTTP Basic with its id and secret) about a store it holds
 * the key of: ask the owner for scopes, and check what was granted. On a virtual thread: both read
 * the store and the limits.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class ConsentController implements ConsentApi {

    /** More than any configuration registers; a longer list is refused before anything is looked up. */
    static final int MAX_SCOPES = 32;

    static final Problem INVALID_INTEGRATION = Problem.of(ProblemCode.INVALID_INTEGRATION);

    private final RequestConsentUseCase requestConsent;
    private final CheckIntegrationAccessUseCase checkAccess;
    private final ClientAddressResolver clients;
    private final WebMetrics metrics;

    ConsentController(
            RequestConsentUseCase requestConsent,
            CheckIntegrationAccessUseCase checkAccess,
            ClientAddressResolver clients,
            WebMetrics metrics) {
        this.requestConsent = requestConsent;
        this.checkAccess = checkAccess;
        this.clients = clients;
        this.metrics = metrics;
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record ConsentRequestBody(
            @Nullable String apiKey, @Nullable List<String> scopes) {

        @Override
        public String toString() {
            return "ConsentRequestBody[(masked), " + scopes + "]";
        }
    }

    @Serdeable
    record ConsentRequestedBody(String consentRequestId, String status) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record AccessBody(@Nullable String apiKey) {

        @Override
        public String toString() {
            return "AccessBody[(masked)]";
        }
    }

    @Serdeable
    record Owner(String name, String email) {}

    /** {@code scopes} is always present (maybe empty); {@code owner} only under {@code owner:read}. */
    @Serdeable
    record GrantedAccessBody(
            String storeId,
            String keyId,
            @JsonInclude(JsonInclude.Include.ALWAYS) List<String> scopes,

            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            Owner owner) {}

    @Override
    @Post(uri = "/consent-requests", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> request(
            HttpRequest<?> http,
            @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
            @Body ConsentRequestBody body) {
        Optional<IntegrationCredentials> integration = basic(authorization);
        FieldCheck check = new FieldCheck();
        check.require("apiKey", body.apiKey());
        if (body.scopes() == null || body.scopes().isEmpty()) {
            check.reject("scopes", "must name at least one scope");
        } else if (body.scopes().size() > MAX_SCOPES || body.scopes().contains(null)) {
            check.reject("scopes", "must be at most " + MAX_SCOPES + " scope names");
        }
        if (integration.isEmpty()) {
            return invalidIntegration();
        }
        if (check.failed()) {
            return check.problem().toResponse();
        }
        RequestConsentUseCase.Result result = requestConsent.request(new RequestConsentUseCase.Command(
                integration.get(), body.apiKey(), new LinkedHashSet<>(body.scopes()), clients.of(http)));
        return switch (result) {
            case RequestConsentUseCase.Result.Requested(var id) -> {
                metrics.consent("requested");
                yield HttpResponse.status(HttpStatus.ACCEPTED).body(new ConsentRequestedBody(id.toString(), "PENDING"));
            }
            case RequestConsentUseCase.Result.ScopesNotRegistered(var outside) -> {
                FieldCheck scopes = new FieldCheck();
                scopes.reject("scopes", "not registered for this integration: " + String.join(", ", outside));
                yield scopes.problem().toResponse();
            }
            case RequestConsentUseCase.Result.InvalidIntegration() -> invalidIntegration();
            case RequestConsentUseCase.Result.InvalidCredentials() ->
                VerifyKeyController.INVALID_CREDENTIALS.toResponse();
            case RequestConsentUseCase.Result.RateLimited(var retryAfter) -> {
                metrics.rateLimited("consent-requests");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
        };
    }

    @Override
    @Post(uri = "/integrations/access", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> access(
            HttpRequest<?> http,
            @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
            @Body AccessBody body) {
        Optional<IntegrationCredentials> integration = basic(authorization);
        if (integration.isEmpty()) {
            metrics.accessCheck("invalid_integration");
            return invalidIntegration();
        }
        CheckIntegrationAccessUseCase.Result result = checkAccess.check(new CheckIntegrationAccessUseCase.Command(
                integration.get(), body.apiKey() == null ? "" : body.apiKey(), clients.of(http)));
        return switch (result) {
            case CheckIntegrationAccessUseCase.Result.Access access -> {
                metrics.accessCheck("granted_" + (access.scopes().isEmpty() ? "none" : "some"));
                yield HttpResponse.ok(new GrantedAccessBody(
                        access.storeId().toString(),
                        access.keyId().toString(),
                        access.scopes().stream().map(Object::toString).toList(),
                        access.owner()
                                .map(owner -> new Owner(
                                        owner.name().value(), owner.email().value()))
                                .orElse(null)));
            }
            case CheckIntegrationAccessUseCase.Result.InvalidIntegration() -> {
                metrics.accessCheck("invalid_integration");
                yield invalidIntegration();
            }
            case CheckIntegrationAccessUseCase.Result.InvalidCredentials() -> {
                metrics.accessCheck("invalid_credentials");
                yield VerifyKeyController.INVALID_CREDENTIALS.toResponse();
            }
            case CheckIntegrationAccessUseCase.Result.RateLimited(var retryAfter) -> {
                metrics.rateLimited("integrations-access");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
        };
    }

    /** The id and secret of an {@code Authorization: Basic base64(id:secret)} header, if it is one. */
    static Optional<IntegrationCredentials> basic(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String trimmed = authorization.strip();
        if (trimmed.length() < 6
                || !trimmed.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(trimmed.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        return Optional.of(new IntegrationCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static HttpResponse<Problem> invalidIntegration() {
        return INVALID_INTEGRATION.toResponse().header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"latchkey\"");
    }
}

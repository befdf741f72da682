package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.latchkey.application.port.in.VerifyApiKeyCommand;
import com.latchkey.application.port.in.VerifyApiKeyResult;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.domain.EmailAddress;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Verification reads and changes the key in the database and takes from the limit store: on a
 * virtual thread ({@link TaskExecutors#BLOCKING}), never on an event loop (SPEC §7).
 */
@Controller("/api/v1/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
class VerifyKeyController implements VerifyKeyApi {

    static final String VERIFIED_MESSAGE =
            "Your API key is verified. Integrations can now use it to identify your store.";

    /** One body for every failed match, so that it tells nothing about which part was wrong. */
    static final Problem INVALID_CREDENTIALS = Problem.of(ProblemCode.INVALID_CREDENTIALS);

    static final Problem KEY_EXPIRED = Problem.of(ProblemCode.KEY_EXPIRED);

    static final Problem KEY_REVOKED = Problem.of(ProblemCode.KEY_REVOKED);

    private final VerifyApiKeyUseCase verifyApiKey;
    private final ClientAddressResolver clients;
    private final WebMetrics metrics;

    VerifyKeyController(VerifyApiKeyUseCase verifyApiKey, ClientAddressResolver clients, WebMetrics metrics) {
        this.verifyApiKey = verifyApiKey;
        this.clients = clients;
        this.metrics = metrics;
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record VerifyBody(@Nullable String email, @Nullable String apiKey) {

        @Override
        public String toString() {
            return "VerifyBody[(masked)]";
        }
    }

    @Serdeable
    record VerifiedBody(boolean verified, String keyId, String status, String verifiedAt, String message) {}

    private static String outcome(VerifyApiKeyResult result) {
        return switch (result) {
            case VerifyApiKeyResult.Verified verified -> "verified";
            case VerifyApiKeyResult.Expired expired -> "expired";
            case VerifyApiKeyResult.Revoked revoked -> "revoked";
            case VerifyApiKeyResult.RateLimited limited -> "rate_limited";
            case VerifyApiKeyResult.InvalidCredentials invalid -> "invalid_credentials";
        };
    }

    @Override
    @Post(uri = "/verify", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> verify(HttpRequest<?> http, @Body VerifyBody body) {
        FieldCheck check = new FieldCheck();
        EmailAddress email = check.field("email", body.email(), EmailAddress::of);
        check.require("apiKey", body.apiKey());
        if (check.failed()) {
            return check.problem().toResponse();
        }
        VerifyApiKeyResult result =
                verifyApiKey.verify(new VerifyApiKeyCommand(email, body.apiKey(), clients.of(http)));
        metrics.verification(outcome(result));
        return switch (result) {
            case VerifyApiKeyResult.Verified(var keyId, var verifiedAt) ->
                HttpResponse.ok(
                        new VerifiedBody(true, keyId.toString(), "ACTIVE", verifiedAt.toString(), VERIFIED_MESSAGE));
            case VerifyApiKeyResult.Expired() -> KEY_EXPIRED.toResponse();
            case VerifyApiKeyResult.Revoked() -> KEY_REVOKED.toResponse();
            case VerifyApiKeyResult.RateLimited(var retryAfter) -> {
                metrics.rateLimited("verify");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
            case VerifyApiKeyResult.InvalidCredentials() -> INVALID_CREDENTIALS.toResponse();
        };
    }
}

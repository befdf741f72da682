package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.latchkey.application.port.in.EraseOwnerDataUseCase;
import com.latchkey.application.port.in.ExportOwnerDataUseCase;
import com.latchkey.application.port.in.ExportOwnerDataUseCase.OwnerData;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * The owner's rights (SPEC §9), with a mailed link's token posted by the privacy page: download
 * everything stored about them, or erase it. One answer, {@code 410 LINK_NOT_VALID}, for a used,
 * expired, unknown, malformed or other-purpose token.
 */
@Controller("/api/v1/owner-data")
@ExecuteOn(TaskExecutors.BLOCKING)
class OwnerDataController implements OwnerDataApi {

    private final ExportOwnerDataUseCase exports;
    private final EraseOwnerDataUseCase erasures;
    private final WebMetrics metrics;

    OwnerDataController(ExportOwnerDataUseCase exports, EraseOwnerDataUseCase erasures, WebMetrics metrics) {
        this.exports = exports;
        this.erasures = erasures;
        this.metrics = metrics;
    }

    /** Everything about one owner; absent values are written as {@code null}, so every field is always there. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ExportBody(
            String exportedAt,
            String email,
            @Nullable String storeId,
            List<RequestBody> requests,
            List<KeyBody> keys,
            List<GrantBody> grants,
            List<EventBody> auditEvents) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RequestBody(
            String id,
            String name,
            String email,
            String status,
            int attempts,
            String createdAt,
            String updatedAt,
            @Nullable String lastError) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KeyBody(
            String id,
            String requestId,
            String hint,
            String status,
            String name,
            String email,
            String storeId,
            String mintedAt,
            String expiresAt,
            @Nullable String verifiedAt,
            @Nullable String lastUsedAt) {}

    @Serdeable
    record GrantBody(String integrationId, List<String> scopes, String grantedAt, String updatedAt) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EventBody(
            String type,
            String at,
            @Nullable String keyId,
            @Nullable String maskedEmail,
            @Nullable String clientNetwork,
            String actor,
            @Nullable String detail) {}

    @Serdeable
    record ErasedBody(String status, int keysRevoked, boolean confirmationSent) {}

    @Override
    @Post(uri = "/export", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> export(@Body OwnerConsentController.TokenBody body) {
        FieldCheck check = new FieldCheck();
        check.require("token", body.token());
        if (check.failed()) {
            return check.problem().toResponse();
        }
        return switch (exports.export(body.token())) {
            case ExportOwnerDataUseCase.Result.Exported(var data) -> {
                metrics.ownerData("exported");
                yield HttpResponse.ok(exportOf(data))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"latchkey-my-data.json\"");
            }
            case ExportOwnerDataUseCase.Result.LinkNotValid() -> OwnerConsentController.LINK_NOT_VALID.toResponse();
        };
    }

    @Override
    @Post(uri = "/erase", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> erase(@Body OwnerConsentController.TokenBody body) {
        FieldCheck check = new FieldCheck();
        check.require("token", body.token());
        if (check.failed()) {
            return check.problem().toResponse();
        }
        return switch (erasures.erase(body.token())) {
            case EraseOwnerDataUseCase.Result.Erased(var keysRevoked, var confirmationSent) -> {
                metrics.ownerData("erased");
                yield HttpResponse.ok(new ErasedBody("ERASED", keysRevoked, confirmationSent));
            }
            case EraseOwnerDataUseCase.Result.LinkNotValid() -> OwnerConsentController.LINK_NOT_VALID.toResponse();
        };
    }

    private static ExportBody exportOf(OwnerData data) {
        return new ExportBody(
                data.exportedAt().toString(),
                data.owner().value(),
                data.store().map(StoreId::toString).orElse(null),
                data.requests().stream().map(OwnerDataController::requestOf).toList(),
                data.keys().stream()
                        .map(key -> keyOf(key, data.lastUsed().get(key.id())))
                        .toList(),
                data.grants().stream().map(OwnerDataController::grantOf).toList(),
                data.events().stream().map(OwnerDataController::eventOf).toList());
    }

    private static RequestBody requestOf(KeyRequest request) {
        return new RequestBody(
                request.id().toString(),
                request.ownerName().value(),
                request.email().value(),
                request.status().name(),
                request.attempts(),
                request.createdAt().toString(),
                request.updatedAt().toString(),
                request.lastError().orElse(null));
    }

    private static KeyBody keyOf(ApiKey key, @Nullable Instant lastUsed) {
        return new KeyBody(
                key.id().toString(),
                key.requestId().toString(),
                key.hint().value(),
                key.status().name(),
                key.ownerName().value(),
                key.email().value(),
                key.storeId().toString(),
                key.mintedAt().toString(),
                key.expiresAt().toString(),
                key.verifiedAt().map(Instant::toString).orElse(null),
                lastUsed == null ? null : lastUsed.toString());
    }

    private static GrantBody grantOf(ConsentGrant grant) {
        return new GrantBody(
                grant.integrationId().value(),
                grant.scopes().stream().map(Scope::value).toList(),
                grant.grantedAt().toString(),
                grant.updatedAt().toString());
    }

    /**
     * The caller's network, for what a caller of the public API did; an operator's or a scanner's
     * network is theirs, not the owner's, and is left out.
     */
    private static @Nullable String clientNetworkOf(SecurityEvent event) {
        if (event.clientAddress() == null || event.actor() != SecurityEvent.Actor.CALLER) {
            return null;
        }
        return event.clientAddress().value();
    }

    private static EventBody eventOf(SecurityEvent event) {
        return new EventBody(
                event.type().name(),
                event.at().toString(),
                event.key().map(Object::toString).orElse(null),
                event.maskedEmail(),
                clientNetworkOf(event),
                event.actor().label(),
                event.detail());
    }
}

package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.latchkey.application.port.in.FindOwnerKeysUseCase;
import com.latchkey.application.port.in.ListIntegrationsUseCase;
import com.latchkey.application.port.in.ReadAuditTrailUseCase;
import com.latchkey.application.port.in.ReadSecretUsageUseCase;
import com.latchkey.application.port.in.RegisterIntegrationUseCase;
import com.latchkey.application.port.in.RemoveIntegrationUseCase;
import com.latchkey.application.port.in.RevokeKeyByIdUseCase;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The operators' API (SPEC §10): integrations registered and removed, an owner's keys found and
 * revoked, the audit trail read. Present only with {@code LATCHKEY_ADMIN_TOKEN}; every call has
 * passed {@link AdminAccessFilter} before it gets here. On virtual threads: every call reads or
 * writes the store.
 */
@Controller("/admin/api/v1")
@Requires(property = AdminAccessFilter.ADMIN_TOKEN)
@ExecuteOn(TaskExecutors.BLOCKING)
class AdminController implements AdminApi {

    private static final int DEFAULT_PAGE = 100;

    private final RegisterIntegrationUseCase registerIntegration;
    private final ListIntegrationsUseCase listIntegrations;
    private final RemoveIntegrationUseCase removeIntegration;
    private final FindOwnerKeysUseCase findOwnerKeys;
    private final RevokeKeyByIdUseCase revokeKey;
    private final ReadAuditTrailUseCase readAuditTrail;
    private final ReadSecretUsageUseCase readSecretUsage;
    private final ClientAddressResolver clients;

    AdminController(
            RegisterIntegrationUseCase registerIntegration,
            ListIntegrationsUseCase listIntegrations,
            RemoveIntegrationUseCase removeIntegration,
            FindOwnerKeysUseCase findOwnerKeys,
            RevokeKeyByIdUseCase revokeKey,
            ReadAuditTrailUseCase readAuditTrail,
            ReadSecretUsageUseCase readSecretUsage,
            ClientAddressResolver clients) {
        this.registerIntegration = registerIntegration;
        this.listIntegrations = listIntegrations;
        this.removeIntegration = removeIntegration;
        this.findOwnerKeys = findOwnerKeys;
        this.revokeKey = revokeKey;
        this.readAuditTrail = readAuditTrail;
        this.readSecretUsage = readSecretUsage;
        this.clients = clients;
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record RegisterBody(
            @Nullable String id,
            @Nullable String name,
            @Nullable List<String> scopes) {}

    @Serdeable
    record IntegrationBody(String id, String name, List<String> scopes, String secretHint, String registeredAt) {

        static IntegrationBody of(Integration integration) {
            return new IntegrationBody(
                    integration.id().value(),
                    integration.name().value(),
                    integration.scopes().stream().map(Scope::value).toList(),
                    integration.secretHint().value(),
                    integration.registeredAt().toString());
        }
    }

    /** The one answer that holds the secret: it is never shown again. */
    @Serdeable
    record RegisteredBody(
            String id, String name, List<String> scopes, String secret, String secretHint, String registeredAt) {

        @Override
        public String toString() {
            return "RegisteredBody[" + id + ", (secret)]";
        }
    }

    /** Lists are always present, empty when there is nothing (Micronaut leaves empty ones out otherwise). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record IntegrationsBody(List<IntegrationBody> integrations) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KeyBody(
            String keyId,
            String hint,
            String status,
            String createdAt,
            @Nullable String verifiedAt,
            @Nullable String lastUsedAt) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KeysBody(List<KeyBody> keys) {}

    @Serdeable
    record OperatorRevokedBody(String keyId, String status, boolean ownerNotified) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EventBody(
            String id,
            String type,
            String at,
            @Nullable String keyId,
            @Nullable String maskedEmail,
            @Nullable String clientAddress,
            String actor,
            @Nullable String detail) {

        static EventBody of(ReadAuditTrailUseCase.Entry recorded) {
            SecurityEvent event = recorded.event();
            return new EventBody(
                    recorded.id(),
                    event.type().name(),
                    event.at().toString(),
                    event.key().map(KeyId::toString).orElse(null),
                    event.maskedEmail(),
                    event.clientAddress() == null ? null : event.clientAddress().value(),
                    event.actor().label(),
                    event.detail());
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AuditBody(List<EventBody> events, @Nullable String next) {}

    /** One configured pepper, newest first, and what still needs it; nothing of the pepper itself. */
    @Serdeable
    record SecretBody(String id, boolean current, long liveKeyDigests, long sealedValues, boolean stillNeeded) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SecretsBody(List<SecretBody> secrets) {}

    @Override
    @Get(uri = "/secrets", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> secrets(HttpRequest<?> http) {
        return HttpResponse.ok(new SecretsBody(readSecretUsage.usage(clients.of(http)).stream()
                .map(usage -> new SecretBody(
                        usage.id(), usage.current(), usage.liveKeyDigests(), usage.sealedValues(), usage.stillNeeded()))
                .toList()));
    }

    @Override
    @Post(uri = "/integrations", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> register(HttpRequest<?> http, @Body RegisterBody body) {
        FieldCheck check = new FieldCheck();
        IntegrationId id = check.field("id", body.id(), IntegrationId::new);
        IntegrationName name = check.field("name", body.name(), IntegrationName::new);
        if (body.scopes() == null || body.scopes().isEmpty() || body.scopes().contains(null)) {
            check.reject("scopes", "name at least one scope");
        }
        if (check.failed()) {
            return check.problem().toResponse();
        }
        RegisterIntegrationUseCase.Result result = registerIntegration.register(
                new RegisterIntegrationUseCase.Command(id, name, new HashSet<>(body.scopes()), clients.of(http)));
        return switch (result) {
            case RegisterIntegrationUseCase.Result.Registered(var integration, var secret) ->
                HttpResponse.status(HttpStatus.CREATED)
                        .body(new RegisteredBody(
                                integration.id().value(),
                                integration.name().value(),
                                integration.scopes().stream().map(Scope::value).toList(),
                                secret.reveal(),
                                integration.secretHint().value(),
                                integration.registeredAt().toString()));
            case RegisterIntegrationUseCase.Result.IdTaken() ->
                Problem.of(ProblemCode.INTEGRATION_EXISTS).toResponse();
            case RegisterIntegrationUseCase.Result.UnknownScopes(var unknown) -> {
                FieldCheck scopes = new FieldCheck();
                scopes.reject("scopes", "not configured: " + String.join(", ", unknown));
                yield scopes.problem().toResponse();
            }
        };
    }

    @Override
    @Get(uri = "/integrations", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> integrations(HttpRequest<?> http) {
        return HttpResponse.ok(new IntegrationsBody(listIntegrations.list(clients.of(http)).stream()
                .map(IntegrationBody::of)
                .toList()));
    }

    @Override
    @Delete(uri = "/integrations/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> removeIntegration(HttpRequest<?> http, @PathVariable String id) {
        Optional<IntegrationId> integration = parsed(id, IntegrationId::new);
        if (integration.isEmpty()) {
            return Problem.of(ProblemCode.NOT_FOUND).toResponse();
        }
        return switch (removeIntegration.remove(integration.get(), clients.of(http))) {
            case RemoveIntegrationUseCase.Result.Removed() -> HttpResponse.noContent();
            case RemoveIntegrationUseCase.Result.NotFound() ->
                Problem.of(ProblemCode.NOT_FOUND).toResponse();
        };
    }

    @Override
    @Get(uri = "/keys", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> keys(HttpRequest<?> http, @Nullable @QueryValue String email) {
        FieldCheck check = new FieldCheck();
        EmailAddress owner = check.field("email", email, EmailAddress::of);
        if (check.failed()) {
            return check.problem().toResponse();
        }
        return HttpResponse.ok(new KeysBody(findOwnerKeys.find(owner, clients.of(http)).stream()
                .map(found -> new KeyBody(
                        found.key().id().toString(),
                        found.key().hint().value(),
                        found.key().status().name(),
                        found.key().mintedAt().toString(),
                        found.key().verifiedAt().map(Instant::toString).orElse(null),
                        found.lastUsedAt().map(Instant::toString).orElse(null)))
                .toList()));
    }

    @Override
    @Post(uri = "/keys/{keyId}/revoke", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> revoke(HttpRequest<?> http, @PathVariable String keyId) {
        Optional<KeyId> key = parsed(keyId, text -> new KeyId(UUID.fromString(text)));
        if (key.isEmpty()) {
            return Problem.of(ProblemCode.NOT_FOUND).toResponse();
        }
        return switch (revokeKey.revoke(key.get(), clients.of(http))) {
            case RevokeKeyByIdUseCase.Result.Revoked(var revoked, var notified) ->
                HttpResponse.ok(new OperatorRevokedBody(revoked.toString(), "REVOKED", notified));
            case RevokeKeyByIdUseCase.Result.NotRevocable(var status) ->
                Problem.of(ProblemCode.KEY_NOT_REVOCABLE, "This key is " + status + "; nothing changed.")
                        .toResponse();
            case RevokeKeyByIdUseCase.Result.NotFound() ->
                Problem.of(ProblemCode.NOT_FOUND).toResponse();
        };
    }

    @Override
    @Get(uri = "/audit", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> audit(
            HttpRequest<?> http,
            @Nullable @QueryValue String keyId,
            @Nullable @QueryValue String email,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String after,
            @Nullable @QueryValue String limit) {
        FieldCheck check = new FieldCheck();
        Optional<KeyId> key = Optional.empty();
        Optional<EmailAddress> owner = Optional.empty();
        if ((keyId == null) == (email == null)) {
            check.reject("keyId", "give either keyId or email");
        } else if (keyId != null) {
            key = Optional.ofNullable(check.field("keyId", keyId, text -> new KeyId(UUID.fromString(text))));
        } else {
            owner = Optional.ofNullable(check.field("email", email, EmailAddress::of));
        }
        Instant from = since == null ? Instant.EPOCH : check.field("since", since, AdminController::instant);
        int size = limit == null ? DEFAULT_PAGE : check.field("limit", limit, AdminController::pageSize);
        if (check.failed()) {
            return check.problem().toResponse();
        }
        return switch (readAuditTrail.read(
                new ReadAuditTrailUseCase.Query(key, owner, from, Optional.ofNullable(after), size),
                clients.of(http))) {
            case ReadAuditTrailUseCase.Result.Page(var events, var next) ->
                HttpResponse.ok(new AuditBody(events.stream().map(EventBody::of).toList(), next.orElse(null)));
            case ReadAuditTrailUseCase.Result.UnknownCursor() -> {
                FieldCheck cursor = new FieldCheck();
                cursor.reject("after", "is not the next of a page of this trail");
                yield cursor.problem().toResponse();
            }
        };
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException malformed) {
            throw new IllegalArgumentException("must be an ISO-8601 instant such as 2026-11-28T09:00:00Z");
        }
    }

    private static int pageSize(String text) {
        try {
            int size = Integer.parseInt(text);
            if (size >= 1 && size <= ReadAuditTrailUseCase.Query.MAX_LIMIT) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // told below
        }
        throw new IllegalArgumentException("must be a number from 1 to " + ReadAuditTrailUseCase.Query.MAX_LIMIT);
    }

    /** A path's id, or nothing when it cannot name anything (answered 404, as an unknown id is). */
    private static <T> Optional<T> parsed(String text, Function<String, T> parse) {
        try {
            return Optional.of(parse.apply(text));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}

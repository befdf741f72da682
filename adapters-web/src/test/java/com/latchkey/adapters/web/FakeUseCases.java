package com.latchkey.adapters.web;

import com.latchkey.application.port.StorageUnavailableException;
import com.latchkey.application.port.in.AuthenticateIntegrationResult;
import com.latchkey.application.port.in.AuthenticateIntegrationUseCase;
import com.latchkey.application.port.in.GetKeyRequestStatusUseCase;
import com.latchkey.application.port.in.KeyRequestStatusResult;
import com.latchkey.application.port.in.PresentedKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyResult;
import com.latchkey.application.port.in.RequestApiKeyUseCase;
import com.latchkey.application.port.in.RevokeApiKeyResult;
import com.latchkey.application.port.in.RevokeApiKeyUseCase;
import com.latchkey.application.port.in.VerifyApiKeyCommand;
import com.latchkey.application.port.in.VerifyApiKeyResult;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import com.latchkey.domain.StoreId;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The use cases behind the controllers, scripted: the web adapter is tested on its own. */
@Singleton
class FakeUseCases
        implements RequestApiKeyUseCase,
                GetKeyRequestStatusUseCase,
                VerifyApiKeyUseCase,
                AuthenticateIntegrationUseCase,
                RevokeApiKeyUseCase {

    static final RequestId KNOWN_REQUEST = new RequestId(UUID.fromString("6f1c1f9e-2f4e-4c55-9a55-0b0e4c1d2a11"));
    static final KeyId KEY_ID = new KeyId(UUID.fromString("0d7f6f0c-9a3e-4f7e-8a53-5b8c2f1f3c22"));
    static final StoreId STORE_ID = new StoreId(UUID.fromString("5b0e9a8e-3c1d-4e2f-9b7a-1f2e3d4c5b6a"));
    static final Instant VERIFIED_AT = Instant.parse("2026-11-27T10:00:00Z");

    final List<RequestApiKeyCommand> requests = new CopyOnWriteArrayList<>();
    final List<VerifyApiKeyCommand> verifications = new CopyOnWriteArrayList<>();
    final List<PresentedKeyCommand> presented = new CopyOnWriteArrayList<>();
    /** The thread each use case was called on, in order. */
    final List<Thread> callers = new CopyOnWriteArrayList<>();

    @Override
    public RequestApiKeyResult request(RequestApiKeyCommand command) {
        callers.add(Thread.currentThread());
        requests.add(command);
        if (command.email().value().startsWith("limited@")) {
            return new RequestApiKeyResult.RateLimited(Duration.ofSeconds(125));
        }
        return new RequestApiKeyResult.Accepted(KNOWN_REQUEST);
    }

    @Override
    public KeyRequestStatusResult status(RequestId requestId) {
        callers.add(Thread.currentThread());
        return requestId.equals(KNOWN_REQUEST)
                ? new KeyRequestStatusResult.Found(KNOWN_REQUEST, RequestStatus.SENT, 2, VERIFIED_AT)
                : new KeyRequestStatusResult.NotFound();
    }

    @Override
    public AuthenticateIntegrationResult authenticate(PresentedKeyCommand command) {
        callers.add(Thread.currentThread());
        presented.add(command);
        return switch (command.presentedKey()) {
            case "active-key" ->
                new AuthenticateIntegrationResult.Authenticated(
                        KEY_ID, STORE_ID, KeyStatus.ACTIVE, VERIFIED_AT, List.of());
            case "limited-key" -> new AuthenticateIntegrationResult.RateLimited(Duration.ofSeconds(30));
            default -> new AuthenticateIntegrationResult.InvalidCredentials();
        };
    }

    @Override
    public RevokeApiKeyResult revoke(PresentedKeyCommand command) {
        callers.add(Thread.currentThread());
        presented.add(command);
        return "active-key".equals(command.presentedKey())
                ? new RevokeApiKeyResult.Revoked(KEY_ID)
                : new RevokeApiKeyResult.InvalidCredentials();
    }

    @Override
    public VerifyApiKeyResult verify(VerifyApiKeyCommand command) {
        callers.add(Thread.currentThread());
        verifications.add(command);
        return switch (command.presentedKey()) {
            case "good-key" -> new VerifyApiKeyResult.Verified(KEY_ID, VERIFIED_AT);
            case "expired-key" -> new VerifyApiKeyResult.Expired();
            case "revoked-key" -> new VerifyApiKeyResult.Revoked();
            case "limited-key" -> new VerifyApiKeyResult.RateLimited(Duration.ofMinutes(15));
            case "database-down" -> throw new StorageUnavailableException("SQLTransientConnectionException");
            case "crash" -> throw new IllegalStateException("org.h2.jdbc.JdbcSQLException: SELECT * FROM api_key");
            default -> new VerifyApiKeyResult.InvalidCredentials();
        };
    }
}

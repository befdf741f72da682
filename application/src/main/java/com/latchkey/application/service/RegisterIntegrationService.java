package com.latchkey.application.service;

import com.latchkey.application.port.in.RegisterIntegrationUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.Integration;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers an integration with a new secret in the keys' format under its own prefix ({@code eci_}):
 * the secret is answered once, and only its digest is stored, as a key's is.
 */
public final class RegisterIntegrationService implements RegisterIntegrationUseCase {

    private final SaveIntegrationPort saveIntegration;
    private final KeyDigestPort digests;
    private final ApiKeyFormat secretFormat;
    private final ScopeCatalog scopes;
    private final AuditTrailPort auditTrail;
    private final Clock clock;
    private final SecureRandom random;

    public RegisterIntegrationService(
            SaveIntegrationPort saveIntegration,
            KeyDigestPort digests,
            ApiKeyFormat secretFormat,
            ScopeCatalog scopes,
            AuditTrailPort auditTrail,
            Clock clock,
            SecureRandom random) {
        this.saveIntegration = Objects.requireNonNull(saveIntegration, "saveIntegration");
        this.digests = Objects.requireNonNull(digests, "digests");
        this.secretFormat = Objects.requireNonNull(secretFormat, "secretFormat");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Result register(Command command) {
        List<String> unknown = scopes.unknown(command.scopes());
        if (!unknown.isEmpty() || command.scopes().isEmpty()) {
            return new Result.UnknownScopes(unknown);
        }
        Set<Scope> asked = command.scopes().stream()
                .map(name -> scopes.find(name).orElseThrow())
                .collect(Collectors.toSet());
        PlainApiKey secret = secretFormat.mint(random::nextInt);
        Instant now = clock.instant();
        Integration integration =
                Integration.register(command.id(), command.name(), asked, digests.digestOf(secret), secret.hint(), now);
        if (!saveIntegration.insert(integration)) {
            return new Result.IdTaken();
        }
        auditTrail.record(new SecurityEvent(
                        SecurityEvent.Type.INTEGRATION_REGISTERED,
                        now,
                        null,
                        null,
                        command.operator(),
                        "integration " + integration.id() + " " + integration.scopes())
                .by(SecurityEvent.Actor.OPERATOR));
        return new Result.Registered(integration, secret);
    }
}

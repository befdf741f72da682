package com.latchkey.application.service;

import com.latchkey.application.port.in.RevokeKeyByIdUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.util.Optional;

/** An operator revokes a key by its id, and its owner is told. */
public final class RevokeKeyByIdService implements RevokeKeyByIdUseCase {

    private final OwnerRevocations revocations;

    public RevokeKeyByIdService(
            LoadApiKeyPort loadApiKey,
            SaveApiKeyPort saveApiKey,
            SendOwnerNoticePort notices,
            AuditTrailPort auditTrail,
            Clock clock) {
        this.revocations = new OwnerRevocations(loadApiKey, saveApiKey, notices, auditTrail, clock);
    }

    @Override
    public Result revoke(KeyId key, ClientAddress operator) {
        return switch (revocations.revoke(key, SecurityEvent.Actor.OPERATOR, operator, Optional.empty())) {
            case OwnerRevocations.Outcome.Revoked(var revoked, var notified) ->
                new Result.Revoked(revoked.id(), notified);
            case OwnerRevocations.Outcome.NotRevocable(var status) -> new Result.NotRevocable(status);
            case OwnerRevocations.Outcome.NotFound() -> new Result.NotFound();
        };
    }
}

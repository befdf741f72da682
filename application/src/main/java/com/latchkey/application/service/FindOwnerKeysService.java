package com.latchkey.application.service;

import com.latchkey.application.port.in.FindOwnerKeysUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An owner's keys for an operator, newest first, each with its last use; the look is audited under the owner. */
public final class FindOwnerKeysService implements FindOwnerKeysUseCase {

    private final LoadApiKeyPort loadApiKey;
    private final LoadKeyUsePort keyUses;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public FindOwnerKeysService(
            LoadApiKeyPort loadApiKey, LoadKeyUsePort keyUses, AuditTrailPort auditTrail, Clock clock) {
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
        this.keyUses = Objects.requireNonNull(keyUses, "keyUses");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<OwnerKey> find(EmailAddress owner, ClientAddress operator) {
        auditTrail.record(OperatorEvents.lookup(clock.instant(), operator, "keys", owner));
        List<ApiKey> keys = loadApiKey.loadByOwner(owner);
        Map<KeyId, Instant> lastUses =
                keyUses.lastUsed(keys.stream().map(ApiKey::id).toList());
        return keys.stream()
                .map(key -> new OwnerKey(key, Optional.ofNullable(lastUses.get(key.id()))))
                .toList();
    }
}

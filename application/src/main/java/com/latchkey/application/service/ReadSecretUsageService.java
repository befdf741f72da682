package com.latchkey.application.service;

import com.latchkey.application.port.in.ReadSecretUsageUseCase;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadSecretUsagePort;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The configured secrets, newest first, each with what still depends on it. */
public final class ReadSecretUsageService implements ReadSecretUsageUseCase {

    /** What a store counts values under when it cannot tell their secret ({@link LoadSecretUsagePort}). */
    public static final String UNLABELLED = "";

    private final KeyDigestPort secrets;
    private final LoadSecretUsagePort usage;
    private final com.latchkey.application.port.out.AuditTrailPort auditTrail;
    private final java.time.Clock clock;

    public ReadSecretUsageService(
            KeyDigestPort secrets,
            LoadSecretUsagePort usage,
            com.latchkey.application.port.out.AuditTrailPort auditTrail,
            java.time.Clock clock) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<SecretUsage> usage(com.latchkey.domain.ClientAddress operator) {
        auditTrail.record(OperatorEvents.lookup(clock.instant(), operator, "secrets"));
        Map<String, Long> digests = usage.liveKeyDigestsBySecret();
        Map<String, Long> sealed = usage.sealedValuesBySecret();
        String current = secrets.currentSecret();
        // Values of unknown origin (from before values named their secret) may need any older secret.
        boolean unknownOrigin = digests.getOrDefault(UNLABELLED, 0L) > 0 || sealed.getOrDefault(UNLABELLED, 0L) > 0;
        return secrets.secrets().stream()
                .map(id -> {
                    long keys = digests.getOrDefault(id, 0L);
                    long values = sealed.getOrDefault(id, 0L);
                    boolean needed = id.equals(current) || keys > 0 || values > 0 || unknownOrigin;
                    return new SecretUsage(id, id.equals(current), keys, values, needed);
                })
                .toList();
    }
}

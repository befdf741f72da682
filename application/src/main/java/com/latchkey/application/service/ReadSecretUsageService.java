package com.latchkey.application.service;

import com.latchkey.application.port.in.ReadSecretUsageUseCase;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadSecretUsagePort;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The configured secrets, newest first, each with what still depends on it. */
public final class ReadSecretUsageService implements ReadSecretUsageUseCase {

    private final KeyDigestPort secrets;
    private final LoadSecretUsagePort usage;

    public ReadSecretUsageService(KeyDigestPort secrets, LoadSecretUsagePort usage) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    @Override
    public List<SecretUsage> usage() {
        Map<String, Long> digests = usage.liveKeyDigestsBySecret();
        Map<String, Long> sealed = usage.sealedValuesBySecret();
        String current = secrets.currentSecret();
        return secrets.secrets().stream()
                .map(id -> new SecretUsage(
                        id, id.equals(current), digests.getOrDefault(id, 0L), sealed.getOrDefault(id, 0L)))
                .toList();
    }
}

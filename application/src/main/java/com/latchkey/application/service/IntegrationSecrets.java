package com.latchkey.application.service;

import com.latchkey.application.port.in.IntegrationCredentials;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.KeyDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells which registered integration presented its credentials: the id must name one, and the
 * secret (shape and checksum first, then its digest under each configured pepper) must be its own,
 * compared in constant time.
 */
public final class IntegrationSecrets {

    private final ApiKeyFormat secretFormat;
    private final KeyDigestPort digests;
    private final LoadIntegrationPort loadIntegration;

    public IntegrationSecrets(ApiKeyFormat secretFormat, KeyDigestPort digests, LoadIntegrationPort loadIntegration) {
        this.secretFormat = Objects.requireNonNull(secretFormat, "secretFormat");
        this.digests = Objects.requireNonNull(digests, "digests");
        this.loadIntegration = Objects.requireNonNull(loadIntegration, "loadIntegration");
    }

    Optional<Integration> authenticate(IntegrationCredentials credentials) {
        Optional<IntegrationId> id = IntegrationId.parse(credentials.id());
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return secretFormat
                .parse(credentials.secret())
                .flatMap(secret -> loadIntegration
                        .load(id.get())
                        .filter(integration -> digests.digestsOf(secret).stream()
                                .anyMatch(digest -> same(digest, integration.secretDigest()))));
    }

    private static boolean same(KeyDigest presented, KeyDigest stored) {
        return MessageDigest.isEqual(
                presented.hex().getBytes(StandardCharsets.US_ASCII),
                stored.hex().getBytes(StandardCharsets.US_ASCII));
    }
}

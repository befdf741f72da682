package com.latchkey.application.service;

import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the stored key for a presented one: shape and checksum first (no lookup for a malformed
 * key), then by digest.
 */
public final class PresentedKeys {

    private final ApiKeyFormat format;
    private final KeyDigestPort keyDigest;
    private final LoadApiKeyPort loadApiKey;

    public PresentedKeys(ApiKeyFormat format, KeyDigestPort keyDigest, LoadApiKeyPort loadApiKey) {
        this.format = Objects.requireNonNull(format, "format");
        this.keyDigest = Objects.requireNonNull(keyDigest, "keyDigest");
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
    }

    /**
     * The stored key the presented text names, if it is a well-formed key and one is stored: looked
     * up by its digest under each configured secret, newest first (one lookup while only one is).
     */
    Optional<ApiKey> find(String presented) {
        return format.parse(presented).flatMap(key -> {
            for (var digest : keyDigest.digestsOf(key)) {
                Optional<ApiKey> stored = loadApiKey.loadByDigest(digest);
                if (stored.isPresent()) {
                    return stored;
                }
            }
            return Optional.empty();
        });
    }
}

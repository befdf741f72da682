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
    private final KeyStateCache cache;

    public PresentedKeys(ApiKeyFormat format, KeyDigestPort keyDigest, LoadApiKeyPort loadApiKey, KeyStateCache cache) {
        this.format = Objects.requireNonNull(format, "format");
        this.keyDigest = Objects.requireNonNull(keyDigest, "keyDigest");
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** The stored key, read fresh: for verification and revocation, which change it. */
    Optional<ApiKey> find(String presented) {
        return format.parse(presented).map(keyDigest::digestOf).flatMap(loadApiKey::loadByDigest);
    }

    /** The stored key, possibly from the cache: for integrations, which only read it. */
    Optional<ApiKey> findCached(String presented) {
        return format.parse(presented).map(keyDigest::digestOf).flatMap(cache::find);
    }
}

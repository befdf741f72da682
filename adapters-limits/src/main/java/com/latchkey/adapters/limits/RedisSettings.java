package com.latchkey.adapters.limits;

import io.lettuce.core.RedisURI;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * The Redis limits adapter's settings: {@code LATCHKEY_REDIS_URI} (e.g. {@code redis://127.0.0.1:6379},
 * {@code rediss://} for TLS, a password as {@code redis://:secret@host}) and {@code LATCHKEY_REDIS_TIMEOUT}.
 */
@ConfigurationProperties("latchkey.redis")
@Requires(property = LimitsFactory.LIMITS, value = "redis")
record RedisSettings(@Nullable String uri, Duration timeout) {

    RedisURI redisUri() {
        if (uri == null || uri.isBlank()) {
            throw new ConfigurationException(
                    "LATCHKEY_REDIS_URI must be set when LATCHKEY_ADAPTERS_LIMITS=redis (e.g. redis://127.0.0.1:6379)");
        }
        try {
            RedisURI parsed = RedisURI.create(uri);
            parsed.setTimeout(timeout);
            return parsed;
        } catch (IllegalArgumentException unreadable) {
            // The value is not echoed: it may hold a password.
            throw new ConfigurationException(
                    "LATCHKEY_REDIS_URI is not a Redis URI (expected redis://host:port or rediss://host:port)");
        }
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=(not shown), timeout=" + timeout + "]";
    }
}

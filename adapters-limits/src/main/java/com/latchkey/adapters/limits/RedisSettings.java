package com.latchkey.adapters.limits;

import io.lettuce.core.RedisURI;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * The Redis limits adapter's settings: {@code LATCHKEY_REDIS_URI} (e.g. {@code redis://127.0.0.1:6379} on
 * this machine, {@code rediss://:secret@redis.internal:6380} with TLS anywhere else) and {@code
 * LATCHKEY_REDIS_TIMEOUT}.
 */
@ConfigurationProperties("latchkey.redis")
@Requires(property = LimitsFactory.LIMITS, value = "redis")
record RedisSettings(@Nullable String uri, Duration timeout) {

    RedisURI redisUri() {
        if (uri == null || uri.isBlank()) {
            throw new ConfigurationException(
                    "LATCHKEY_REDIS_URI must be set when LATCHKEY_ADAPTERS_LIMITS=redis (e.g. redis://127.0.0.1:6379)");
        }
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri.strip());
        } catch (IllegalArgumentException unreadable) {
            // The value is not echoed: it may hold a password.
            throw new ConfigurationException(
                    "LATCHKEY_REDIS_URI is not a Redis URI (expected redis://host:port or rediss://host:port)");
        }
        if (!parsed.isSsl() && parsed.getHost() != null && !onThisMachine(parsed.getHost())) {
            throw new ConfigurationException("LATCHKEY_REDIS_URI must be rediss:// (TLS) unless Redis runs on this"
                    + " machine: its password and every limit would otherwise cross the network in clear");
        }
        parsed.setTimeout(timeout);
        return parsed;
    }

    /** A loopback address written as such (or localhost): a name is not asked of DNS, which could answer otherwise later. */
    private static boolean onThisMachine(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // ofLiteral never asks DNS: a name that only looks like an address is refused.
            return java.net.InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=(not shown), timeout=" + timeout + "]";
    }
}

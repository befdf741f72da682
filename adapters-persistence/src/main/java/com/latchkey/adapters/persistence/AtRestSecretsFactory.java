package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The secrets of data at rest (the key digest and the protection of emails, both from the pepper),
 * and the rate limiter, whose bucket ids are keyed digests too.
 */
@Factory
class AtRestSecretsFactory {

    @Context
    Pepper pepper(
            @Nullable @Property(name = "latchkey.key.pepper") String pepper,
            @Property(name = "latchkey.data-dir", defaultValue = "./data") String dataDir,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl) {
        return Pepper.resolve(pepper, Path.of(dataDir), databaseUrl);
    }

    @Singleton
    KeyDigestPort keyDigest(Pepper pepper) {
        return new HmacKeyDigestAdapter(pepper.bytes());
    }

    @Singleton
    EmailProtection emailProtection(Pepper pepper) {
        return new EmailProtection(pepper.bytes());
    }

    /** The buckets shared by the instances, on PostgreSQL only, and only while limits are on. */
    @Singleton
    @Requires(property = "datasources.default.url", pattern = "jdbc:postgresql:.*")
    @Requires(property = "latchkey.limits.enabled", notEquals = "false")
    SharedBuckets sharedBuckets(DataSource dataSource) {
        return SharedBuckets.on(DelegatingDataSource.unwrapDataSource(dataSource));
    }

    /**
     * Shared buckets on PostgreSQL, in-memory ones on the embedded H2, none at all when
     * {@code LATCHKEY_LIMITS_ENABLED=false} (for benchmarks).
     */
    @Singleton
    RateLimitPort rateLimits(
            @Property(name = "latchkey.limits.enabled", defaultValue = "true") boolean enabled,
            @Nullable SharedBuckets shared,
            EmailProtection emails) {
        if (!enabled) {
            return new RateLimitPort() {
                @Override
                public Optional<Duration> tryConsume(RateLimit limit, String subject) {
                    return Optional.empty();
                }

                @Override
                public Optional<Duration> probe(RateLimit limit, String subject) {
                    return Optional.empty();
                }
            };
        }
        if (shared != null) {
            return RateLimitAdapter.shared(shared, emails::index);
        }
        return RateLimitAdapter.inMemory(emails::index, RateLimitAdapter.SWEEP_ABOVE);
    }
}

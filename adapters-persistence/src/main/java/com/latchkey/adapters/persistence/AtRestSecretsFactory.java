package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets of data at rest (the key digest and the protection of emails, both from the pepper),
 * and the rate limiter, whose bucket ids are keyed digests too.
 */
@Factory
class AtRestSecretsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AtRestSecretsFactory.class);

    /** The setting that names the limits adapter: {@code LATCHKEY_ADAPTERS_LIMITS}. */
    static final String LIMITS = "latchkey.adapters.limits";

    /** The setting that names the secrets adapter: {@code LATCHKEY_ADAPTERS_SECRETS}. */
    static final String SECRETS = "latchkey.adapters.secrets";

    static final String LIMITS_ENABLED = "latchkey.limits.enabled";

    @Context
    @Requires(property = SECRETS, value = "local")
    Pepper pepper(
            @Nullable @Property(name = "latchkey.key.pepper") String pepper,
            @Property(name = "latchkey.data-dir", defaultValue = "./data") String dataDir,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl) {
        return Pepper.resolve(pepper, Path.of(dataDir), databaseUrl);
    }

    @Singleton
    @Requires(property = SECRETS, value = "local")
    KeyDigestPort keyDigest(Pepper pepper) {
        return new HmacKeyDigestAdapter(pepper.bytes());
    }

    @Singleton
    @Requires(property = SECRETS, value = "local")
    EmailProtection emailProtection(Pepper pepper) {
        return new EmailProtection(pepper.bytes());
    }

    /** The buckets shared by the instances, on PostgreSQL, when the limits adapter is {@code jdbc}. */
    @Singleton
    @Requires(property = LIMITS, value = "jdbc")
    @Requires(property = LIMITS_ENABLED, notEquals = "false")
    @Requires(property = "datasources.default.url", pattern = "jdbc:postgresql:.*")
    SharedBuckets sharedBuckets(DataSource dataSource) {
        return SharedBuckets.on(DelegatingDataSource.unwrapDataSource(dataSource));
    }

    /**
     * {@code LATCHKEY_ADAPTERS_LIMITS=jdbc}: buckets in the store's database, shared by every instance
     * on PostgreSQL. The embedded H2 file is opened by one instance alone, so there the same buckets
     * are held in that instance's memory. Any other database (an H2 server that several instances
     * reach, a PostgreSQL behind a wrapping driver) would leave each instance its own buckets
     * without a word, so it stops the start instead.
     */
    @Singleton
    @Requires(property = LIMITS, value = "jdbc")
    @Requires(property = LIMITS_ENABLED, notEquals = "false")
    RateLimitPort databaseLimits(
            @Nullable SharedBuckets shared,
            EmailProtection emails,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl) {
        if (shared != null) {
            return RateLimitAdapter.shared(shared, emails::index);
        }
        // An H2 in memory is this process's own too (shared at most with other contexts of it, as tests do).
        boolean embedded = databaseUrl == null
                || EmbeddedH2.inThisProcessMemory(databaseUrl)
                || EmbeddedH2.openedByThisProcessAlone(databaseUrl);
        if (!embedded) {
            throw new ConfigurationException("LATCHKEY_ADAPTERS_LIMITS=jdbc shares buckets through PostgreSQL"
                    + " (a jdbc:postgresql: URL) or keeps them in the one instance of the embedded H2, and"
                    + " DATASOURCES_DEFAULT_URL is neither: choose memory (each instance its own) or none");
        }
        return RateLimitAdapter.inMemory(emails::index, RateLimitAdapter.SWEEP_ABOVE);
    }

    /** {@code LATCHKEY_ADAPTERS_LIMITS=memory}: buckets in this instance's memory, whatever the store. */
    @Singleton
    @Requires(property = LIMITS, value = "memory")
    @Requires(property = LIMITS_ENABLED, notEquals = "false")
    RateLimitPort memoryLimits(EmailProtection emails) {
        return RateLimitAdapter.inMemory(emails::index, RateLimitAdapter.SWEEP_ABOVE);
    }

    /** {@code LATCHKEY_ADAPTERS_LIMITS=none}: every rate limit off (for benchmarks and tests). */
    @Singleton
    @Requires(property = LIMITS, value = "none")
    @Requires(property = LIMITS_ENABLED, notEquals = "false")
    RateLimitPort noLimits() {
        LOG.warn(
                "rate limits are OFF (LATCHKEY_ADAPTERS_LIMITS=none): nothing limits key requests or failed verifications");
        return NO_LIMITS;
    }

    /** {@code LATCHKEY_LIMITS_ENABLED=false}, the older way to say {@code none}, whatever the adapter setting says. */
    @Singleton
    @Requires(property = LIMITS_ENABLED, value = "false")
    RateLimitPort noLimitsByTheOlderSetting() {
        LOG.warn("rate limits are OFF (LATCHKEY_LIMITS_ENABLED=false, whatever LATCHKEY_ADAPTERS_LIMITS says):"
                + " nothing limits key requests or failed verifications");
        return NO_LIMITS;
    }

    private static final RateLimitPort NO_LIMITS = new RateLimitPort() {
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

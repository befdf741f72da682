package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * {@code LATCHKEY_ADAPTERS_LIMITS=jdbc}: the rate limiter in the store's database, whose bucket ids
 * are keyed digests of limit and subject.
 */
@Factory
@Requires(property = DatabaseLimitsFactory.LIMITS, value = "jdbc")
@Requires(property = DatabaseLimitsFactory.LIMITS_ENABLED, notEquals = "false")
class DatabaseLimitsFactory {

    /** The setting that names the limits adapter: {@code LATCHKEY_ADAPTERS_LIMITS}. */
    static final String LIMITS = "latchkey.adapters.limits";

    /** The older way to switch every limit off; {@code false} leaves this adapter out. */
    static final String LIMITS_ENABLED = "latchkey.limits.enabled";

    /** The buckets shared by the instances, on PostgreSQL, when the limits adapter is {@code jdbc}. */
    @Singleton
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
    RateLimitPort databaseLimits(
            @Nullable SharedBuckets shared,
            SealPersonalDataPort personalData,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl) {
        if (shared != null) {
            return new SharedRateLimitAdapter(shared, personalData::index);
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
        return new EmbeddedRateLimitAdapter(personalData::index);
    }
}

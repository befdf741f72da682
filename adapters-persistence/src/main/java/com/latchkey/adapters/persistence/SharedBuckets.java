package com.latchkey.adapters.persistence;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The token buckets in the shared PostgreSQL database, one row of {@code rate_limit_bucket} each
 * (Bucket4j's layout). A row's {@code expires_at} (epoch milliseconds, Bucket4j's clock) is when
 * its bucket is full again; a full bucket answers exactly as a missing one, so a row is needed only
 * while tokens are out, and an expired row may be removed at any time.
 */
final class SharedBuckets {

    static final int MAX_BATCHES = 1_000;
    private static final String BELOW_FULL = "SELECT 1 FROM rate_limit_bucket WHERE id = ? AND expires_at > ?";

    private final DataSource dataSource;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> proxies;

    private SharedBuckets(DataSource dataSource, PostgreSQLSelectForUpdateBasedProxyManager<String> proxies) {
        this.dataSource = dataSource;
        this.proxies = proxies;
    }

    /** {@code dataSource} must be a plain one: Bucket4j commits its own transactions. */
    static SharedBuckets on(DataSource dataSource) {
        return new SharedBuckets(
                dataSource,
                Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("rate_limit_bucket")
                        .idColumn("id")
                        .stateColumn("state")
                        .expiresAtColumn("expires_at")
                        // No grace after refilling: a full bucket and a missing one answer alike.
                        .expirationAfterWrite(
                                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                        .build());
    }

    /** The bucket {@code id}; taking from it stores it if it is not stored yet. */
    Bucket bucket(String id, Supplier<BucketConfiguration> configuration) {
        return proxies.builder().build(id, configuration);
    }

    /** Whether bucket {@code id} is stored and not yet refilled; reads without locking or storing anything. */
    boolean isBelowFull(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BELOW_FULL)) {
            statement.setString(1, id);
            statement.setLong(2, System.currentTimeMillis());
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("rate_limit_bucket not readable", failed);
        }
    }

    /**
     * Removes the refilled buckets, {@code batchSize} rows per statement (rows another instance
     * holds locked are skipped), until a batch comes back short or {@link #MAX_BATCHES} have run
     * (the rest waits for the next run); answers how many were removed.
     */
    int removeExpired(int batchSize) {
        int removed = 0;
        int batch = batchSize;
        for (int round = 0; round < MAX_BATCHES && batch >= batchSize; round++) {
            batch = proxies.removeExpired(batchSize);
            removed += batch;
        }
        return removed;
    }
}

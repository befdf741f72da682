package com.latchkey.adapters.limits;

import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

/**
 * {@code LATCHKEY_ADAPTERS_LIMITS=redis}: buckets in Redis ({@code LATCHKEY_REDIS_URI}), shared by
 * every instance that reaches it, through Bucket4j's compare-and-swap on Lettuce. Redis out of reach
 * answers as the store does out of reach (a 503 with {@code Retry-After}), never "allowed".
 */
@Factory
@Requires(property = LimitsFactory.LIMITS, value = "redis")
@Requires(property = LimitsFactory.LIMITS_ENABLED, notEquals = "false")
class RedisLimitsFactory {

    /** One connection for the instance, opened at start so that a wrong address stops the start. */
    @Context
    @Bean(preDestroy = "close")
    RedisLimitsConnection redisConnection(RedisSettings settings) {
        RedisURI uri = settings.redisUri();
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                // Out of reach, a command fails at once instead of queueing until Redis is back.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build());
        try {
            return new RedisLimitsConnection(
                    client, client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
        } catch (RedisConnectionException unreachable) {
            client.shutdown();
            throw new ConfigurationException("LATCHKEY_REDIS_URI: Redis at " + uri.getHost() + ":" + uri.getPort()
                    + " did not answer (" + rootCause(unreachable) + ")");
        }
    }

    @Singleton
    RateLimitPort redisLimits(RedisLimitsConnection redis, RedisSettings settings, SealPersonalDataPort personalData) {
        return new ProxiedBuckets(
                Bucket4jLettuce.casBasedBuilder(redis.connection())
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                ProxiedBuckets.KEPT_AFTER_REFILL))
                        .requestTimeout(settings.timeout())
                        .build(),
                personalData::index,
                true);
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    /** The client and its one connection, closed together when the context stops. */
    record RedisLimitsConnection(RedisClient client, StatefulRedisConnection<String, byte[]> connection) {

        void close() {
            connection.close();
            client.shutdown();
        }
    }
}

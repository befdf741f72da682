package com.latchkey.adapters.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.adapters.limits.testing.RedisServer;
import com.latchkey.application.port.StorageUnavailableException;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.tck.limits.RateLimitContract;
import io.micronaut.context.ApplicationContext;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code LATCHKEY_ADAPTERS_LIMITS=redis} against a real {@code redis-server}: the limits contract
 * with two instances sharing one Redis, Redis lost and back, and the settings that stop the start.
 */
@Tag("redis")
class RedisLimitsTest extends RateLimitContract {

    private static final RedisServer REDIS = RedisServer.shared();
    private static final ApplicationContext FIRST = instanceOn(REDIS.uri());
    private static final ApplicationContext SECOND = instanceOn(REDIS.uri());

    static ApplicationContext instanceOn(String uri) {
        return MemoryLimitsTest.context(Map.of(
                "latchkey.adapters.limits", "redis",
                "latchkey.redis.uri", uri,
                "latchkey.redis.timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        FIRST.close();
        SECOND.close();
    }

    @Override
    protected RateLimitPort limits() {
        return FIRST.getBean(RateLimitPort.class);
    }

    @Override
    protected Optional<RateLimitPort> anotherInstance() {
        return Optional.of(SECOND.getBean(RateLimitPort.class));
    }

    @Test
    void redisLostAnswersUnavailableWithinTheTimeoutAndItsReturnIsUsedAgain() {
        RedisServer own = RedisServer.own();
        try (ApplicationContext instance = instanceOn(own.uri())) {
            RateLimitPort limits = instance.getBean(RateLimitPort.class);
            RateLimit twice = freshLimit(2, Duration.ofHours(1));
            assertThat(limits.tryConsume(twice, "subject")).isEmpty();

            own.stop();
            Instant asked = Instant.now();
            assertThatThrownBy(() -> limits.tryConsume(twice, "subject"))
                    .as("never \"allowed\" while the limits cannot be counted")
                    .isInstanceOf(StorageUnavailableException.class);
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(3));

            own.start();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> limits.tryConsume(twice, "subject").isEmpty());
            assertThat(limits.tryConsume(twice, "subject"))
                    .as("a fresh Redis starts the bucket anew, and it counts again")
                    .isEmpty();
            assertThat(limits.tryConsume(twice, "subject")).isPresent();
        } finally {
            own.stop();
        }
    }

    @Test
    void readinessFollowsRedisAndOnlyWhenRedisIsChosen() {
        RedisServer own = RedisServer.own();
        try (ApplicationContext instance = instanceOn(own.uri())) {
            RedisHealthIndicator readiness = instance.getBean(RedisHealthIndicator.class);
            readiness.probe();
            assertThat(readiness.lastStatus()).isEqualTo(io.micronaut.health.HealthStatus.UP);

            own.stop();
            readiness.probe();
            assertThat(readiness.lastStatus()).isEqualTo(io.micronaut.health.HealthStatus.DOWN);

            own.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                readiness.probe();
                return readiness.lastStatus().equals(io.micronaut.health.HealthStatus.UP);
            });
        } finally {
            own.stop();
        }
        try (ApplicationContext memory = MemoryLimitsTest.context(Map.of("latchkey.adapters.limits", "memory"))) {
            assertThat(memory.findBean(RedisHealthIndicator.class)).isEmpty();
        }
    }

    @Test
    void aRedisElsewhereWithoutTlsStopsTheStart() {
        for (String uri : java.util.List.of("redis://:pw@redis.internal:6379", "redis://10.0.0.5:6379")) {
            assertThatThrownBy(() -> instanceOn(uri).close())
                    .hasStackTraceContaining(
                            "LATCHKEY_REDIS_URI must be rediss:// (TLS) unless Redis runs on this" + " machine")
                    .satisfies(failure -> assertThat(stackTraceOf(failure)).doesNotContain(":pw@"));
        }
    }

    @Test
    void withoutAnAddressTheStartStopsNamingTheSetting() {
        assertThatThrownBy(() -> MemoryLimitsTest.context(
                                Map.of("latchkey.adapters.limits", "redis", "latchkey.redis.timeout", "1s"))
                        .close())
                .hasStackTraceContaining("LATCHKEY_REDIS_URI must be set when LATCHKEY_ADAPTERS_LIMITS=redis");
    }

    @Test
    void aRedisThatDoesNotAnswerStopsTheStartWithoutShowingThePassword() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        int port = closed;

        assertThatThrownBy(() ->
                        instanceOn("redis://:hunter2-secret@127.0.0.1:" + port).close())
                .hasStackTraceContaining("LATCHKEY_REDIS_URI: Redis at 127.0.0.1:" + port + " did not answer")
                .satisfies(failure -> assertThat(stackTraceOf(failure)).doesNotContain("hunter2"));
    }

    private static String stackTraceOf(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}

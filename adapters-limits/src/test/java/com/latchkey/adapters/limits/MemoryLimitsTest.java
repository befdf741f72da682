package com.latchkey.adapters.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.tck.limits.RateLimitContract;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code LATCHKEY_ADAPTERS_LIMITS=memory} passes the limits contract; {@code none} and the older setting let all through. */
class MemoryLimitsTest extends RateLimitContract {

    private static final ApplicationContext CONTEXT = context(Map.of("latchkey.adapters.limits", "memory"));

    static ApplicationContext context(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "latchkey.adapters.secrets", "local",
                "latchkey.key.pepper", "limits-test-pepper-of-at-least-32-chars"));
        settings.putAll(more);
        return ApplicationContext.run(settings);
    }

    @AfterAll
    static void stop() {
        CONTEXT.close();
    }

    @Override
    protected RateLimitPort limits() {
        return CONTEXT.getBean(RateLimitPort.class);
    }

    @Override
    protected Optional<RateLimitPort> anotherInstance() {
        return Optional.empty();
    }

    @Test
    void aFloodOfNewSubjectsDoesNotResetAnExhaustedLimit() {
        RateLimit once = freshLimit(1, Duration.ofHours(1));
        assertThat(limits().tryConsume(once, "target")).isEmpty();

        for (int i = 0; i < 50_000; i++) {
            limits().probe(once, "flood-" + i);
            limits().tryConsume(once, "flood-" + i);
        }

        assertThat(limits().tryConsume(once, "target")).isPresent();
    }

    @Test
    void noneLetsEverythingThrough() {
        try (ApplicationContext none = context(Map.of("latchkey.adapters.limits", "none"))) {
            RateLimitPort limits = none.getBean(RateLimitPort.class);
            RateLimit once = freshLimit(1, Duration.ofHours(1));
            for (int i = 0; i < 5; i++) {
                assertThat(limits.tryConsume(once, "subject")).isEmpty();
            }
        }
    }

    @Test
    void theOlderSettingSwitchesEveryLimitOffWhateverTheAdapterSettingSays() {
        try (ApplicationContext off =
                context(Map.of("latchkey.adapters.limits", "memory", "latchkey.limits.enabled", "false"))) {
            assertThat(off.getBeansOfType(RateLimitPort.class)).hasSize(1);
            RateLimit once = freshLimit(1, Duration.ofHours(1));
            off.getBean(RateLimitPort.class).tryConsume(once, "subject");
            assertThat(off.getBean(RateLimitPort.class).tryConsume(once, "subject"))
                    .isEmpty();
        }
    }

    @Test
    void noAdapterOfThisModuleIsPresentUnlessChosen() {
        try (ApplicationContext other = context(Map.of("latchkey.adapters.limits", "jdbc"))) {
            assertThat(other.getBeansOfType(RateLimitPort.class)).isEmpty();
        }
    }

    @Test
    void onASharedPostgresTheStartSaysEachInstanceCountsAlone() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(LimitsFactory.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (ApplicationContext shared = context(Map.of(
                        "latchkey.adapters.limits", "memory",
                        "latchkey.adapters.store", "jdbc",
                        "datasources.default.url", "jdbc:postgresql://db.internal/latchkey"));
                ApplicationContext alone = context(Map.of(
                        "latchkey.adapters.limits", "memory",
                        "latchkey.adapters.store", "jdbc",
                        "datasources.default.url", "jdbc:h2:file:./data/latchkey"))) {
            shared.getBean(RateLimitPort.class);
            alone.getBean(RateLimitPort.class);
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(lines.list)
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .singleElement()
                .asString()
                .startsWith(
                        "rate limits are this instance's own (LATCHKEY_ADAPTERS_LIMITS=memory) on a shared PostgreSQL");
    }
}

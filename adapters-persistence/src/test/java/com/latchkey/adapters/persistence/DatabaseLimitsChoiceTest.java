package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code LATCHKEY_ADAPTERS_LIMITS=jdbc} shares buckets through PostgreSQL, keeps them in memory on
 * the embedded H2 (one instance alone opens it), and refuses any other database rather than leave
 * each instance its own buckets without a word.
 */
class DatabaseLimitsChoiceTest {

    private static final SealPersonalDataPort EMAILS = Database.H2.port(SealPersonalDataPort.class);
    private static final RateLimit ONCE = new RateLimit("test:1/PT1H", 1, Duration.ofHours(1));

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:./data/latchkey", "jdbc:h2:mem:test", "jdbc:h2:/var/lib/latchkey/db"})
    void theEmbeddedDatabaseKeepsItsBucketsInMemoryAndLimits(String url) {
        RateLimitPort limits = new DatabaseLimitsFactory().databaseLimits(null, EMAILS, url);

        assertThat(limits.tryConsume(ONCE, "subject")).isEmpty();
        assertThat(limits.tryConsume(ONCE, "subject")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdbc:h2:tcp://db.internal/latchkey",
                "jdbc:h2:ssl://db.internal/latchkey",
                "jdbc:h2:file:/srv/latchkey/db;auto_server=true",
                "jdbc:aws-wrapper:postgresql://db.internal/latchkey?password=hunter2"
            })
    void aDatabaseSeveralInstancesShareWithoutSharedBucketsStopsTheStart(String url) {
        assertThatThrownBy(() -> new DatabaseLimitsFactory().databaseLimits(null, EMAILS, url))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("LATCHKEY_ADAPTERS_LIMITS=jdbc shares buckets through PostgreSQL")
                .message()
                .doesNotContain("hunter2")
                .doesNotContain("db.internal");
    }
}

package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SendKeyMailPort;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One setting per family names its adapter (docs/adapters.md): the named adapter alone is present,
 * an adapter written outside the adapter modules is chosen the same way, and a name nothing answers
 * to, or two adapters of one family, stop the start with one line naming the setting.
 */
class ChosenAdaptersTest {

    @TempDir
    Path dataDir;

    private EmbeddedServer start(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("latchkey.data-dir", dataDir.toString()));
        all.putAll(settings);
        return Instances.start(all);
    }

    @Test
    void aTeamsOwnMailAdapterIsChosenByNameAndCarriesTheWholeFlow() throws Exception {
        try (EmbeddedServer server = start(Map.of("latchkey.adapters.mail", "outbox"))) {
            OutboxMailAdapter outbox = server.getApplicationContext().getBean(OutboxMailAdapter.class);
            assertThat(server.getApplicationContext().getBeansOfType(SendKeyMailPort.class))
                    .singleElement()
                    .isSameAs(outbox);
            LatchkeyApi api = new LatchkeyApi(server.getURL());

            String requestId = LatchkeyApi.requestIdOf(api.requestKey("Outbox Owner", "outbox@shop.example"));
            api.awaitStatus(requestId, "SENT");
            await().atMost(Duration.ofSeconds(5)).until(() -> !outbox.sent.isEmpty());
            String key = outbox.sent.getFirst().key().reveal();

            assertThat(api.verify("outbox@shop.example", key).statusCode()).isEqualTo(200);
            assertThat(Files.exists(dataDir.resolve("mail")))
                    .as("the pickup adapter, not chosen, wrote nothing")
                    .isFalse();
        }
    }

    @Test
    void theOlderMailSettingStillChoosesTheAdapter() {
        try (EmbeddedServer server = start(Map.of("latchkey.mail.transport", "outbox"))) {
            assertThat(server.getApplicationContext().getBeansOfType(SendKeyMailPort.class))
                    .singleElement()
                    .isInstanceOf(OutboxMailAdapter.class);
        }
    }

    @Test
    void limitsNoneNeverRefuses() {
        try (EmbeddedServer server = start(Map.of("latchkey.adapters.limits", "none"))) {
            RateLimitPort limits = server.getApplicationContext().getBean(RateLimitPort.class);
            var oncePerHour = new com.latchkey.application.port.out.RateLimit("test:1/PT1H", 1, Duration.ofHours(1));
            for (int call = 0; call < 5; call++) {
                assertThat(limits.tryConsume(oncePerHour, "same-subject")).isEmpty();
            }
        }
    }

    @Test
    void limitsMemoryRefusesOverTheLimit() {
        try (EmbeddedServer server = start(Map.of("latchkey.adapters.limits", "memory"))) {
            RateLimitPort limits = server.getApplicationContext().getBean(RateLimitPort.class);
            var oncePerHour = new com.latchkey.application.port.out.RateLimit("test:1/PT1H", 1, Duration.ofHours(1));
            assertThat(limits.tryConsume(oncePerHour, "same-subject")).isEmpty();
            assertThat(limits.tryConsume(oncePerHour, "same-subject")).isPresent();
        }
    }

    @Test
    void aNameNoAdapterAnswersToStopsTheStartNamingTheSettingAndWhatExists() {
        assertThatThrownBy(() -> start(Map.of("latchkey.adapters.mail", "carrier-pigeon"))
                        .close())
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("LATCHKEY_ADAPTERS_MAIL=carrier-pigeon: no adapter of that name provides SendKeyMailPort"
                        + " (adapters on the class path: outbox, pickup, smtp)");
        assertThatThrownBy(() ->
                        start(Map.of("latchkey.adapters.limits", "hazelcast")).close())
                .rootCause()
                .hasMessage("LATCHKEY_ADAPTERS_LIMITS=hazelcast: no adapter of that name provides RateLimitPort"
                        + " (adapters on the class path: jdbc, memory, none, redis)");
        assertThatThrownBy(() ->
                        start(Map.of("latchkey.adapters.store", "mongodb")).close())
                .rootCause()
                .hasMessageStartingWith("LATCHKEY_ADAPTERS_STORE=mongodb: no adapter of that name provides")
                .hasMessageEndingWith("(adapters on the class path: jdbc, memory)");
    }

    @Test
    void theOlderSettingIsNamedWhenItWasTheOneGiven() {
        assertThatThrownBy(() -> start(Map.of("latchkey.mail.transport", "carrier-pigeon"))
                        .close())
                .rootCause()
                .hasMessageStartingWith("LATCHKEY_MAIL_TRANSPORT=carrier-pigeon (the older name of"
                        + " LATCHKEY_ADAPTERS_MAIL): no adapter of that name provides SendKeyMailPort");
    }

    @Test
    void twoAdaptersOfOneFamilyStopTheStart() {
        assertThatThrownBy(() -> start(Map.of("test.second-pickup", "true")).close())
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("LATCHKEY_ADAPTERS_MAIL=pickup: 2 adapters provide SendKeyMailPort");
    }
}

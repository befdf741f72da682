package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A user's configuration mistake stops the real jar with one line naming the setting, and exit status 2. */
class BadSettingsIT {

    @TempDir
    Path dataDir;

    @Test
    void withJsonLogsTheMistakeIsOneJsonLine() throws Exception {
        try (LatchkeyProcess latchkey = LatchkeyProcess.start(
                Map.of(
                        "LATCHKEY_DATA_DIR", dataDir.toString(),
                        "LATCHKEY_LOG_FORMAT", "json",
                        "LATCHKEY_MAIL_TRANSPORT", "carrier-pigeon"),
                dataDir.resolve("json.log"))) {

            assertThat(latchkey.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);

            List<String> lines = latchkey.outputLines().stream()
                    .filter(line -> !line.isBlank())
                    .toList();
            assertThat(lines)
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
            assertThat(lines.stream().filter(line -> line.contains("\"level\":\"ERROR\"")))
                    .singleElement()
                    .satisfies(
                            line -> assertThat(line)
                                    .contains(
                                            "\"formattedMessage\":\"latchkey cannot start: LATCHKEY_MAIL_TRANSPORT=carrier-pigeon"));
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "LATCHKEY_MAIL_TRANSPORT | carrier-pigeon | LATCHKEY_MAIL_TRANSPORT=carrier-pigeon (the older name of LATCHKEY_ADAPTERS_MAIL): no adapter of that name provides SendKeyMailPort (adapters on the class path: pickup, smtp)",
                "LATCHKEY_ADAPTERS_MAIL  | carrier-pigeon | LATCHKEY_ADAPTERS_MAIL=carrier-pigeon: no adapter of that name provides SendKeyMailPort (adapters on the class path: pickup, smtp)",
                "LATCHKEY_ADAPTERS_LIMITS | hazelcast     | LATCHKEY_ADAPTERS_LIMITS=hazelcast: no adapter of that name provides RateLimitPort (adapters on the class path: jdbc, memory, none, redis)",
                "LATCHKEY_ADAPTERS_STORE | mongodb        | LATCHKEY_ADAPTERS_STORE=mongodb: no adapter of that name provides LoadApiKeyPort (adapters on the class path: jdbc, memory)",
                "LATCHKEY_ADAPTERS_STORE | memory         | LATCHKEY_ADAPTERS_LIMITS=jdbc: that adapter is on the class path but off, for want of another setting: jdbc limits keep their buckets in the database of the jdbc store, and LATCHKEY_ADAPTERS_STORE is memory: choose memory, redis or none",
                "LATCHKEY_ADAPTERS_SECRETS | vault        | LATCHKEY_ADAPTERS_SECRETS=vault: no adapter of that name provides KeyDigestPort (adapters on the class path: local)",
                "LATCHKEY_MAIL_TRANSPORT | smtp           | LATCHKEY_SMTP_HOST must be set",
                "LATCHKEY_SMTP_TLS       | ssl            | LATCHKEY_SMTP_TLS must be starttls, implicit or none",
                "LATCHKEY_VERIFY_WINDOW  | 24 hours       | LATCHKEY_VERIFY_WINDOW must be a positive ISO-8601 duration",
                "LATCHKEY_KEY_PEPPER     | short          | LATCHKEY_KEY_PEPPER must be at least 32 characters",
                "LATCHKEY_KEY_PREFIX     | EC-            | LATCHKEY_KEY_PREFIX",
                "LATCHKEY_LIMITS_VERIFY_PER_EMAIL | lots  | LATCHKEY_LIMITS_VERIFY_PER_EMAIL must be <count>/<ISO-8601 period>",
                "LATCHKEY_LIMITS_REQUESTS_GLOBAL | 0/PT1M | LATCHKEY_LIMITS_REQUESTS_GLOBAL must be <count>/<ISO-8601 period>",
                "LATCHKEY_DELIVERY_LEASE | 5 minutes      | LATCHKEY_DELIVERY_LEASE must be a positive ISO-8601 duration",
                "LATCHKEY_TRUSTED_PROXIES | proxy.internal | LATCHKEY_TRUSTED_PROXIES must be a comma-separated list",
                "LATCHKEY_TRUSTED_PROXIES | 10.0.0.1/8     | LATCHKEY_TRUSTED_PROXIES must be a comma-separated list",
                "LATCHKEY_HEADER_READ_TIMEOUT | 10 seconds | LATCHKEY_HEADER_READ_TIMEOUT must be a positive ISO-8601 duration",
                "LATCHKEY_REQUEST_READ_TIMEOUT | 30s     | LATCHKEY_REQUEST_READ_TIMEOUT must be a positive ISO-8601 duration",
                "MICRONAUT_SERVER_HTTP_VERSION | 2.0     | MICRONAUT_SERVER_HTTP_VERSION must be 1.1, not 2.0",
                "LATCHKEY_PUBLIC_URL     | keys.example   | LATCHKEY_PUBLIC_URL must be an http(s) URL"
            })
    void mistakeStopsTheStartWithOneLine(String setting, String value, String message) throws Exception {
        try (LatchkeyProcess latchkey = LatchkeyProcess.start(
                Map.of("LATCHKEY_DATA_DIR", dataDir.toString(), setting, value), dataDir.resolve("out.log"))) {

            int exit = latchkey.awaitExit(Duration.ofSeconds(60));

            List<String> lines = latchkey.outputLines();
            assertThat(exit).as(latchkey.output()).isEqualTo(2);
            assertThat(lines.stream().filter(line -> line.contains(" ERROR ")))
                    .as(latchkey.output())
                    .hasSize(1)
                    .allSatisfy(line -> assertThat(line).contains("latchkey cannot start: " + message));
            assertThat(lines)
                    .as("no stack trace for a user's mistake")
                    .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        }
    }

    /** Redis limits need two settings (its address, the shared pepper); whichever is checked first is named. */
    @Test
    void redisLimitsWithoutTheirSettingsStopTheStartWithOneLine() throws Exception {
        try (LatchkeyProcess latchkey = LatchkeyProcess.start(
                Map.of("LATCHKEY_DATA_DIR", dataDir.toString(), "LATCHKEY_ADAPTERS_LIMITS", "redis"),
                dataDir.resolve("out.log"))) {

            assertThat(latchkey.awaitExit(Duration.ofSeconds(60)))
                    .as(latchkey.output())
                    .isEqualTo(2);
            assertThat(latchkey.outputLines().stream().filter(line -> line.contains(" ERROR ")))
                    .as(latchkey.output())
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .containsPattern("latchkey cannot start: LATCHKEY_(REDIS_URI|KEY_PEPPER) must be set"
                                    + " when LATCHKEY_ADAPTERS_LIMITS=redis"));
        }
    }
}

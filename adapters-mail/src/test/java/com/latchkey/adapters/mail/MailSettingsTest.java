package com.latchkey.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code LATCHKEY_SMTP_TLS}, and what becomes of the boolean {@code LATCHKEY_SMTP_STARTTLS} it replaces. */
class MailSettingsTest {

    @ParameterizedTest(name = "TLS={0} STARTTLS={1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-         | -     | STARTTLS",
                "starttls  | -     | STARTTLS",
                "' Implicit ' | -  | IMPLICIT",
                "none      | -     | NONE",
                "-         | true  | STARTTLS",
                "implicit  | true  | IMPLICIT",
                "none      | false | NONE",
                "starttls  | false | STARTTLS"
            })
    void tlsModeFromTheSettings(String tls, String legacyStartTls, MailSettings.Tls expected) {
        assertThat(MailSettings.tls(tls, legacyStartTls)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "TLS={0} STARTTLS={1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "ssl   | -     | LATCHKEY_SMTP_TLS must be starttls, implicit or none, not 'ssl'",
                "-     | false | set LATCHKEY_SMTP_TLS=none to send in clear",
                "none  | true  | LATCHKEY_SMTP_TLS=none contradicts LATCHKEY_SMTP_STARTTLS=true",
                "-     | yes   | LATCHKEY_SMTP_STARTTLS is replaced by LATCHKEY_SMTP_TLS"
            })
    void mistakesNameTheSetting(String tls, String legacyStartTls, String message) {
        assertThatThrownBy(() -> MailSettings.tls(tls, legacyStartTls))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "login to {0} without TLS")
    @CsvSource({"smtp.example.com, true", "10.0.0.5, true", "localhost, false", "127.0.0.1, false"})
    void aLoginIsNeverSentInClearAcrossANetwork(String host, boolean refused) {
        Runnable settings =
                () -> new MailSettings.Smtp(host, 25, "mailer", "secret", MailSettings.Tls.NONE, Duration.ofSeconds(5))
                        .requireServer();
        if (refused) {
            assertThatThrownBy(settings::run)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("LATCHKEY_SMTP_TLS=none would send LATCHKEY_SMTP_PASSWORD in clear");
        } else {
            settings.run();
        }
    }
}

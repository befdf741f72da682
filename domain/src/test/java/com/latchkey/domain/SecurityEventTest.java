package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecurityEventTest {

    @Test
    void itsLogLineNamesTheEventWithTheEmailMaskedAndNothingMissingIsInvented() {
        SecurityEvent refused = SecurityEvent.of(
                SecurityEvent.Type.RATE_LIMITED,
                Instant.parse("2026-11-28T10:00:00Z"),
                EmailAddress.of("jane.doe@shop.example"),
                new ClientAddress("203.0.113.9"),
                "key request: request-email:3/PT1H");
        SecurityEvent anonymous =
                SecurityEvent.of(SecurityEvent.Type.AUTHENTICATION_FAILED, Instant.now(), null, null, null);

        assertThat(refused.logLine())
                .isEqualTo("RATE_LIMITED key=- email=j***@shop.example client=203.0.113.9"
                        + " (key request: request-email:3/PT1H)")
                .doesNotContain("jane.doe");
        assertThat(anonymous.logLine()).isEqualTo("AUTHENTICATION_FAILED key=- email=- client=-");
    }

    @Test
    void anEventHoldsMaskedEmailsOnly() {
        assertThatThrownBy(() -> new SecurityEvent(
                        SecurityEvent.Type.VERIFY_FAILED, Instant.now(), null, "jane.doe@shop.example", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

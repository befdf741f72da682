package com.latchkey.bootstrap;

import com.latchkey.application.service.DeliveryPolicy;
import com.latchkey.application.service.RateLimits;
import com.latchkey.application.service.ScopeCatalog;
import com.latchkey.domain.ApiKeyFormat;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The settings the services are built with, each checked at start with an error that names it. */
record LatchkeySettings(
        ApiKeyFormat keyFormat, DeliveryPolicy deliveryPolicy, RateLimits rateLimits, ScopeCatalog scopes) {

    static ApiKeyFormat keyFormat(String prefix) {
        try {
            return ApiKeyFormat.withPrefix(prefix);
        } catch (IllegalArgumentException invalid) {
            throw new ConfigurationException("LATCHKEY_KEY_PREFIX: " + invalid.getMessage());
        }
    }

    /** Reads an ISO-8601 duration such as {@code PT24H}, naming the setting when it is not one. */
    static Duration duration(String setting, String value) {
        try {
            Duration duration = Duration.parse(value.strip());
            if (duration.isNegative() || duration.isZero()) {
                throw new DateTimeParseException("not positive", value, 0);
            }
            return duration;
        } catch (DateTimeParseException malformed) {
            throw new ConfigurationException(
                    setting + " must be a positive ISO-8601 duration such as PT24H or PT30M, not '" + value + "'");
        }
    }
}

package com.latchkey.bootstrap;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code <count>/<ISO-8601 period>} into a {@link RateSetting}. A value that is not one stops
 * the start with one line naming the setting ({@code LATCHKEY_LIMITS_<NAME>}: rate settings live
 * under {@code latchkey.limits} alone).
 */
@Singleton
final class RateSettingConverter implements TypeConverter<CharSequence, RateSetting> {

    /** Bounds far past any sensible limit, within which the buckets' nanosecond arithmetic stays exact. */
    static final long MAX_CAPACITY = 1_000_000_000L;

    static final Duration MAX_PERIOD = Duration.ofDays(366);

    @Override
    public Optional<RateSetting> convert(CharSequence text, Class<RateSetting> target, ConversionContext context) {
        String value = text.toString();
        String[] parts = value.strip().split("/", -1);
        try {
            long capacity = Long.parseLong(parts[0].strip());
            Duration period = Duration.parse(parts[1].strip());
            if (parts.length != 2
                    || capacity < 1
                    || capacity > MAX_CAPACITY
                    || period.isNegative()
                    || period.isZero()
                    || period.compareTo(MAX_PERIOD) > 0) {
                throw new IllegalArgumentException();
            }
            return Optional.of(new RateSetting(capacity, period));
        } catch (RuntimeException malformed) {
            // Thrown, not rejected into the context: a rejection reaches the start's failure as text
            // only, and the start reports a ConfigurationException it finds as one line.
            throw new ConfigurationException(
                    settingOf(context) + " must be <count>/<ISO-8601 period> such as 5/PT15M, not '" + value + "'");
        }
    }

    /** {@code verifyPerEmail} of {@code latchkey.limits} is {@code LATCHKEY_LIMITS_VERIFY_PER_EMAIL}. */
    private static String settingOf(ConversionContext context) {
        if (context instanceof ArgumentConversionContext<?> argument) {
            return "LATCHKEY_LIMITS_"
                    + argument.getArgument()
                            .getName()
                            .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                            .toUpperCase(Locale.ROOT);
        }
        return "a LATCHKEY_LIMITS_* setting";
    }
}

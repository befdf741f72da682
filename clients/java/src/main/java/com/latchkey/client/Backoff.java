package com.latchkey.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The waits between attempts of one {@link RetryPolicy}: {@code Retry-After} honoured, backoff jittered. */
final class Backoff {

    private final RetryPolicy policy;
    private final Clock clock;
    private final RandomGenerator random;

    Backoff(RetryPolicy policy, Clock clock, RandomGenerator random) {
        this.policy = policy;
        this.clock = clock;
        this.random = random;
    }

    /** The wait after failed attempt {@code attempt} (1 for the first) when the service named none. */
    Duration after(int attempt) {
        long ceiling =
                Math.min(policy.maxBackoff().toNanos(), policy.initialBackoff().toNanos() << Math.min(attempt - 1, 30));
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** The wait the service asked for, plus a jitter below the initial backoff so that callers spread. */
    Duration honouring(Duration retryAfter) {
        return retryAfter.plusNanos(random.nextLong(policy.initialBackoff().toNanos()));
    }

    /**
     * A {@code Retry-After} value: seconds, or an HTTP date (a date in the past is no wait). Anything
     * else is no value.
     */
    Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException tooLong) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration until = Duration.between(clock.instant(), at);
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}

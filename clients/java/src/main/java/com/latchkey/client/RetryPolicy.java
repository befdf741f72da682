package com.latchkey.client;

import java.time.Duration;

/**
 * How often and how long the client tries a call again on its own, before it hands back the last
 * answer ({@link RateLimited}, {@link UnexpectedAnswer}) or throws {@link LatchkeyClientException}.
 *
 * <p>What is retried, and when:
 *
 * <ul>
 *   <li>{@code 429} on every call: the service refuses an over-limit call before it does anything.
 *   <li>{@code 503} and I/O failures after the request may have reached the service (a reset
 *       connection, a request timeout) only on the calls that are safe to repeat: key request status
 *       and identify (reads), verify (verifying an active key again changes nothing) and check
 *       access (a read). Never on request key (a second request supersedes the first key and mails
 *       again), request consent (mails the owner again) or revoke (a second revoke of a revoked key
 *       answers {@code 401}).
 *   <li>A connection that could not be made (refused, or the connect timeout) on every call:
 *       nothing was sent.
 * </ul>
 *
 * <p>The wait before attempt {@code n + 1}: the service's {@code Retry-After} (seconds or an HTTP
 * date) when it sent one, plus a jitter below {@code initialBackoff}; otherwise an exponential
 * backoff {@code min(maxBackoff, initialBackoff * 2^(n-1))}, of which a random half is waited
 * ("equal jitter"). When {@code Retry-After} asks for more than {@code maxRetryAfter}, the client
 * does not wait: it returns {@link RateLimited} with that wait at once.
 *
 * @param maxAttempts attempts in all, the first one included (1: no retry)
 * @param initialBackoff the first backoff, doubled for each further attempt
 * @param maxBackoff the longest backoff
 * @param maxRetryAfter the longest {@code Retry-After} the client waits out itself
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 10");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative");
        }
    }

    /** Three attempts, 200 ms doubling up to 2 s, and a {@code Retry-After} of up to 10 s waited out. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** One attempt: every answer and fault goes straight to the caller. */
    public static RetryPolicy none() {
        return defaults().withMaxAttempts(1);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, maxRetryAfter);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max, maxRetryAfter);
    }

    public RetryPolicy withMaxRetryAfter(Duration longest) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, longest);
    }
}

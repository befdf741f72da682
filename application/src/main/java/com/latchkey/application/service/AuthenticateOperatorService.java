package com.latchkey.application.service;

import com.latchkey.application.port.in.AuthenticateOperatorUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the admin token. Both sides are hashed before a constant-time comparison, so neither the
 * time taken nor an early end at a length difference tells anything about the token. Failures are
 * limited per client address; an address over the limit is refused whatever it presents.
 */
public final class AuthenticateOperatorService implements AuthenticateOperatorUseCase {

    private final byte[] tokenHash;
    private final Throttle throttle;
    private final RateLimit failuresPerClient;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public AuthenticateOperatorService(
            String adminToken,
            RateLimitPort rateLimits,
            RateLimit failuresPerClient,
            AuditTrailPort auditTrail,
            Clock clock) {
        if (adminToken == null || adminToken.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the admin token is at least " + MIN_TOKEN_LENGTH + " characters");
        }
        // A token pasted with a trailing newline is the token without it: a presented one is stripped too.
        this.tokenHash = sha256(adminToken.strip());
        this.throttle = new Throttle(rateLimits);
        this.failuresPerClient = Objects.requireNonNull(failuresPerClient, "failuresPerClient");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The shortest admin token accepted (SPEC §10). */
    public static final int MIN_TOKEN_LENGTH = 32;

    @Override
    public Result authenticate(Command command) {
        // An address over its limit is refused before any comparison, the right token too: the
        // token is a secret of a few hundred bits at best, not a 190-bit key, and a guesser must not
        // keep guessing at full speed and still learn when a guess was right. Only that address is refused.
        Bucket failures = Bucket.of(failuresPerClient, command.client());
        Optional<Refusal> over = throttle.firstEmpty(failures);
        if (over.isPresent()) {
            auditTrail.record(over.get().event(clock.instant(), "admin"));
            return new Result.RateLimited(over.get().retryAfter());
        }
        if (MessageDigest.isEqual(tokenHash, sha256(command.presentedToken().strip()))) {
            return new Result.Authenticated();
        }
        Optional<Refusal> refused = throttle.take(failures);
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(clock.instant(), "admin"));
            return new Result.RateLimited(refused.get().retryAfter());
        }
        auditTrail.record(SecurityEvent.of(
                SecurityEvent.Type.AUTHENTICATION_FAILED, clock.instant(), null, command.client(), "admin"));
        return new Result.InvalidCredentials();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is unavailable", impossible);
        }
    }
}

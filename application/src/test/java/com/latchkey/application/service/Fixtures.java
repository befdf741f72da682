package com.latchkey.application.service;

import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.domain.KeyDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final DeliveryPolicy POLICY = new DeliveryPolicy(
            3, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(2), 10, Duration.ofHours(24));

    static final com.latchkey.domain.ClientAddress CLIENT = new com.latchkey.domain.ClientAddress("203.0.113.7");

    /** A plain SHA-256 stands in for the HMAC: what matters here is that equal keys give equal digests. */
    static final KeyDigestPort DIGEST = key -> {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(key.reveal().getBytes(StandardCharsets.UTF_8));
            return new KeyDigest(HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    };

    private Fixtures() {}
}

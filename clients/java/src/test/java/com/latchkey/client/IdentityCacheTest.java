package com.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.client.ScriptedServer.Reply;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdentityCacheTest {

    static final ApiKey KEY = RetryTest.KEY;
    final TestClock clock = new TestClock(Instant.parse("2026-11-28T10:00:00Z"));

    LatchkeyClient.Builder client(ScriptedServer server) {
        return LatchkeyClient.builder(server.url()).retries(RetryPolicy.none()).clock(clock);
    }

    @Test
    void offByDefaultEveryIdentifyAsksTheService() throws Exception {
        try (var server = new ScriptedServer(Reply.json(200, RetryTest.IDENTITY));
                var client = client(server).build()) {
            client.identify(KEY);
            client.identify(KEY);
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void anIdentityIsAnsweredAgainWithinItsTimeToLiveThenAskedAfresh() throws Exception {
        try (var server = new ScriptedServer(Reply.json(200, RetryTest.IDENTITY));
                var client =
                        client(server).identityCache(Duration.ofSeconds(30)).build()) {

            IdentifyResult first = client.identify(KEY);
            clock.advance(Duration.ofSeconds(29));
            IdentifyResult cached = client.identify(KEY);

            assertThat(cached).isEqualTo(first).isInstanceOf(IdentifyResult.Identified.class);
            assertThat(server.received()).hasSize(1);

            clock.advance(Duration.ofSeconds(1));
            client.identify(KEY);
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void refusalsAreNeverKept() throws Exception {
        try (var server = new ScriptedServer(Reply.problem(401, "INVALID_CREDENTIALS"));
                var client = client(server).identityCache(Duration.ofMinutes(1)).build()) {
            assertThat(client.identify(KEY)).isEqualTo(new InvalidCredentials());
            assertThat(client.identify(KEY)).isEqualTo(new InvalidCredentials());
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void aRevokeThroughTheClientForgetsTheKeyAtOnce() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.json(200, RetryTest.IDENTITY),
                        Reply.json(200, "{\"keyId\":\"0d7f6f0c-9a3e-4f7e-8a53-5b8c2f1f3c22\",\"status\":\"REVOKED\"}"),
                        Reply.problem(401, "INVALID_CREDENTIALS"));
                var client = client(server).identityCache(Duration.ofMinutes(1)).build()) {
            client.identify(KEY);
            client.revoke(KEY);
            assertThat(client.identify(KEY)).isEqualTo(new InvalidCredentials());
            assertThat(server.received()).hasSize(3);
        }
    }

    @Test
    void theCacheHoldsADigestOfTheKeyNeverTheKeyAndNoPlainDigestOfIt() throws Exception {
        IdentityCache cache = new IdentityCache(Duration.ofMinutes(1), 10, clock);
        cache.put(
                KEY,
                new IdentifyResult.Identified(
                        java.util.UUID.randomUUID(), "s-1", "ACTIVE", clock.instant(), java.util.List.of()));

        String plainDigest = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(KEY.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(cache.digests())
                .singleElement()
                .satisfies(digest -> assertThat(digest)
                        .doesNotContain(KEY.value())
                        .isNotEqualTo(plainDigest)
                        .hasSize(64));
    }

    @Test
    void theLeastRecentlyUsedKeysGoFirstPastTheBound() {
        IdentityCache cache = new IdentityCache(Duration.ofMinutes(1), 2, clock);
        var identity = new IdentifyResult.Identified(
                java.util.UUID.randomUUID(), "s-1", "ACTIVE", clock.instant(), java.util.List.of());
        ApiKey a = ApiKey.of("eck_a"), b = ApiKey.of("eck_b"), c = ApiKey.of("eck_c");
        cache.put(a, identity);
        cache.put(b, identity);
        cache.get(a);
        cache.put(c, identity);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(a)).isPresent();
        assertThat(cache.get(b)).isEmpty();
        assertThat(cache.get(c)).isPresent();
    }
}

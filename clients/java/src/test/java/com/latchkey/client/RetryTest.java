package com.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.client.ScriptedServer.Reply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Retries against a real HTTP server: what is sent again, how long the client waits (recorded by the
 * sleeper, not spent), and when it gives the answer back instead.
 */
class RetryTest {

    static final ApiKey KEY = ApiKey.of("eck_0123456789abcdefghijABCDEFGHIJ01abcdef");
    static final String IDENTITY = "{\"keyId\":\"0d7f6f0c-9a3e-4f7e-8a53-5b8c2f1f3c22\",\"storeId\":\"s-1\","
            + "\"status\":\"ACTIVE\",\"verifiedAt\":\"2026-11-27T10:00:00Z\",\"scopes\":[]}";
    static final String ACCEPTED = "{\"requestId\":\"6f1c1f9e-2f4e-4c55-9a55-0b0e4c1d2a11\",\"status\":\"PENDING\","
            + "\"message\":\"Check your email inbox.\"}";
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final TestClock clock = new TestClock(NOW);

    /** No jitter: the random source always draws its least value. */
    LatchkeyClient.Builder client(URI url, RetryPolicy policy) {
        return LatchkeyClient.builder(url)
                .retries(policy)
                .clock(clock)
                .random(() -> 0L)
                .sleeper(waits::add);
    }

    static RetryPolicy policy(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(10));
    }

    @Test
    void aRateLimitedCallIsSentAgainAfterTheSecondsOfRetryAfter() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.problem(429, "RATE_LIMITED").with("Retry-After", "2"), Reply.json(200, IDENTITY));
                var client = client(server.url(), policy(3)).build()) {

            IdentifyResult result = client.identify(KEY);

            assertThat(result).isInstanceOf(IdentifyResult.Identified.class);
            assertThat(server.received()).hasSize(2);
            assertThat(waits).containsExactly(Duration.ofSeconds(2));
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsWaitedUntil() throws Exception {
        String inThreeSeconds =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(3).atOffset(ZoneOffset.UTC));
        try (var server = new ScriptedServer(
                        Reply.problem(429, "RATE_LIMITED").with("Retry-After", inThreeSeconds),
                        Reply.json(200, IDENTITY));
                var client = client(server.url(), policy(3)).build()) {

            assertThat(client.identify(KEY)).isInstanceOf(IdentifyResult.Identified.class);
            assertThat(waits).containsExactly(Duration.ofSeconds(3));
        }
    }

    @Test
    void theWaitOnTopOfRetryAfterIsAJitterBelowTheInitialBackoff() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.problem(429, "RATE_LIMITED").with("Retry-After", "1"), Reply.json(200, IDENTITY));
                var client = LatchkeyClient.builder(server.url())
                        .retries(policy(2))
                        .sleeper(waits::add)
                        .build()) {

            client.identify(KEY);

            assertThat(waits)
                    .singleElement()
                    .satisfies(wait -> assertThat(wait)
                            .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                            .isLessThan(Duration.ofMillis(1100)));
        }
    }

    @Test
    void aRetryAfterLongerThanThePolicyTakesIsHandedBackAtOnce() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.problem(429, "RATE_LIMITED").with("Retry-After", "3600"), Reply.json(200, IDENTITY));
                var client = client(server.url(), policy(3)).build()) {

            IdentifyResult result = client.identify(KEY);

            assertThat(result).isEqualTo(new RateLimited(Duration.ofHours(1)));
            assertThat(server.received()).hasSize(1);
            assertThat(waits).isEmpty();
        }
    }

    @Test
    void attemptsAreCappedAndTheLastAnswerIsTheCallers() throws Exception {
        try (var server = new ScriptedServer(Reply.problem(429, "RATE_LIMITED").with("Retry-After", "1"));
                var client = client(server.url(), policy(3)).build()) {

            VerifyResult result = client.verify("jane@shop.example", KEY);

            assertThat(result).isEqualTo(new RateLimited(Duration.ofSeconds(1)));
            assertThat(server.received()).hasSize(3);
            assertThat(waits).hasSize(2);
        }
    }

    @Test
    void withoutRetryAfterTheBackoffDoublesUpToItsCeiling() throws Exception {
        try (var server = new ScriptedServer(Reply.problem(503, "SERVICE_UNAVAILABLE"));
                var client = client(server.url(), policy(5)).build()) {

            IdentifyResult result = client.identify(KEY);

            assertThat(result).isEqualTo(new UnexpectedAnswer(503, "SERVICE_UNAVAILABLE", "Said by the service."));
            assertThat(server.received()).hasSize(5);
            // equal jitter drawing its least: half of 100, 200, 300 (the ceiling), 300 ms
            assertThat(waits)
                    .containsExactly(
                            Duration.ofMillis(50),
                            Duration.ofMillis(100),
                            Duration.ofMillis(150),
                            Duration.ofMillis(150));
        }
    }

    @Test
    void aServiceUnavailableKeyRequestIsNotSentAgain() throws Exception {
        try (var server = new ScriptedServer(Reply.problem(503, "SERVICE_UNAVAILABLE"), Reply.json(202, ACCEPTED));
                var client = client(server.url(), policy(3)).build()) {

            KeyRequestResult result = client.requestKey("Jane Doe", "jane@shop.example");

            assertThat(result).isInstanceOf(UnexpectedAnswer.class);
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aRateLimitedKeyRequestIsSentAgainForTheServiceDidNothing() throws Exception {
        try (var server = new ScriptedServer(
                        Reply.problem(429, "RATE_LIMITED").with("Retry-After", "1"), Reply.json(202, ACCEPTED));
                var client = client(server.url(), policy(3)).build()) {

            KeyRequestResult result = client.requestKey("Jane Doe", "jane@shop.example");

            assertThat(result).isInstanceOf(KeyRequestResult.Accepted.class);
            assertThat(server.received()).hasSize(2);
            assertThat(server.received().get(1).body())
                    .isEqualTo(server.received().get(0).body());
        }
    }

    @Test
    void aRequestThatTimesOutIsSentAgainOnlyWhenItIsSafeToRepeat() throws Exception {
        try (var server = new ScriptedServer(Reply.HANG);
                var client = client(server.url(), policy(3))
                        .requestTimeout(Duration.ofMillis(300))
                        .build()) {

            assertThatThrownBy(() -> client.revoke(KEY))
                    .isInstanceOf(LatchkeyClientException.class)
                    .hasMessage("POST /api/v1/keys/revoke failed after 1 attempt: HttpTimeoutException");
            assertThat(server.received()).hasSize(1);

            assertThatThrownBy(() -> client.identify(KEY))
                    .isInstanceOf(LatchkeyClientException.class)
                    .hasMessage("GET /api/v1/integrations/me failed after 3 attempts: HttpTimeoutException");
            assertThat(server.received()).hasSize(4);
        }
    }

    @Test
    void aServiceThatCannotBeReachedIsTriedAgainForEveryCallThenAFault() throws Exception {
        URI nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (var client = client(nobody, policy(3)).build()) {

            assertThatThrownBy(() -> client.requestKey("Jane Doe", "jane@shop.example"))
                    .isInstanceOf(LatchkeyClientException.class)
                    .hasMessage("POST /api/v1/key-requests failed after 3 attempts: ConnectException");
            assertThat(waits).hasSize(2);
        }
    }

    @Test
    void noRetryPolicySendsOnce() throws Exception {
        try (var server = new ScriptedServer(Reply.problem(429, "RATE_LIMITED").with("Retry-After", "1"));
                var client = client(server.url(), RetryPolicy.none()).build()) {

            assertThat(client.identify(KEY)).isEqualTo(new RateLimited(Duration.ofSeconds(1)));
            assertThat(server.received()).hasSize(1);
            assertThat(waits).isEmpty();
        }
    }
}

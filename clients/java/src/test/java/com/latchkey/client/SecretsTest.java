package com.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A key or secret shows in no string the client makes. */
class SecretsTest {

    static final ApiKey KEY = RetryTest.KEY;

    @Test
    void aKeyPrintsItsHintOnly() {
        assertThat(KEY.toString()).isEqualTo("ApiKey[eck_0123…]").doesNotContain(KEY.value());
        assertThat(KEY.hint()).isEqualTo("eck_0123…");
    }

    @Test
    void integrationCredentialsPrintTheIdOnly() {
        var credentials = new IntegrationCredentials("acme-crm", "eci_topsecret");
        assertThat(credentials.toString()).contains("acme-crm").doesNotContain("eci_topsecret");
    }

    @Test
    void aFaultNamesTheCallButNeverTheKey() throws Exception {
        URI nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (var client = LatchkeyClient.builder(nobody)
                .retries(RetryPolicy.none())
                .connectTimeout(Duration.ofSeconds(1))
                .build()) {
            Throwable fault = catchThrowable(() -> client.verify("jane@shop.example", KEY));

            assertThat(fault).isInstanceOf(LatchkeyClientException.class).hasMessageContaining("verify");
            for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).doesNotContain(KEY.value());
                assertThat(cause.toString()).doesNotContain(KEY.value());
            }
            assertThat(client.toString()).doesNotContain(KEY.value());
        }
    }
}

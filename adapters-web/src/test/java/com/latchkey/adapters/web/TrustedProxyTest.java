package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** Behind a trusted proxy, the client is the right-most untrusted address the proxy forwarded. */
@MicronautTest
@Property(name = "latchkey.trusted-proxies", value = "127.0.0.1, ::1")
class TrustedProxyTest {

    @Inject
    EmbeddedServer server;

    @Inject
    FakeUseCases useCases;

    @Test
    void forwardedForIsBelievedFromATrustedPeer() throws Exception {
        useCases.presented.clear();
        Http http = new Http(server.getURL());

        http.send(HttpRequest.newBuilder(http.uri("/api/v1/integrations/me"))
                .header("Authorization", "Bearer x")
                .header("X-Forwarded-For", "203.0.113.50, 198.51.100.7, 127.0.0.1"));

        assertThat(useCases.presented.get(0).client().value()).isEqualTo("198.51.100.7");
    }
}

package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * SPEC §7: every use case may reach the database, the limit store or SMTP, so none is called on an
 * HTTP event loop: each runs on a virtual thread of Micronaut's blocking executor.
 */
@MicronautTest
class UseCaseThreadsTest {

    @Inject
    EmbeddedServer server;

    @Inject
    FakeUseCases useCases;

    @Test
    void everyApiRouteCallsItsUseCaseOnAVirtualThread() throws Exception {
        Http http = new Http(server.getURL());
        useCases.callers.clear();

        http.postJson("/api/v1/key-requests", "{\"name\":\"Jane\",\"email\":\"jane@shop.example\"}");
        http.get("/api/v1/key-requests/" + FakeUseCases.KNOWN_REQUEST);
        http.postJson("/api/v1/keys/verify", "{\"email\":\"jane@shop.example\",\"apiKey\":\"good-key\"}");
        http.send(HttpRequest.newBuilder(http.uri("/api/v1/integrations/me"))
                .header("Authorization", "Bearer active-key"));
        http.send(HttpRequest.newBuilder(http.uri("/api/v1/keys/revoke"))
                .header("Authorization", "Bearer active-key")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(useCases.callers)
                .hasSize(5)
                .allSatisfy(thread -> assertThat(thread.isVirtual())
                        .as("%s is a virtual thread", thread)
                        .isTrue());
    }
}
